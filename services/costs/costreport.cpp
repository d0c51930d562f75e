#include "costs/costreport.h"

#include <QJsonArray>

#include <cmath>

#include <algorithm>

namespace opsdeck {

namespace {
QJsonValue usdOrNull(const std::optional<double> &v) { return v ? QJsonValue(roundUsd(*v)) : QJsonValue(); }
} // namespace

double roundUsd(double usd) { return std::round(usd * 1e6) / 1e6; }

QDate costHistoryStart(const CostReportOptions &options)
{
    const int days = std::max(options.days, 1);
    const QDate from = options.today.addDays(-(days - 1));
    const QDate medianStart = from.addDays(-options.spikeRule.trailingDays);
    const QDate monthStart(options.today.year(), options.today.month(), 1);
    return std::min({medianStart, monthStart, from.addDays(-days)});
}

CostReport buildCostReport(const CostSeries &history, const CostReportOptions &options)
{
    CostReport r;
    r.to = options.today;
    r.from = options.today.addDays(-(std::max(options.days, 1) - 1));
    r.period = history.between(r.from, r.to);
    const CostSeries full = history.between(std::min(history.from().isValid() ? history.from() : r.from, r.from), r.to);
    const QList<DailyTotal> all = dailyTotals(full);
    r.spikes = detectSpikes(all, options.spikeRule, r.from);
    r.dailyTotals = dailyTotals(r.period);
    r.month = monthOutlook(all, options.today);
    r.activeUsers = options.activeUsers;
    if (r.activeUsers)
        r.per100UsersUsd = costPer100Users(r.month.forecastUsd, r.activeUsers->users);
    r.totalUsd = r.period.totalUsd();
    const int days = std::max(options.days, 1);
    const QDate previousFrom = r.from.addDays(-days);
    if (history.from().isValid() && history.from() <= previousFrom) {
        const CostSeries previous = history.between(previousFrom, r.from.addDays(-1));
        if (!previous.isEmpty())
            r.previousTotalUsd = previous.totalUsd();
    }
    r.thresholdUsd = options.spikeRule.thresholdUsd;
    return r;
}

QJsonObject costReportJson(const CostReport &r)
{
    QJsonArray days;
    for (const CostFigure &f : r.period.figures()) {
        days.append(QJsonObject{{QStringLiteral("date"), f.day.toString(Qt::ISODate)},
                                {QStringLiteral("provider"), f.provider},
                                {QStringLiteral("model"), f.model},
                                {QStringLiteral("amountUsd"), roundUsd(f.amountUsd)},
                                {QStringLiteral("fetchedAt"), f.fetchedAt.isValid() ? QJsonValue(f.fetchedAt.toUTC().toString(Qt::ISODate))
                                                                                     : QJsonValue()}});
    }
    QJsonObject byProvider;
    for (const QString &p : costprovider::all())
        byProvider.insert(p, roundUsd(r.period.totalUsd(p)));
    for (const QString &p : r.period.providers())
        byProvider.insert(p, roundUsd(r.period.totalUsd(p)));
    QJsonArray totals;
    for (const DailyTotal &t : r.dailyTotals) {
        QJsonObject o{{QStringLiteral("date"), t.day.toString(Qt::ISODate)}, {QStringLiteral("amountUsd"), roundUsd(t.amountUsd)}};
        for (const QString &p : costprovider::all())
            o.insert(p, roundUsd(r.period.total(t.day, p)));
        totals.append(o);
    }
    QJsonArray spikes;
    for (const Spike &s : r.spikes) {
        spikes.append(QJsonObject{{QStringLiteral("date"), s.day.toString(Qt::ISODate)},
                                  {QStringLiteral("amountUsd"), roundUsd(s.amountUsd)},
                                  {QStringLiteral("overThreshold"), s.overThreshold},
                                  {QStringLiteral("aboveMedian"), s.aboveMedian},
                                  {QStringLiteral("trailingMedianUsd"), usdOrNull(s.trailingMedianUsd)}});
    }
    return QJsonObject{
        {QStringLiteral("from"), r.from.toString(Qt::ISODate)},
        {QStringLiteral("to"), r.to.toString(Qt::ISODate)},
        {QStringLiteral("days"), days},
        {QStringLiteral("dailyTotals"), totals},
        {QStringLiteral("byProvider"), byProvider},
        {QStringLiteral("totalUsd"), roundUsd(r.totalUsd)},
        {QStringLiteral("previousPeriodTotalUsd"), usdOrNull(r.previousTotalUsd)},
        {QStringLiteral("spikes"), spikes},
        {QStringLiteral("thresholdUsd"), r.thresholdUsd},
        {QStringLiteral("mtdUsd"), roundUsd(r.month.mtdUsd)},
        {QStringLiteral("forecastUsd"), roundUsd(r.month.forecastUsd)},
        {QStringLiteral("dailyRateUsd"), roundUsd(r.month.dailyRateUsd)},
        {QStringLiteral("per100UsersUsd"), usdOrNull(r.per100UsersUsd)},
        {QStringLiteral("per100UsersTargetUsd"), kTargetPer100UsersUsd},
        {QStringLiteral("activeUsers"), r.activeUsers ? QJsonValue(r.activeUsers->users) : QJsonValue()},
        {QStringLiteral("activeUsersMonth"), r.activeUsers ? QJsonValue(r.activeUsers->month.toString(QStringLiteral("yyyy-MM")))
                                                           : QJsonValue()},
    };
}

} // namespace opsdeck
