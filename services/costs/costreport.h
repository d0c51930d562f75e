#pragma once

#include "costs/costanalysis.h"
#include "costs/coststore.h"

#include <QJsonObject>

#include <optional>

namespace opsdeck {

// What the costs page and `opsdeck-cli costs` show for the last N days, computed in one place.
struct CostReportOptions {
    int days = 30;                        // the period: today - (days - 1) .. today
    QDate today;                          // UTC
    SpikeRule spikeRule;                  // thresholdUsd from the profile
    std::optional<ActiveUsers> activeUsers;
};

struct CostReport {
    QDate from;
    QDate to;
    CostSeries period;                    // the figures of [from, to]
    QList<DailyTotal> dailyTotals;        // [from, to]
    QList<Spike> spikes;                  // days of [from, to]
    MonthOutlook month;                   // the month of `today`
    std::optional<double> per100UsersUsd; // month-end forecast / active users x 100
    std::optional<ActiveUsers> activeUsers;
    double totalUsd = 0;
    double thresholdUsd = 50.0;
    // The same number of days just before `from`, when the history holds figures for it.
    std::optional<double> previousTotalUsd;
};

// The first day to load so the report has its history: the previous period of the same length (for
// the change against it), the trailing median's days before the period and the month-to-date days
// (whichever is earliest).
QDate costHistoryStart(const CostReportOptions &options);
// history must cover costHistoryStart(options) .. options.today.
CostReport buildCostReport(const CostSeries &history, const CostReportOptions &options);

// The JSON of cli.md's `costs` command (plus a few extra fields). Amounts are dollars rounded to
// the micro-dollar, so sums stay exact to the cent.
QJsonObject costReportJson(const CostReport &report);
double roundUsd(double usd);

} // namespace opsdeck
