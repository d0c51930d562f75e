#include "logsseries.h"

#include <cmath>

namespace opsdeck {

namespace {

QString number(double v, int decimals = 0) { return QString::number(v, 'f', decimals); }

QString msText(double ms) { return ms >= 1000 ? number(ms / 1000.0, 2) + QStringLiteral(" s") : number(ms, 0) + QStringLiteral(" ms"); }

QString boundText(double ms) { return ms >= 1000 ? number(ms / 1000.0) + QStringLiteral("s") : number(ms); }

// "+12 % vs last week"; worse when the figure grew and growth is bad (or shrank and shrinking is bad).
QString delta(double now, double before, bool growthIsBad, bool *worse)
{
    if (before == 0 && now == 0)
        return LogsSeries::tr("same as last week");
    if (before == 0)
        return LogsSeries::tr("new since last week");
    const double change = 100.0 * (now - before) / before;
    *worse = growthIsBad ? change > 5 : change < -5;
    return LogsSeries::tr("%1%2 % vs last week").arg(change >= 0 ? QStringLiteral("+") : QString(), number(change, std::abs(change) < 10 ? 1 : 0));
}

} // namespace

QList<LogsSeries::Bar> LogsSeries::latencyBars(const LogAnalysis &a)
{
    // Short labels so that a dozen fit under a chart: "<25" is 10-25 ms, "≥10s" the open end.
    QList<Bar> bars;
    for (const LatencyBucket &b : a.latencyHistogram)
        bars << Bar{b.toMs < 0 ? QStringLiteral("≥") + boundText(b.fromMs) : QStringLiteral("<") + boundText(b.toMs), qreal(b.count)};
    return bars;
}

QList<QPointF> LogsSeries::throughput(const LogAnalysis &a)
{
    QList<QPointF> points;
    points.reserve(a.throughput.size());
    for (const ThroughputPoint &p : a.throughput)
        points << QPointF(qreal(p.start.toMSecsSinceEpoch()), qreal(p.requests));
    return points;
}

QList<LogsSeries::Card> LogsSeries::cards(const LogAnalysis &a, const std::optional<LogSnapshot> &lastWeek)
{
    QList<Card> cards;
    auto add = [&](const QString &id, const QString &title, const QString &value, std::optional<double> now,
                   std::optional<double> before, bool growthIsBad) {
        Card c{id, title, value, QString(), false};
        if (now && before)
            c.delta = delta(*now, *before, growthIsBad, &c.worse);
        cards << c;
    };
    const auto was = [&lastWeek](auto member) -> std::optional<double> {
        if (!lastWeek)
            return std::nullopt;
        return member(*lastWeek);
    };
    add(QStringLiteral("requests"), tr("Requests"), QStringLiteral("%L1").arg(a.requests), double(a.requests),
        was([](const LogSnapshot &s) -> std::optional<double> { return s.requests; }), false);
    add(QStringLiteral("errorRate"), tr("Error rate (5xx)"), number(a.errorRate * 100.0, 2) + QStringLiteral(" %"),
        a.errorRate * 100.0, was([](const LogSnapshot &s) -> std::optional<double> { return s.errorRatePercent; }), true);
    const std::optional<LatencySummary> l = a.latency;
    add(QStringLiteral("p50"), tr("P50"), l ? msText(l->p50Ms) : tr("n/a"), l ? std::optional(l->p50Ms) : std::nullopt,
        was([](const LogSnapshot &s) { return s.p50Ms; }), true);
    add(QStringLiteral("p95"), tr("P95"), l ? msText(l->p95Ms) : tr("n/a"), l ? std::optional(l->p95Ms) : std::nullopt,
        was([](const LogSnapshot &s) { return s.p95Ms; }), true);
    add(QStringLiteral("p99"), tr("P99"), l ? msText(l->p99Ms) : tr("n/a"), l ? std::optional(l->p99Ms) : std::nullopt,
        was([](const LogSnapshot &s) { return s.p99Ms; }), true);
    add(QStringLiteral("auth"), tr("401 / 403"), QStringLiteral("%1 / %2").arg(a.status401).arg(a.status403),
        double(a.status401 + a.status403),
        was([](const LogSnapshot &s) -> std::optional<double> { return s.status401 + s.status403; }), true);
    return cards;
}

} // namespace opsdeck
