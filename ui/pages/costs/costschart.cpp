#include "pages/costs/costschart.h"

#include "costs/costreport.h"
#include "costtablemodel.h"
#include "widgets/statuschip.h"
#include "theme.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QCursor>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QPainter>
#include <QStackedBarSeries>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>

namespace opsdeck {

CostsChart::CostsChart(const CostTableModel &table, QWidget *parent)
    : QChartView(new QChart, parent), m_table(table)
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(420, 260);
    chart()->legend()->setAlignment(Qt::AlignBottom);
}

CostsChart::~CostsChart() = default;

void CostsChart::rebuild(const CostReport &report, int days)
{
    QChart *chart = this->chart();
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
    const CostBreakdown &b = m_table.breakdown();
    m_bars = new QStackedBarSeries;
    for (qsizetype k = 0; k < b.keys.size(); ++k) {
        auto *set = new QBarSet(m_table.headerData(int(k) + 1, Qt::Horizontal, Qt::DisplayRole).toString());
        for (qsizetype d = 0; d < b.days.size(); ++d)
            set->append(static_cast<double>(b.cents[d][k]) / 100.0);
        m_bars->append(set);
    }
    chart->addSeries(m_bars);
    // Spike days keep their provider colours (which provider caused it is the point) and get a marker
    // above the bar, named in the legend.
    const QColor bad = StatusChip::color(Tone::Bad);
    QStringList categories;
    qint64 maxCents = 0;
    for (qsizetype d = 0; d < b.days.size(); ++d) {
        const bool spike = std::any_of(report.spikes.cbegin(), report.spikes.cend(), [&](const Spike &s) { return s.day == b.days[d]; });
        categories << b.days[d].toString(QStringLiteral("MM-dd")) + (spike ? QStringLiteral(" ▲") : QString());
        maxCents = std::max(maxCents, b.totalCents[d]);
    }
    auto *x = new QBarCategoryAxis;
    x->append(categories);
    x->setTruncateLabels(false);
    if (categories.size() > 10)
        x->setLabelsAngle(-90);
    auto *y = new QValueAxis;
    const double threshold = report.thresholdUsd;
    y->setRange(0, std::max(static_cast<double>(maxCents) / 100.0, threshold) * 1.15);
    y->applyNiceNumbers();
    y->setLabelFormat(QStringLiteral("$%.0f"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    themeChart(chart);
    m_bars->attachAxis(x);
    m_bars->attachAxis(y);
    auto *line = new QLineSeries;
    line->setName(tr("%1/day").arg(CostTableModel::formatUsd(threshold)));
    line->append(0, threshold);
    line->append(std::max<qsizetype>(1, b.days.size() - 1), threshold);
    QPen pen(bad);
    pen.setStyle(Qt::DashLine);
    pen.setWidth(2);
    line->setPen(pen);
    chart->addSeries(line);
    line->attachAxis(x);
    line->attachAxis(y);
    if (!report.spikes.isEmpty()) {
        auto *markers = new QScatterSeries;
        markers->setName(tr("Spike"));
        markers->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
        markers->setMarkerSize(12);
        markers->setColor(bad);
        markers->setBorderColor(bad);
        const double lift = y->max() * 0.04;
        for (const Spike &spike : report.spikes)
            if (const qsizetype d = b.days.indexOf(spike.day); d >= 0)
                markers->append(double(d), static_cast<double>(b.totalCents[d]) / 100.0 + lift);
        chart->addSeries(markers);
        markers->attachAxis(x);
        markers->attachAxis(y);
    }
    chart->setTitle(tr("Daily spend, last %n days (UTC)", nullptr, days));
    chart->legend()->setVisible(true);
    // The limit reads as a dashed line and the spike as its triangle; the providers keep their squares.
    chart->legend()->setMarkerShape(QLegend::MarkerShapeRectangle);
    for (QLegendMarker *marker : chart->legend()->markers())
        if (marker->series() != m_bars)
            marker->setShape(QLegend::MarkerShapeFromSeries);
    connect(m_bars, &QStackedBarSeries::hovered, this, [this](bool on, int index, QBarSet *set) {
        if (!on) {
            QToolTip::hideText();
            return;
        }
        m_hoverText = barTip(index, int(m_bars->barSets().indexOf(set)));
        setToolTip(m_hoverText);
        QToolTip::showText(QCursor::pos(), m_hoverText, this);
    });
}

QString CostsChart::barTip(int dayIndex, int key) const
{
    const CostBreakdown &b = m_table.breakdown();
    if (dayIndex < 0 || dayIndex >= b.days.size() || key < 0 || key >= b.keys.size())
        return {};
    const int row = m_table.rowOfDay(b.days[dayIndex]);
    QString tip = b.days[dayIndex].toString(QStringLiteral("ddd yyyy-MM-dd")) + QLatin1Char('\n')
                  + m_table.headerData(key + 1, Qt::Horizontal, Qt::DisplayRole).toString() + QStringLiteral(": ")
                  + m_table.index(row, key + 1).data().toString() + QLatin1Char('\n') + tr("Day total: %1")
                  .arg(m_table.index(row, m_table.totalColumn()).data().toString());
    const QString note = m_table.index(row, m_table.noteColumn()).data().toString();
    return note.isEmpty() ? tip : tip + QLatin1Char('\n') + note;
}

} // namespace opsdeck
