// Cost analysis: daily totals, spikes, month-to-date and forecast, cost per 100 users, cents.
#include "costs/costanalysis.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace opsdeck;

namespace {
const QDate kNov1(2026, 11, 1);

CostFigure fig(QDate day, const QString &provider, const QString &model, double usd)
{
    return CostFigure{day, provider, model, usd, QDateTime(day.addDays(1), QTime(6, 0), Qt::UTC)};
}

// Daily totals from plain numbers, the first on `first`; NaN = no data that day.
QList<DailyTotal> totals(QDate first, const QList<double> &amounts)
{
    QList<DailyTotal> out;
    for (qsizetype i = 0; i < amounts.size(); ++i) {
        const bool has = !std::isnan(amounts[i]);
        out.append(DailyTotal{first.addDays(i), has ? amounts[i] : 0.0, has});
    }
    return out;
}

QList<QDate> spikeDays(const QList<Spike> &spikes)
{
    QList<QDate> out;
    for (const Spike &s : spikes)
        out.append(s.day);
    return out;
}
} // namespace

TEST_CASE("daily totals cover every day of the period, per provider or in total")
{
    const CostSeries series(kNov1, kNov1.addDays(3),
                            {fig(kNov1, QStringLiteral("openai"), QStringLiteral("gpt-5.4"), 10.25),
                             fig(kNov1, QStringLiteral("anthropic"), QStringLiteral("claude-sonnet-4-6"), 4.5),
                             fig(kNov1.addDays(2), QStringLiteral("openai"), QStringLiteral("gpt-5.4-mini"), 1.75),
                             fig(kNov1.addDays(9), QStringLiteral("openai"), QStringLiteral("gpt-5.4"), 99)});  // outside
    const QList<DailyTotal> all = dailyTotals(series);
    REQUIRE(all.size() == 4);
    CHECK(all[0].amountUsd == Approx(14.75));
    CHECK(all[1].amountUsd == 0);
    CHECK_FALSE(all[1].hasData);
    CHECK(all[2].amountUsd == Approx(1.75));
    CHECK(all[3].day == kNov1.addDays(3));
    CHECK(dailyTotals(series, QStringLiteral("anthropic"))[0].amountUsd == Approx(4.5));
    CHECK(series.total(kNov1) == Approx(14.75));
    CHECK(series.total(kNov1, QStringLiteral("openai")) == Approx(10.25));
    CHECK(series.total(kNov1.addDays(1), QStringLiteral("openai")) == 0);
}

TEST_CASE("a day over the threshold is a spike; exactly at it is not")
{
    const auto t = totals(kNov1, {20, 50.00, 50.01, 22, 80});
    CHECK(spikeDays(detectSpikes(t)) == QList<QDate>{kNov1.addDays(2), kNov1.addDays(4)});
    const auto spikes = detectSpikes(t);
    CHECK(spikes[0].overThreshold);
    CHECK(spikes[0].amountUsd == Approx(50.01));

    SpikeRule lower;
    lower.thresholdUsd = 21;  // a profile with a lower threshold
    CHECK(spikeDays(detectSpikes(t, lower)).contains(kNov1.addDays(3)));
}

TEST_CASE("a day far above the trailing median is a spike even under the threshold")
{
    const auto t = totals(kNov1, {10, 11, 12, 10, 11, 30, 21});
    const auto spikes = detectSpikes(t);
    REQUIRE(spikes.size() == 1);
    CHECK(spikes[0].day == kNov1.addDays(5));
    CHECK(spikes[0].aboveMedian);
    CHECK_FALSE(spikes[0].overThreshold);
    CHECK(*spikes[0].trailingMedianUsd == Approx(11));
    // 21 is under 2 x the median of the 7 days before it (11, with the 30 among them).

    SECTION("too little history: no median rule")
    {
        CHECK(detectSpikes(totals(kNov1, {10, 11, 40})).isEmpty());
    }
    SECTION("days without data are not history")
    {
        const double none = std::nan("");
        CHECK(detectSpikes(totals(kNov1, {10, none, none, 11, none, 40})).isEmpty());
        CHECK(detectSpikes(totals(kNov1, {10, none, 12, 11, none, 40})).size() == 1);
    }
    SECTION("cents are not a spike")
    {
        CHECK(detectSpikes(totals(kNov1, {0.10, 0.12, 0.11, 0.10, 0.90})).isEmpty());
    }
    SECTION("days before `from` are history, not results")
    {
        const auto late = detectSpikes(totals(kNov1, {10, 11, 12, 60, 10, 11, 30}), {}, kNov1.addDays(4));
        CHECK(spikeDays(late) == QList<QDate>{kNov1.addDays(6)});
    }
}

TEST_CASE("month-to-date and the month-end forecast")
{
    // November has 30 days. Nine complete days at $10, today (the 10th) $4 so far.
    QList<double> days(9, 10.0);
    days.append(4.0);
    MonthOutlook o = monthOutlook(totals(kNov1, days), kNov1.addDays(9));
    CHECK(o.daysInMonth == 30);
    CHECK(o.completeDays == 9);
    CHECK(o.mtdUsd == Approx(94));
    CHECK(o.dailyRateUsd == Approx(10));
    CHECK(o.forecastUsd == Approx(90 + 10 + 20 * 10));  // today counts as a full average day

    days.last() = 25.0;  // today already above the average: counted as it is
    o = monthOutlook(totals(kNov1, days), kNov1.addDays(9));
    CHECK(o.forecastUsd == Approx(90 + 25 + 20 * 10));

    SECTION("October's days do not count towards November")
    {
        QList<double> withOctober{100, 100};
        withOctober.append(days);
        o = monthOutlook(totals(kNov1.addDays(-2), withOctober), kNov1.addDays(9));
        CHECK(o.mtdUsd == Approx(115));
    }
    SECTION("on the 1st the rate comes from the days before")
    {
        o = monthOutlook(totals(kNov1.addDays(-3), {6, 9, 12, 1}), kNov1);
        CHECK(o.completeDays == 0);
        CHECK(o.mtdUsd == Approx(1));
        CHECK(o.dailyRateUsd == Approx(9));
        CHECK(o.forecastUsd == Approx(9 * 30));
    }
    SECTION("the last day of the month")
    {
        QList<double> full(29, 2.0);
        full.append(3.0);
        o = monthOutlook(totals(kNov1, full), QDate(2026, 11, 30));
        CHECK(o.forecastUsd == Approx(58 + 3));
    }
}

TEST_CASE("cost per 100 active users")
{
    CHECK(*costPer100Users(3150, 3000) == Approx(105));
    CHECK(*costPer100Users(840, 1000) == Approx(84));
    CHECK_FALSE(costPer100Users(840, 0).has_value());
    CHECK(kTargetPer100UsersUsd == 105.0);
}

TEST_CASE("amounts round to cents half away from zero, as written in decimal")
{
    CHECK(toCents(12.345) == 1235);
    CHECK(toCents(0.125) == 13);
    CHECK(toCents(-12.345) == -1235);
    CHECK(toCents(1.2345) == 123);
    CHECK(toCents(18.345) == 1835);  // Anthropic "1834.5" cents
    CHECK(toCents(0.1 + 0.2) == 30);
}

TEST_CASE("the breakdown grid: per provider or per model, cells rounded once")
{
    const CostSeries series(kNov1, kNov1.addDays(1),
                            {fig(kNov1, QStringLiteral("openai"), QStringLiteral("gpt-5.4"), 1.004),
                             fig(kNov1, QStringLiteral("openai"), QStringLiteral("gpt-5.4-mini"), 1.004),
                             fig(kNov1, QStringLiteral("anthropic"), QStringLiteral("claude-haiku-4-5"), 2.5),
                             fig(kNov1.addDays(1), QStringLiteral("anthropic"), QStringLiteral("gpt-5.4"), 0.5)});
    const CostBreakdown p = breakdown(series, CostGrouping::ByProvider);
    CHECK(p.keys == QStringList{QStringLiteral("openai"), QStringLiteral("anthropic")});
    CHECK(p.cents[0] == QList<qint64>{201, 250});  // 2.008 -> 2.01
    CHECK(p.cents[1] == QList<qint64>{0, 50});
    CHECK(p.totalCents == QList<qint64>{451, 50});
    CHECK(p.periodTotalCents == 501);

    const CostBreakdown m = breakdown(series, CostGrouping::ByModel);
    CHECK(m.keys == QStringList{QStringLiteral("gpt-5.4 (openai)"), QStringLiteral("gpt-5.4-mini"),
                                QStringLiteral("claude-haiku-4-5"), QStringLiteral("gpt-5.4 (anthropic)")});
    CHECK(m.keyProviders == QStringList{QStringLiteral("openai"), QStringLiteral("openai"), QStringLiteral("anthropic"),
                                        QStringLiteral("anthropic")});
    CHECK(m.cents[0] == QList<qint64>{100, 100, 250, 0});
    CHECK(m.totalCents[0] == 451);  // the exact total, not the sum of rounded cells (450)
}
