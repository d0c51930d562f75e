#include "alerts/alertengine.h"
#include "runbook/checks.h"
#include "runbook/runbook.h"

#include <catch2/catch.hpp>

#include <QJsonObject>

using namespace opsdeck;

TEST_CASE("the built-in runbook expresses the seed runbook's three lists")
{
    auto rb = loadRunbook();
    INFO((rb ? QString() : rb.error().toString()).toStdString());
    REQUIRE(rb.ok());
    REQUIRE(rb->lists.size() == 3);
    const RunbookList *daily = rb->list(QStringLiteral("daily"));
    REQUIRE(daily);
    CHECK(daily->cadence == Cadence::Daily);
    QStringList checks;
    for (const RunbookItem &i : daily->items) {
        CHECK_FALSE(i.manual.isEmpty());
        if (i.kind == ItemKind::Check)
            checks << i.check;
    }
    CHECK(checks == QStringList{QStringLiteral("health"), QStringLiteral("errors"), QStringLiteral("api-usage"),
                                QStringLiteral("workflows"), QStringLiteral("deployments"), QStringLiteral("alerts")});
    CHECK(rb->list(QStringLiteral("weekly"))->cadence == Cadence::Weekly);
    QStringList monthly;
    for (const RunbookItem &i : rb->list(QStringLiteral("monthly"))->items)
        monthly << i.id + QLatin1Char(':') + (i.kind == ItemKind::Check ? i.check : QStringLiteral("-"));
    // The monthly credential and security-policy items are automated checks; the rest open their page.
    CHECK(monthly == QStringList{QStringLiteral("monthly.credentials:credentials-due"), QStringLiteral("monthly.dependencies:-"),
                                 QStringLiteral("monthly.security:-"), QStringLiteral("monthly.security-policy:security-policy"),
                                 QStringLiteral("monthly.cost-review:-"), QStringLiteral("monthly.db-maintenance:-")});
    CHECK(rb->item(QStringLiteral("weekly.npm-audit"))->check == QStringLiteral("npm-audit"));
    CHECK(rb->item(QStringLiteral("weekly.log-rotation"))->manual.contains(QStringLiteral("-mtime +7")));
}

TEST_CASE("schema errors name the file, the line and the field")
{
    const QByteArray text = "{\n"
                            "  \"schema\": 1,\n"
                            "  \"title\": \"t\",\n"
                            "  \"lists\": [\n"
                            "    {\"id\": \"daily\", \"title\": \"D\", \"cadence\": \"daily\",\n"
                            "     \"items\": [\n"
                            "       {\"id\": \"a\", \"title\": \"A\", \"kind\": \"manual\"},\n"
                            "       {\"id\": \"b\", \"title\": \"B\",\n"
                            "        \"kind\": \"robot\"}\n"
                            "     ]}\n"
                            "  ]\n"
                            "}\n";
    auto r = parseRunbook(text, QStringLiteral("my.json"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.startsWith(QStringLiteral("my.json:9:")));
    CHECK(r.error().message.contains(QStringLiteral("kind must be check, action or manual")));

    QByteArray missing = text;
    missing.replace("\"title\": \"B\",", "");
    auto m = parseRunbook(missing, QStringLiteral("my.json"));
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().message.startsWith(QStringLiteral("my.json:8:")));
    CHECK(m.error().message.contains(QStringLiteral("missing field \"title\"")));

    QByteArray dup = text;
    dup.replace("\"id\": \"b\"", "\"id\": \"a\"");
    CHECK(parseRunbook(dup, QStringLiteral("x")).error().message.contains(QStringLiteral("duplicate item id")));

    auto broken = parseRunbook("{\n  \"schema\": 1,\n  \"title\": \"t\" \"lists\": []\n}", QStringLiteral("b.json"));
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().message.startsWith(QStringLiteral("b.json:3:")));
}

TEST_CASE("due logic: weekly on Sunday, monthly on the first Sunday, overdue until completed")
{
    RunbookList weekly;
    weekly.id = QStringLiteral("weekly");
    weekly.cadence = Cadence::Weekly;
    weekly.weekday = 7;
    const QDate sunday(2026, 11, 29);
    REQUIRE(sunday.dayOfWeek() == 7);
    CHECK(listDue(weekly, sunday, QDate()).dueToday);
    const ListDue tuesday = listDue(weekly, QDate(2026, 12, 1), QDate());
    CHECK_FALSE(tuesday.dueToday);
    CHECK(tuesday.dueDate == sunday);
    CHECK(tuesday.overdue);
    CHECK_FALSE(listDue(weekly, QDate(2026, 12, 1), sunday).overdue);

    RunbookList monthly = weekly;
    monthly.cadence = Cadence::Monthly;
    CHECK(listDue(monthly, QDate(2026, 11, 1), QDate()).dueToday);            // 1 Nov 2026 is a Sunday
    CHECK(listDue(monthly, QDate(2026, 11, 29), QDate()).dueDate == QDate(2026, 11, 1));
    CHECK(listDue(monthly, QDate(2026, 12, 6), QDate()).dueToday);            // first Sunday of December
    CHECK(listDue(monthly, QDate(2026, 12, 3), QDate()).dueDate == QDate(2026, 11, 1));
}

TEST_CASE("alerts fire above the thresholds and only for metrics that were measured")
{
    Thresholds t;
    const QJsonObject metrics{{QStringLiteral("p95Ms"), 2500.0}, {QStringLiteral("costPerDayUsd"), 49.99},
                              {QStringLiteral("failedWorkflows24h"), 4}};
    const auto alerts = evaluateAlerts(t, metrics);
    REQUIRE(alerts.size() == 2);
    CHECK(alerts[0].id == QStringLiteral("p95"));
    CHECK(alerts[1].id == QStringLiteral("failed-workflows"));
    CHECK(alerts[1].threshold == 3);
    CHECK(unevaluatedAlerts(metrics) == QStringList{QStringLiteral("error-rate"), QStringLiteral("db-connections")});

    const QDateTime now(QDate(2026, 11, 29), QTime(8, 0), Qt::UTC);
    const auto silenced = withoutSilenced(alerts, {{QStringLiteral("p95"), now.addSecs(3600)}}, now);
    REQUIRE(silenced.size() == 1);
    CHECK(silenced[0].id == QStringLiteral("failed-workflows"));
    CHECK(withoutSilenced(alerts, {{QStringLiteral("p95"), now.addSecs(-1)}}, now).size() == 2);
}

TEST_CASE("nearest-rank percentiles")
{
    CHECK(nearestRankPercentile({}, 95) == -1);
    CHECK(nearestRankPercentile({5}, 95) == 5);
    CHECK(nearestRankPercentile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 95) == 10);
    CHECK(nearestRankPercentile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 50) == 5);
    QList<double> hundred;
    for (int i = 100; i >= 1; --i)
        hundred << i;
    CHECK(nearestRankPercentile(hundred, 95) == 95);
}
