#pragma once

#include <QWidget>

class QChartView;

namespace opsdeck {

struct LogAnalysis;

// The latency histogram and the requests-over-time chart of an analysis.
class LogsCharts : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogsCharts)
public:
    explicit LogsCharts(QWidget *parent = nullptr);

    void setAnalysis(const LogAnalysis &analysis);
    void clear();
    QChartView *latencyView() const { return m_latency; }
    QChartView *throughputView() const { return m_throughput; }

private:
    QChartView *m_latency;
    QChartView *m_throughput;
};

} // namespace opsdeck
