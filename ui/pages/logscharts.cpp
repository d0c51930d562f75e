#include "pages/logscharts.h"

#include "logs/loganalysis.h"
#include "logsseries.h"

#include "theme.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTimeAxis>
#include <QHBoxLayout>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>

namespace opsdeck {

namespace {

QChart *emptyChart(const QString &title)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    return chart;
}

// QChartView::setChart() releases the previous chart without deleting it.
void replaceChart(QChartView *view, QChart *chart)
{
    QChart *old = view->chart();
    themeChart(chart);
    view->setChart(chart);
    delete old;
}

} // namespace

LogsCharts::LogsCharts(QWidget *parent)
    : QWidget(parent), m_latency(new QChartView(emptyChart(tr("Request time")), this)),
      m_throughput(new QChartView(emptyChart(tr("Requests over time")), this))
{
    m_latency->setObjectName(QStringLiteral("latencyChart"));
    m_throughput->setObjectName(QStringLiteral("throughputChart"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QChartView *v : {m_latency, m_throughput}) {
        v->setRenderHint(QPainter::Antialiasing);
        v->setMinimumHeight(220);
        layout->addWidget(v, 1);
    }
}

void LogsCharts::clear()
{
    replaceChart(m_latency, emptyChart(tr("Request time")));
    replaceChart(m_throughput, emptyChart(tr("Requests over time")));
}

void LogsCharts::setAnalysis(const LogAnalysis &analysis)
{
    QChart *latency = emptyChart(tr("Request time (requests per bucket)"));
    const QList<LogsSeries::Bar> bars = LogsSeries::latencyBars(analysis);
    if (!bars.isEmpty()) {
        auto *set = new QBarSet(tr("Requests"));
        QStringList labels;
        qreal top = 1;
        for (const LogsSeries::Bar &b : bars) {
            *set << b.count;
            labels << b.label;
            top = std::max(top, b.count);
        }
        auto *series = new QBarSeries;
        series->append(set);
        latency->addSeries(series);
        auto *x = new QBarCategoryAxis;
        x->append(labels);
        x->setTitleText(tr("request time, ms (upper bound of each bucket)"));
        auto *y = new QValueAxis;
        y->setRange(0, top * 1.1);
        y->setLabelFormat(QStringLiteral("%.0f"));
        latency->addAxis(x, Qt::AlignBottom);
        latency->addAxis(y, Qt::AlignLeft);
        series->attachAxis(x);
        series->attachAxis(y);
    } else {
        latency->setTitle(tr("Request time: not in this log format"));
    }
    replaceChart(m_latency, latency);

    const QString per = analysis.throughputBucketSeconds >= 3600 ? tr("%n h", nullptr, analysis.throughputBucketSeconds / 3600)
                                                                 : tr("%n min", nullptr, analysis.throughputBucketSeconds / 60);
    QChart *throughput = emptyChart(tr("Requests per %1").arg(per));
    const QList<QPointF> points = LogsSeries::throughput(analysis);
    if (!points.isEmpty()) {
        auto *series = new QLineSeries;
        series->append(points);
        throughput->addSeries(series);
        auto *x = new QDateTimeAxis;
        x->setFormat(points.last().x() - points.first().x() > 2 * 86'400'000.0 ? QStringLiteral("MMM d") : QStringLiteral("HH:mm"));
        x->setRange(QDateTime::fromMSecsSinceEpoch(qint64(points.first().x()), Qt::UTC),
                    QDateTime::fromMSecsSinceEpoch(qint64(points.last().x()), Qt::UTC));
        auto *y = new QValueAxis;
        qreal top = 1;
        for (const QPointF &p : points)
            top = std::max(top, p.y());
        y->setRange(0, top * 1.1);
        y->setLabelFormat(QStringLiteral("%.0f"));
        throughput->addAxis(x, Qt::AlignBottom);
        throughput->addAxis(y, Qt::AlignLeft);
        series->attachAxis(x);
        series->attachAxis(y);
    }
    replaceChart(m_throughput, throughput);
}

} // namespace opsdeck
