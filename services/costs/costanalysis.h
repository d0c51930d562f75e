#pragma once

#include "costs/costseries.h"

#include <QDate>
#include <QList>
#include <QStringList>

#include <optional>

namespace opsdeck {

// Pure analysis of cost figures: no I/O, no clock (today is a parameter).

// The runbook's target: $105 a month per 100 active users.
inline constexpr double kTargetPer100UsersUsd = 105.0;

struct DailyTotal {
    QDate day;
    double amountUsd = 0;
    bool hasData = false;  // at least one figure that day (else 0 by absence)
};

// One entry per day of series.from()..to(), oldest first.
QList<DailyTotal> dailyTotals(const CostSeries &series, const QString &provider = {});

// A day is a spike when its total is over the threshold, or "far above" the median of the days
// before it: more than medianFactor x the median of the last trailingDays days that have data
// and at least minExcessUsd above that median (so $0.10 -> $0.30 is not a spike).
struct SpikeRule {
    double thresholdUsd = 50.0;  // the profile's thresholds.costPerDayUsd
    double medianFactor = 2.0;
    double minExcessUsd = 1.0;
    int trailingDays = 7;
    int minHistory = 3;          // fewer earlier days with data: the median rule does not apply
};

struct Spike {
    QDate day;
    double amountUsd = 0;
    bool overThreshold = false;
    bool aboveMedian = false;
    std::optional<double> trailingMedianUsd;
};

// Spikes among totals (oldest first); days before `from` only serve as median history.
QList<Spike> detectSpikes(const QList<DailyTotal> &totals, const SpikeRule &rule = {}, QDate from = {});

double median(QList<double> values);  // 0 for an empty list

// Month-to-date and a linear month-end forecast for the UTC month that contains `today`:
//   complete days  C = the days of the month before today, costing sumC in total;
//   daily rate     r = sumC / C, or (on the 1st) the mean of up to 7 earlier days with data;
//   forecast        = sumC + max(today's spend so far, r) + r x (days in month - C - 1).
// Days the totals do not cover count as zero.
struct MonthOutlook {
    QDate monthStart;
    int daysInMonth = 0;
    int completeDays = 0;
    double mtdUsd = 0;         // the 1st .. today, today included
    double dailyRateUsd = 0;
    double forecastUsd = 0;
};
MonthOutlook monthOutlook(const QList<DailyTotal> &totals, QDate today);

// monthlyUsd / activeUsers x 100; nullopt without a positive user count.
std::optional<double> costPer100Users(double monthlyUsd, qint64 activeUsers);

// Amounts in whole cents, rounded half away from zero. Charts and tables show these, so they
// agree to the cent.
qint64 toCents(double usd);

enum class CostGrouping { ByProvider, ByModel };

// The day x series grid behind the costs chart and table.
struct CostBreakdown {
    QList<QDate> days;              // oldest first
    QStringList keys;               // provider ids, or model labels
    QStringList keyProviders;       // the provider of each key
    QList<QList<qint64>> cents;     // [day][key]
    QList<qint64> totalCents;       // [day]: the day's exact total, rounded once
    qint64 periodTotalCents = 0;    // the whole period, rounded once
};
CostBreakdown breakdown(const CostSeries &series, CostGrouping grouping);

} // namespace opsdeck
