// The models behind the Health, Errors, CI and Alerts pages, and the alert silences in the store.
#include "alerts/alertsilencestore.h"
#include "alertsmodel.h"
#include "errorgroupsmodel.h"
#include "healthhistorymodel.h"
#include "healthmodel.h"
#include "runsmodel.h"
#include "store/store.h"
#include "testsupport.h"
#include "tone.h"

#include "core/humantime.h"

#include <catch2/catch.hpp>

#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace opsdeck;

namespace {
const QDateTime kNow(QDate(2026, 11, 29), QTime(7, 0), Qt::UTC);

QString cell(const QAbstractItemModel &m, int row, int column, int role = Qt::DisplayRole)
{
    return m.index(row, column).data(role).toString();
}

Tone toneOf(const QAbstractItemModel &m, int row, int column)
{
    return static_cast<Tone>(m.index(row, column).data(ToneRole).toInt());
}

WorkflowRun makeRun(qint64 id, const QString &status, const QString &conclusion, const QDateTime &created)
{
    WorkflowRun r;
    r.id = id;
    r.name = QStringLiteral("CI");
    r.runNumber = int(id % 1000);
    r.status = status;
    r.conclusion = conclusion;
    r.createdAt = created;
    r.displayTitle = QStringLiteral("run %1").arg(id);
    return r;
}
} // namespace

TEST_CASE("health model: status, latency and nearest-rank P95 per URL")
{
    HealthModel model;
    test::checkModel(&model);
    const QString a = QStringLiteral("https://web.example.test/api/health");
    const QString b = QStringLiteral("https://api.example.test/health");
    model.setUrls({a, b});
    REQUIRE(model.rowCount() == 2);
    CHECK(cell(model, 0, HealthModel::Status) == QStringLiteral("Not checked yet"));
    CHECK(model.p95(0) == -1);

    model.setProbing(0, true);
    CHECK(cell(model, 0, HealthModel::Status) == QStringLiteral("Probing…"));
    model.setResult(0, HealthResult{QUrl(a), 200, 143, true, {}}, kNow);
    model.setResult(1, HealthResult{QUrl(b), 503, 88, false, QStringLiteral("HTTP 503")}, kNow);
    CHECK(cell(model, 0, HealthModel::Status) == QStringLiteral("Up (200)"));
    CHECK(cell(model, 0, HealthModel::Latency) == QStringLiteral("143 ms"));
    CHECK(toneOf(model, 0, HealthModel::Status) == Tone::Good);
    CHECK(cell(model, 1, HealthModel::Status) == QStringLiteral("Down (503)"));
    CHECK(toneOf(model, 1, HealthModel::Status) == Tone::Bad);
    CHECK(model.downCount() == 1);

    // 20 samples 10, 20, ..., 200 ms: the nearest rank of P95 is the 19th value.
    QList<std::pair<QDateTime, double>> samples;
    for (int i = 1; i <= 20; ++i)
        samples.append({kNow.addSecs(-60 * (21 - i)), 10.0 * i});
    model.setSamples(0, samples);
    CHECK(model.p95(0) == 190);
    CHECK(cell(model, 0, HealthModel::P95) == QStringLiteral("190 ms"));
    CHECK(model.index(0, HealthModel::Trend).data(HealthModel::LatenciesRole).toList().size() == 20);
    CHECK(cell(model, 1, HealthModel::Trend) == QStringLiteral("no history"));

    // A URL that stays keeps what is known about it; a new one starts unknown.
    model.setUrls({QStringLiteral("https://new.example.test/health"), a});
    CHECK(cell(model, 0, HealthModel::Status) == QStringLiteral("Not checked yet"));
    CHECK(cell(model, 1, HealthModel::Status) == QStringLiteral("Up (200)"));
    CHECK(model.p95(1) == 190);
}

TEST_CASE("health history model lists the stored probes newest first")
{
    HealthHistoryModel model;
    test::checkModel(&model);
    model.setSamples({{kNow.addSecs(-120), QStringLiteral("u1"), 40}, {kNow, QStringLiteral("u2"), 55},
                      {kNow.addSecs(-60), QStringLiteral("u1"), 41}});
    REQUIRE(model.rowCount() == 3);
    CHECK(model.sample(0).latencyMs == 55);
    CHECK(model.sample(2).latencyMs == 40);
    CHECK(cell(model, 0, HealthHistoryModel::Latency) == QStringLiteral("55 ms"));
    CHECK(cell(model, 0, HealthHistoryModel::Url) == QStringLiteral("u2"));
}

TEST_CASE("error groups model: counts, details, and hostile log text stays inert")
{
    ErrorGroupsModel model;
    test::checkModel(&model);
    ErrorGroup big{QStringLiteral("Error: Order # not found"), 7, kNow.addSecs(-7200), kNow.addSecs(-60),
                   QStringLiteral("Error: Order ord_12345 not found"),
                   {QStringLiteral("/api/orders/ord_12345"), QStringLiteral("/api/orders/ord_777")}, {500}};
    ErrorGroup hostile{QStringLiteral("<img src=x onerror=alert(1)>\x1b[31mred\x1b[0m"), 1, kNow, kNow,
                       QStringLiteral("<b>bold</b>\x1b]8;;http://evil.test\x07link"), {QStringLiteral("/a\u202Eb")}, {502}};
    model.setGroups({big, hostile}, kNow);
    REQUIRE(model.rowCount() == 2);
    CHECK(cell(model, 0, ErrorGroupsModel::FirstSeen) == QStringLiteral("2 h ago"));
    CHECK(cell(model, 0, ErrorGroupsModel::LastSeen) == QStringLiteral("1 min ago"));
    CHECK(model.index(0, ErrorGroupsModel::FirstSeen).data(Qt::ToolTipRole).toString() == exactTime(kNow.addSecs(-7200)));
    CHECK(model.totalErrors() == 8);
    CHECK(cell(model, 0, ErrorGroupsModel::Count) == QStringLiteral("7"));
    CHECK(cell(model, 0, ErrorGroupsModel::Paths) == QStringLiteral("/api/orders/ord_12345, /api/orders/ord_777"));
    const QString detail = model.detailText(0);
    CHECK(detail.contains(QStringLiteral("Error: Order ord_12345 not found")));
    CHECK(detail.contains(QStringLiteral("/api/orders/ord_777")));
    CHECK(detail.contains(QStringLiteral("Occurrences: 7")));

    // Markup is kept as literal text (the views show it plain); escapes and bidi overrides go.
    const QString signature = cell(model, 1, ErrorGroupsModel::Signature);
    CHECK(signature.startsWith(QStringLiteral("<img src=x onerror=alert(1)>")));
    CHECK_FALSE(signature.contains(QChar(0x1b)));
    CHECK_FALSE(model.detailText(1).contains(QChar(0x1b)));
    CHECK_FALSE(model.detailText(1).contains(QChar(0x202E)));
    CHECK(model.detailText(1).contains(QStringLiteral("<b>bold</b>")));
}

TEST_CASE("runs model flags failures of the last 24 h and which runs can be re-run")
{
    RunsModel model;
    test::checkModel(&model);
    model.setRuns({makeRun(5, QStringLiteral("in_progress"), {}, kNow.addSecs(-600)),
                   makeRun(4, QStringLiteral("completed"), QStringLiteral("failure"), kNow.addSecs(-3600)),
                   makeRun(3, QStringLiteral("completed"), QStringLiteral("success"), kNow.addSecs(-7200)),
                   makeRun(2, QStringLiteral("completed"), QStringLiteral("timed_out"), kNow.addDays(-1).addSecs(600)),
                   makeRun(1, QStringLiteral("completed"), QStringLiteral("failure"), kNow.addDays(-2))},
                  kNow);
    REQUIRE(model.rowCount() == 5);
    CHECK(model.failuresIn24h() == 2);
    CHECK(model.index(1, 0).data(RunsModel::FailedRecentlyRole).toBool());
    CHECK(model.index(3, 0).data(RunsModel::FailedRecentlyRole).toBool());
    CHECK_FALSE(model.index(4, 0).data(RunsModel::FailedRecentlyRole).toBool());  // two days old
    CHECK(toneOf(model, 1, RunsModel::Title) == Tone::Bad);
    CHECK(toneOf(model, 4, RunsModel::Title) == Tone::Neutral);
    CHECK(toneOf(model, 2, RunsModel::Outcome) == Tone::Good);
    CHECK(cell(model, 0, RunsModel::Outcome) == QStringLiteral("in progress"));
    CHECK(cell(model, 3, RunsModel::Outcome) == QStringLiteral("timed out"));
    CHECK(model.canRerunFailed(1));
    CHECK(model.canRerunFailed(4));
    CHECK_FALSE(model.canRerunFailed(0));  // still running
    CHECK_FALSE(model.canRerunFailed(2));  // succeeded
    CHECK_FALSE(model.canRerunFailed(-1));
    CHECK(model.rowOfRun(2) == 3);
    CHECK(model.index(3, 0).data(RunsModel::RunIdRole).toLongLong() == 2);
}

TEST_CASE("alerts model notifies once per firing, never while silenced")
{
    AlertsModel model;
    test::checkModel(&model);
    const Alert cost{QStringLiteral("api-cost"), QStringLiteral("API cost $61.00 in a day is above $50.00"), 61, 50};
    const Alert p95{QStringLiteral("p95"), QStringLiteral("P95 response time 2400.00 ms is above 2000.00 ms"), 2400, 2000};

    QList<Alert> fired = model.setAlerts({cost}, kNow, {});
    REQUIRE(fired.size() == 1);
    CHECK(fired.first().id == QStringLiteral("api-cost"));
    CHECK(cell(model, 0, AlertsModel::Value) == QStringLiteral("$61.00"));
    CHECK(cell(model, 0, AlertsModel::Threshold) == QStringLiteral("$50.00"));
    CHECK(cell(model, 0, AlertsModel::Name) == QStringLiteral("API cost per day"));

    // Still firing an hour later: no second notification, and "since" stays.
    fired = model.setAlerts({cost, p95}, kNow.addSecs(3600), {});
    REQUIRE(fired.size() == 1);
    CHECK(fired.first().id == QStringLiteral("p95"));
    CHECK(model.row(model.rowOf(QStringLiteral("api-cost"))).since == kNow);

    // Gone, then back while silenced: listed as silenced, not notified.
    CHECK(model.setAlerts({}, kNow.addSecs(7200), {}).isEmpty());
    const QList<AlertSilence> silences{{QStringLiteral("api-cost"), kNow.addSecs(4 * 3600)}};
    CHECK(model.setAlerts({cost}, kNow.addSecs(3 * 3600), silences).isEmpty());
    CHECK(model.isSilenced(0));
    CHECK(model.unsilencedCount() == 0);
    CHECK(toneOf(model, 0, AlertsModel::Name) == Tone::Muted);
    CHECK(cell(model, 0, AlertsModel::Silenced) == QStringLiteral("ends in 1 h"));
    CHECK(model.index(0, AlertsModel::Silenced).data(Qt::ToolTipRole).toString()
          == QStringLiteral("silenced until ") + exactTime(kNow.addSecs(4 * 3600)));

    // The silence ends while it still fires: now it is news.
    fired = model.setAlerts({cost}, kNow.addSecs(5 * 3600), silences);
    REQUIRE(fired.size() == 1);
    CHECK_FALSE(model.isSilenced(0));

    model.setSilences(silences, kNow.addSecs(3 * 3600));
    CHECK(model.isSilenced(0));
}

TEST_CASE("alerts model lists every rule: firing first, then OK and no data, each with its page")
{
    AlertsModel model;
    test::checkModel(&model);
    const Alert cost{QStringLiteral("api-cost"), QStringLiteral("API cost $61.00 in a day is above $50.00"), 61, 50};
    const QJsonObject metrics{{QStringLiteral("errorRatePercent"), 0.4}, {QStringLiteral("costPerDayUsd"), 61.0},
                              {QStringLiteral("failedWorkflows24h"), 1}};
    const QList<AlertRule> rules = alertRules(Thresholds{}, metrics);
    REQUIRE(rules.size() == 5);
    model.setAlerts({cost}, kNow, {}, rules);
    REQUIRE(model.rowCount() == 5);
    CHECK(cell(model, 0, AlertsModel::Name) == QStringLiteral("API cost per day"));
    CHECK(cell(model, 0, AlertsModel::State) == QStringLiteral("Firing"));
    CHECK(toneOf(model, 0, AlertsModel::State) == Tone::Bad);
    const int rate = model.rowOf(QStringLiteral("error-rate"));
    CHECK(model.state(rate) == RuleState::Ok);
    CHECK(cell(model, rate, AlertsModel::State) == QStringLiteral("OK"));
    CHECK(cell(model, rate, AlertsModel::Value) == QStringLiteral("0.40 %"));
    CHECK(cell(model, rate, AlertsModel::Threshold) == QStringLiteral("1.00 %"));
    CHECK(toneOf(model, rate, AlertsModel::State) == Tone::Good);
    CHECK(cell(model, rate, AlertsModel::Since).isEmpty());
    const int db = model.rowOf(QStringLiteral("db-connections"));
    CHECK(model.state(db) == RuleState::NoData);
    CHECK(cell(model, db, AlertsModel::State) == QStringLiteral("No data"));
    CHECK(cell(model, db, AlertsModel::Value) == QStringLiteral("–"));
    CHECK(model.unsilencedCount() == 1);  // only what fires counts
    CHECK(alertPageId(QStringLiteral("error-rate")) == QStringLiteral("errors"));
    CHECK(alertPageId(QStringLiteral("failed-workflows")) == QStringLiteral("ci"));
    CHECK(alertPageId(QStringLiteral("restore-test")) == QStringLiteral("backups"));
}

TEST_CASE("alert silences are kept in the store's settings_meta table")
{
    QTemporaryDir dir;
    Store store(dir.filePath(QStringLiteral("opsdeck.db")));
    REQUIRE(store.open().ok());
    {
        AlertSilenceStore silences(store);
        auto empty = silences.load();
        REQUIRE(empty.ok());
        CHECK(empty->isEmpty());
        REQUIRE(silences.silence(QStringLiteral("api-cost"), kNow.addSecs(3600), kNow).ok());
        REQUIRE(silences.silence(QStringLiteral("p95"), kNow.addSecs(4 * 3600), kNow).ok());
        REQUIRE(silences.silence(QStringLiteral("api-cost"), kNow.addSecs(24 * 3600), kNow).ok());  // replaces
        auto loaded = silences.load();
        REQUIRE(loaded.ok());
        REQUIRE(loaded->size() == 2);
        for (const AlertSilence &s : loaded.value())
            CHECK(s.until == (s.alertId == QStringLiteral("api-cost") ? kNow.addSecs(24 * 3600) : kNow.addSecs(4 * 3600)));

        QSqlQuery q(store.db());
        REQUIRE(q.exec(QStringLiteral("SELECT value FROM settings_meta WHERE key = 'alert.silence.api-cost'")));
        REQUIRE(q.next());
        CHECK(q.value(0).toString() == QStringLiteral("2026-11-30T07:00:00.000Z"));

        REQUIRE(silences.clear(QStringLiteral("api-cost")).ok());
        loaded = silences.load();
        REQUIRE(loaded.ok());
        REQUIRE(loaded->size() == 1);
        CHECK(loaded->first().alertId == QStringLiteral("p95"));
    }
    // Other bookkeeping in the table is not mistaken for a silence.
    QSqlQuery q(store.db());
    REQUIRE(q.exec(QStringLiteral("INSERT INTO settings_meta (key, value) VALUES ('keychain.backend', 'secret-service')")));
    auto loaded = AlertSilenceStore(store).load();
    REQUIRE(loaded.ok());
    CHECK(loaded->size() == 1);
}
