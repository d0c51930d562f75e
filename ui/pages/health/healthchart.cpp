#include "pages/health/healthchart.h"

#include "theme.h"

#include <QChart>
#include <QDateTimeAxis>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>

namespace opsdeck {

HealthChart::HealthChart(QWidget *parent) : QChartView(new QChart, parent)
{
    setObjectName(QStringLiteral("healthChart"));
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(200);
    chart()->setMargins(QMargins(4, 4, 4, 4));
    chart()->setTitle(tr("Latency"));
    chart()->legend()->hide();
    themeChart(chart());
}

HealthChart::~HealthChart() = default;

int HealthChart::pointCount(const QString &url) const
{
    for (const auto &[name, count] : m_points)
        if (name == url)
            return count;
    return 0;
}

int HealthChart::downCount() const { return m_downs; }

void HealthChart::setData(const QList<HealthChartSeries> &series, const QDateTime &from, const QDateTime &to,
                          double thresholdMs)
{
    auto *chart = new QChart;
    chart->setMargins(QMargins(4, 4, 4, 4));
    const bool week = from.secsTo(to) > 2 * 86'400;
    chart->setTitle(week ? tr("Latency, last 7 days (ms, UTC)") : tr("Latency, last 24 hours (ms, UTC)"));
    m_points.clear();
    m_downs = 0;
    double top = 100;
    auto *x = new QDateTimeAxis;
    x->setFormat(week ? QStringLiteral("MMM d") : QStringLiteral("HH:mm"));
    x->setRange(from.toUTC(), to.toUTC());
    x->setTickCount(week ? 9 : 6);
    auto *y = new QValueAxis;
    y->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);

    QList<QDateTime> downs;
    for (const HealthChartSeries &s : series) {
        auto *line = new QLineSeries;
        line->setName(s.url);
        line->setPointsVisible(s.latencyMs.size() < 60);  // a few probes read as dots, not a lone segment
        int count = 0;
        for (const auto &[at, ms] : s.latencyMs) {
            if (at < from || at > to)
                continue;
            line->append(double(at.toMSecsSinceEpoch()), ms);
            top = std::max(top, ms * 1.1);
            ++count;
        }
        m_points.append({s.url, count});
        chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
        for (const QDateTime &at : s.downAt)
            if (at >= from && at <= to)
                downs << at;
    }
    // Scaled to the data: a 2 s threshold over probes of 100 ms would flatten them. The threshold is
    // drawn when it is near the data, else the legend says it is above.
    const bool thresholdShown = thresholdMs > 0 && thresholdMs <= top * 2;
    if (thresholdShown)
        top = std::max(top, thresholdMs * 1.1);
    y->setRange(0, top);
    y->applyNiceNumbers();

    const QColor bad = toneTextColor(Tone::Bad, palette());
    auto *limit = new QLineSeries;
    limit->setName(thresholdShown ? tr("P95 alert at %1 ms").arg(thresholdMs, 0, 'f', 0)
                                  : tr("P95 alert at %1 ms (above the chart)").arg(thresholdMs, 0, 'f', 0));
    if (thresholdShown) {
        limit->append(double(from.toMSecsSinceEpoch()), thresholdMs);
        limit->append(double(to.toMSecsSinceEpoch()), thresholdMs);
    }
    QPen pen(bad);
    pen.setStyle(Qt::DashLine);
    pen.setWidth(2);
    limit->setPen(pen);
    chart->addSeries(limit);
    limit->attachAxis(x);
    limit->attachAxis(y);
    m_thresholdShown = thresholdShown;

    if (!downs.isEmpty()) {
        auto *down = new QScatterSeries;
        down->setName(tr("Down"));
        down->setMarkerShape(QScatterSeries::MarkerShapeRotatedRectangle);
        down->setMarkerSize(9);
        down->setColor(bad);
        down->setBorderColor(bad);
        for (const QDateTime &at : downs)
            down->append(double(at.toMSecsSinceEpoch()), 0);
        m_downs = int(downs.size());
        chart->addSeries(down);
        down->attachAxis(x);
        down->attachAxis(y);
    }
    m_yMax = y->max();
    chart->legend()->setVisible(true);
    chart->legend()->setAlignment(Qt::AlignBottom);
    for (QLegendMarker *marker : chart->legend()->markers())
        marker->setShape(QLegend::MarkerShapeFromSeries);
    QChart *old = this->chart();
    themeChart(chart);
    setChart(chart);
    delete old;
}

} // namespace opsdeck
