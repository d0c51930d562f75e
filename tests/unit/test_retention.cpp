// The retention planner: restic forget's keep-daily/weekly/monthly/yearly on the UTC
// time, restic 0.16's oldest-while-counts-left rule, and OpsDeck's safety rules. Every expected set
// below was worked out by hand from restic's algorithm (newest first; a rule keeps the first backup of
// each bucket until its count is used up; the oldest backup is kept while the count is not used up).
#include "backups/retentionplanner.h"

#include <catch2/catch.hpp>

#include <QRandomGenerator>
#include <QSet>

using namespace opsdeck;

namespace {

QDateTime t(const char *iso)
{
    QDateTime d = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs);
    REQUIRE(d.isValid());
    return d;
}

QList<RetentionInput> inputs(const QList<const char *> &times)
{
    QList<RetentionInput> in;
    for (const char *s : times)
        in.append({QString::fromLatin1(s), t(s), true});
    return in;
}

RetentionPolicy policy(int d, int w, int m, int y)
{
    RetentionPolicy p;
    p.daily = d;
    p.weekly = w;
    p.monthly = m;
    p.yearly = y;
    return p;
}

// The ids (input strings) that are kept.
QStringList kept(const QList<RetentionDecision> &plan)
{
    QStringList ids;
    for (const RetentionDecision &d : plan)
        if (d.keep)
            ids << d.id;
    return ids;
}

const RetentionDecision &decisionFor(const QList<RetentionDecision> &plan, const char *id)
{
    for (const RetentionDecision &d : plan)
        if (d.id == QLatin1String(id))
            return d;
    FAIL("no decision for " << id);
    return plan.first();
}

const QDateTime kNow = QDateTime(QDate(2027, 2, 1), QTime(12, 0), Qt::UTC);

} // namespace

TEST_CASE("An empty policy removes nothing, with restic's reason")
{
    const auto plan = RetentionPlanner::plan(
        inputs({"2026-11-29T07:00:00Z", "2026-11-29T01:00:00Z", "2020-01-01T00:00:00Z"}), policy(0, 0, 0, 0), kNow);
    REQUIRE(plan.size() == 3);
    for (const RetentionDecision &d : plan) {
        CHECK(d.keep);
        CHECK(d.reasons == QStringList{QStringLiteral("policy is empty")});
    }
}

TEST_CASE("keep-daily keeps the newest backup of each UTC day until the count is used up")
{
    const auto plan = RetentionPlanner::plan(inputs({"2026-11-25T07:00:00Z", "2026-11-26T07:00:00Z",
                                                     "2026-11-27T07:00:00Z", "2026-11-28T07:00:00Z",
                                                     "2026-11-29T01:00:00Z", "2026-11-29T07:00:00Z"}),
                                             policy(3, 0, 0, 0), kNow);
    // Output is newest first, whatever the input order.
    REQUIRE(plan.first().id == QLatin1String("2026-11-29T07:00:00Z"));
    REQUIRE(plan.last().id == QLatin1String("2026-11-25T07:00:00Z"));
    CHECK(kept(plan) == QStringList{QStringLiteral("2026-11-29T07:00:00Z"), QStringLiteral("2026-11-28T07:00:00Z"),
                                    QStringLiteral("2026-11-27T07:00:00Z")});
    // The count is used up before the oldest, so the oldest goes (restic 0.16 keeps it only while counts are left).
    CHECK_FALSE(decisionFor(plan, "2026-11-25T07:00:00Z").keep);
    CHECK(decisionFor(plan, "2026-11-29T07:00:00Z").reasons == QStringList{QStringLiteral("daily snapshot")});
    CHECK_FALSE(decisionFor(plan, "2026-11-29T01:00:00Z").keep);
}

TEST_CASE("restic 0.16: the oldest backup is kept while a count is not used up")
{
    const auto plan = RetentionPlanner::plan(inputs({"2026-11-29T07:00:00Z", "2026-11-29T01:00:00Z",
                                                     "2026-11-28T07:00:00Z", "2026-11-28T01:00:00Z"}),
                                             policy(7, 0, 0, 0), kNow);
    CHECK(kept(plan) == QStringList{QStringLiteral("2026-11-29T07:00:00Z"), QStringLiteral("2026-11-28T07:00:00Z"),
                                    QStringLiteral("2026-11-28T01:00:00Z")});
    CHECK(decisionFor(plan, "2026-11-28T01:00:00Z").reasons == QStringList{QStringLiteral("oldest daily snapshot")});
    CHECK_FALSE(decisionFor(plan, "2026-11-29T01:00:00Z").keep);
}

TEST_CASE("keep-weekly uses the ISO week, across the year boundary")
{
    // 2026 has 53 ISO weeks: Mon 2026-12-28 .. Sun 2027-01-03 is 2026-W53; 2027-W01 starts Mon 2027-01-04.
    const auto plan = RetentionPlanner::plan(
        inputs({"2027-01-05T10:00:00Z", "2027-01-04T10:00:00Z", "2027-01-03T10:00:00Z", "2026-12-31T10:00:00Z",
                "2026-12-28T10:00:00Z", "2026-12-27T10:00:00Z", "2026-12-21T10:00:00Z", "2026-12-20T10:00:00Z"}),
        policy(0, 3, 0, 0), kNow);
    CHECK(kept(plan) == QStringList{QStringLiteral("2027-01-05T10:00:00Z"), QStringLiteral("2027-01-03T10:00:00Z"),
                                    QStringLiteral("2026-12-27T10:00:00Z")});
    CHECK(decisionFor(plan, "2027-01-03T10:00:00Z").reasons == QStringList{QStringLiteral("weekly snapshot")});
    CHECK(decisionFor(plan, "2026-12-31T10:00:00Z").reasons == QStringList{QStringLiteral("no rule keeps it")});
}

TEST_CASE("Rules combine; each keeps its own slots and lists itself as a reason")
{
    const auto plan = RetentionPlanner::plan(inputs({"2026-11-15T03:00:00Z", "2026-11-01T03:00:00Z",
                                                     "2026-10-20T03:00:00Z", "2026-09-10T03:00:00Z",
                                                     "2025-12-31T03:00:00Z", "2025-06-01T03:00:00Z"}),
                                             policy(0, 0, 2, 5), kNow);
    CHECK(kept(plan) == QStringList{QStringLiteral("2026-11-15T03:00:00Z"), QStringLiteral("2026-10-20T03:00:00Z"),
                                    QStringLiteral("2025-12-31T03:00:00Z"), QStringLiteral("2025-06-01T03:00:00Z")});
    CHECK(decisionFor(plan, "2026-11-15T03:00:00Z").reasons
          == QStringList{QStringLiteral("monthly snapshot"), QStringLiteral("yearly snapshot")});
    CHECK(decisionFor(plan, "2026-10-20T03:00:00Z").reasons == QStringList{QStringLiteral("monthly snapshot")});
    CHECK(decisionFor(plan, "2025-12-31T03:00:00Z").reasons == QStringList{QStringLiteral("yearly snapshot")});
    // Same year as the kept 2025-12-31, but the oldest and the yearly count (5) is not used up.
    CHECK(decisionFor(plan, "2025-06-01T03:00:00Z").reasons == QStringList{QStringLiteral("oldest yearly snapshot")});
}

TEST_CASE("The runbook default 7/4/12/7 over a year of nightly backups")
{
    QList<RetentionInput> in;
    const QDateTime last(QDate(2026, 11, 29), QTime(2, 0), Qt::UTC);  // a Sunday
    for (int i = 0; i < 400; ++i)
        in.append({QString::number(i), last.addDays(-i), true});
    RetentionPolicy p = RetentionPolicy::runbookDefault();
    const auto plan = RetentionPlanner::plan(in, p, last.addSecs(3600));
    QStringList days;
    for (const RetentionDecision &d : plan)
        if (d.keep)
            days << d.time.date().toString(Qt::ISODate);
    // 7 daily (Nov 23-29); weekly 4: W48 (Nov 29, already daily), W47 (Nov 22), W46 (Nov 15), W45 (Nov 8);
    // monthly 12: Nov 29, Oct 31, Sep 30 ... Jan 31, Dec 31 2025; yearly 7: 2026 (Nov 29), 2025 (Dec 31).
    // The oldest backup (day 399, 2025-10-26) is in 2025 like Dec 31, but the yearly count is not used up.
    const QStringList expected{
        QStringLiteral("2026-11-29"), QStringLiteral("2026-11-28"), QStringLiteral("2026-11-27"),
        QStringLiteral("2026-11-26"), QStringLiteral("2026-11-25"), QStringLiteral("2026-11-24"),
        QStringLiteral("2026-11-23"), QStringLiteral("2026-11-22"), QStringLiteral("2026-11-15"),
        QStringLiteral("2026-11-08"), QStringLiteral("2026-10-31"), QStringLiteral("2026-09-30"),
        QStringLiteral("2026-08-31"), QStringLiteral("2026-07-31"), QStringLiteral("2026-06-30"),
        QStringLiteral("2026-05-31"), QStringLiteral("2026-04-30"), QStringLiteral("2026-03-31"),
        QStringLiteral("2026-02-28"), QStringLiteral("2026-01-31"), QStringLiteral("2025-12-31"),
        QStringLiteral("2025-10-26")};
    CHECK(days == expected);
    CHECK(decisionFor(plan, "399").reasons
          == QStringList{QStringLiteral("oldest yearly snapshot")});
}

TEST_CASE("Days are UTC days, whatever offset the timestamp was written with")
{
    // 00:30 at +02:00 is 22:30 UTC on the 28th: the same UTC day as 23:00Z, so only one of them is daily.
    const auto plan = RetentionPlanner::plan(
        inputs({"2026-11-29T00:30:00+02:00", "2026-11-28T23:00:00Z", "2026-11-27T12:00:00Z"}), policy(2, 0, 0, 0), kNow);
    CHECK(kept(plan) == QStringList{QStringLiteral("2026-11-28T23:00:00Z"), QStringLiteral("2026-11-27T12:00:00Z")});
    CHECK(decisionFor(plan, "2026-11-29T00:30:00+02:00").time == t("2026-11-28T22:30:00Z"));
}

TEST_CASE("Unlimited counts (-1) keep one per bucket, and the oldest")
{
    const auto plan = RetentionPlanner::plan(inputs({"2026-11-29T07:00:00Z", "2026-11-29T01:00:00Z",
                                                     "2026-11-27T07:00:00Z", "2026-11-27T01:00:00Z",
                                                     "2026-11-20T07:00:00Z"}),
                                             policy(-1, 0, 0, 0), kNow);
    CHECK(kept(plan) == QStringList{QStringLiteral("2026-11-29T07:00:00Z"), QStringLiteral("2026-11-27T07:00:00Z"),
                                    QStringLiteral("2026-11-20T07:00:00Z")});
}

TEST_CASE("Unverified backups never take a keep slot")
{
    auto in = inputs({"2026-11-29T07:00:00Z", "2026-11-28T07:00:00Z", "2026-11-27T07:00:00Z", "2026-11-26T07:00:00Z",
                      "2026-11-25T07:00:00Z"});
    in[0].verified = false;  // newest: verification failed or pending
    in[4].verified = false;  // oldest
    const auto plan = RetentionPlanner::plan(in, policy(2, 0, 0, 0), kNow);
    // The two daily slots go to the 28th and 27th; counted, the 29th would have pushed the 27th out.
    CHECK(kept(plan) == QStringList{QStringLiteral("2026-11-29T07:00:00Z"), QStringLiteral("2026-11-28T07:00:00Z"),
                                    QStringLiteral("2026-11-27T07:00:00Z")});
    CHECK(decisionFor(plan, "2026-11-29T07:00:00Z").reasons
          == QStringList{QStringLiteral("unverified, no verified backup newer: kept")});
    CHECK_FALSE(decisionFor(plan, "2026-11-25T07:00:00Z").keep);
    CHECK(decisionFor(plan, "2026-11-25T07:00:00Z").reasons
          == QStringList{QStringLiteral("unverified, older than the newest verified backup")});
}

TEST_CASE("Future-dated backups are never removed, and the newest verified backup stays")
{
    const QDateTime now = t("2026-11-29T12:00:00Z");
    auto in = inputs({"2026-12-05T10:00:00Z", "2026-12-05T09:00:00Z", "2026-11-29T07:00:00Z", "2026-11-28T07:00:00Z"});
    const auto plan = RetentionPlanner::plan(in, policy(1, 0, 0, 0), now);
    // restic gives the only daily slot to Dec 5 (10:00); Dec 5 09:00 and Nov 29 would go.
    CHECK(kept(plan) == QStringList{QStringLiteral("2026-12-05T10:00:00Z"), QStringLiteral("2026-12-05T09:00:00Z"),
                                    QStringLiteral("2026-11-29T07:00:00Z")});
    CHECK(decisionFor(plan, "2026-12-05T09:00:00Z").reasons == QStringList{QStringLiteral("future-dated: never removed")});
    CHECK(decisionFor(plan, "2026-11-29T07:00:00Z").reasons == QStringList{QStringLiteral("newest verified backup")});
    CHECK_FALSE(decisionFor(plan, "2026-11-28T07:00:00Z").keep);
}

TEST_CASE("A minimum of verified backups holds when the policy alone would keep fewer")
{
    auto in = inputs({"2026-11-29T07:00:00Z", "2026-11-29T06:00:00Z", "2026-11-29T05:00:00Z"});
    RetentionPolicy p = policy(1, 0, 0, 0);
    CHECK(kept(RetentionPlanner::plan(in, p, kNow)).size() == 1);
    p.minVerified = 2;
    const auto plan = RetentionPlanner::plan(in, p, kNow);
    CHECK(kept(plan) == QStringList{QStringLiteral("2026-11-29T07:00:00Z"), QStringLiteral("2026-11-29T06:00:00Z")});
    CHECK(decisionFor(plan, "2026-11-29T06:00:00Z").reasons == QStringList{QStringLiteral("minimum of 2 verified backups")});
}

TEST_CASE("Properties on random sets: newest verified kept, re-planning the kept set removes nothing")
{
    QRandomGenerator rng(20261129);
    const QDateTime base(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC);
    for (int round = 0; round < 300; ++round) {
        QList<RetentionInput> in;
        const int n = int(rng.bounded(1, 60));
        for (int i = 0; i < n; ++i)
            in.append({QString::number(i), base.addSecs(qint64(rng.bounded(0, 3 * 365 * 24)) * 3600), true});
        const RetentionPolicy p = policy(int(rng.bounded(0, 9)), int(rng.bounded(0, 6)), int(rng.bounded(0, 13)),
                                         int(rng.bounded(0, 4)));
        const QDateTime now = base.addYears(4);
        const auto plan = RetentionPlanner::plan(in, p, now);
        INFO("round " << round << " policy " << p.describe().toStdString());
        REQUIRE(plan.size() == in.size());
        CHECK(plan.first().keep);  // the newest (verified, not future) is always kept
        for (qsizetype i = 1; i < plan.size(); ++i)
            CHECK(plan[i - 1].time >= plan[i].time);
        if (p.isEmpty())
            CHECK(kept(plan).size() == in.size());
        QList<RetentionInput> survivors;
        for (const RetentionDecision &d : plan)
            if (d.keep)
                survivors.append({d.id, d.time, true});
        CHECK(kept(RetentionPlanner::plan(survivors, p, now)).size() == survivors.size());
    }
}
