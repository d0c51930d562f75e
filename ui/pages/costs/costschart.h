#pragma once

#include <QChartView>
#include <QString>

class QStackedBarSeries;

namespace opsdeck {

class CostTableModel;
struct CostReport;

// Daily spend as stacked bars (one set per column of the cost table: provider or model), spike
// days in shades of the Bad tone and marked ▲, the daily threshold as a dashed line, and a
// tooltip per bar that repeats the table's figures.
class CostsChart : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostsChart)
public:
    // table outlives the chart; the bars are drawn from its breakdown.
    explicit CostsChart(const CostTableModel &table, QWidget *parent = nullptr);
    ~CostsChart() override;

    // Draws the table's current breakdown with the report's spikes and threshold.
    void rebuild(const CostReport &report, int days);

    QStackedBarSeries *barSeries() const { return m_bars; }
    QString hoverText() const { return m_hoverText; }
    // The tooltip for one bar (day index in the period, oldest first; key index).
    QString barTip(int dayIndex, int key) const;

private:
    const CostTableModel &m_table;
    QStackedBarSeries *m_bars = nullptr;
    QString m_hoverText;
};

} // namespace opsdeck
