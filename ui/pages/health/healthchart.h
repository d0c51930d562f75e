#pragma once

#include <QChartView>
#include <QDateTime>
#include <QList>
#include <QString>

#include <utility>

namespace opsdeck {

// The stored probes of one URL, for the chart.
struct HealthChartSeries {
    QString url;
    QList<std::pair<QDateTime, double>> latencyMs;  // oldest first
    QList<QDateTime> downAt;                        // probes that failed (no latency, or an error status)
};

// Latency over time, the full width of the Health page: one line per URL, failed probes as red
// crosses along the bottom, the P95 alert threshold as a dashed line. The window is the last 24 h or
// 7 days, ending now.
class HealthChart : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HealthChart)
public:
    explicit HealthChart(QWidget *parent = nullptr);
    ~HealthChart() override;

    void setData(const QList<HealthChartSeries> &series, const QDateTime &from, const QDateTime &to, double thresholdMs);

    // What is drawn, as a user reads it: points per URL line, failed probes, and the y range's top.
    int pointCount(const QString &url) const;
    int downCount() const;
    double yMax() const { return m_yMax; }
    bool thresholdShown() const { return m_thresholdShown; }

private:
    QList<std::pair<QString, int>> m_points;
    int m_downs = 0;
    double m_yMax = 0;
    bool m_thresholdShown = false;
};

} // namespace opsdeck
