// The daily checklist against the demo sandbox: checks, stored results, sign-offs, report.
#include "appcontext.h"
#include "core/clock.h"
#include "usecases/providerclients.h"
#include "runbook/checklistservice.h"
#include "runbook/report.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxworld.h"
#include "store/auditlog.h"

#include "pgcluster.h"
#include "testcontext.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QTemporaryDir>

#include <algorithm>

using namespace opsdeck;

TEST_CASE("the morning checklist runs every check in parallel and stores the evidence")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    ProviderSource &providers = ctx->providers();
    ChecklistService service(providers, ctx->store(), ctx->audit(), ctx->clock());
    auto runbook = loadRunbook();
    REQUIRE(runbook.ok());
    bool finished = false;
    QObject::connect(&service, &ChecklistService::finished, [&] { finished = true; });
    service.run(runbook.value(), QStringLiteral("daily"), ctx->profile());
    REQUIRE(test::waitUntil([&] { return finished; }, 30000));

    QHash<QString, CheckResult> byId;
    for (const CheckResult &r : service.runner().results())
        byId.insert(r.itemId, r);
    REQUIRE(byId.size() == 6);
    CHECK(byId[QStringLiteral("daily.health")].status == CheckStatus::Pass);
    CHECK(byId[QStringLiteral("daily.health")].evidence.contains(QStringLiteral("200 in")));
    // The sandbox seeds 40 error lines in the last 24 h: a warning with the count as evidence.
    CHECK(byId[QStringLiteral("daily.errors")].status == CheckStatus::Warn);
    CHECK(byId[QStringLiteral("daily.errors")].value == QStringLiteral("40"));
    CHECK(byId[QStringLiteral("daily.api-usage")].evidence.contains(QStringLiteral("yesterday")));
    // Yesterday's and today's spend per provider, equal to the simulated world to the cent.
    {
        const SandboxWorld &world = ctx->sandbox()->world();
        const QDate today = ctx->clock().nowUtc().date();
        auto usd = [](double v) -> QString { return QStringLiteral("$") + QString::number(v, 'f', 2); };
        const QString expected = QStringLiteral("today so far (OpenAI %1, Anthropic %2)")
                                     .arg(usd(world.costUsd(QStringLiteral("openai"), today)),
                                          usd(world.costUsd(QStringLiteral("anthropic"), today)));
        INFO(byId[QStringLiteral("daily.api-usage")].evidence.toStdString());
        CHECK(byId[QStringLiteral("daily.api-usage")].evidence.contains(expected));
        CHECK(byId[QStringLiteral("daily.api-usage")].evidence.contains(
            QStringLiteral("yesterday (OpenAI %1, Anthropic %2)")
                .arg(usd(world.costUsd(QStringLiteral("openai"), today.addDays(-1))),
                     usd(world.costUsd(QStringLiteral("anthropic"), today.addDays(-1))))));
    }
    // 4-5 failed runs in 24 h: above the runbook's threshold of 3.
    CHECK(byId[QStringLiteral("daily.workflows")].status == CheckStatus::Fail);
    CHECK(byId[QStringLiteral("daily.deployments")].evidence.contains(
        ctx->sandbox()->world().productionDeploymentId()));
    CHECK(byId[QStringLiteral("daily.alerts")].status == CheckStatus::Fail);
    bool workflowAlert = false;
    for (const Alert &a : service.runner().alerts())
        workflowAlert = workflowAlert || a.id == QStringLiteral("failed-workflows");
    CHECK(workflowAlert);

    // The error rate comes from Vercel's `request` lines of the last 24 h: the share answered 5xx.
    const qint64 since = ctx->clock().nowUtc().addDays(-1).toMSecsSinceEpoch();
    int requests = 0, failed = 0;
    for (const SandboxLogLine &line : ctx->sandbox()->world().runtimeLogs()) {
        if (line.source != QLatin1String("request") || line.timestampMs < since)
            continue;
        ++requests;
        failed += line.statusCode >= 500 ? 1 : 0;
    }
    REQUIRE(requests > 1000);
    const double rate = 100.0 * failed / requests;
    CHECK(service.runner().metrics().value(QStringLiteral("errorRatePercent")).toDouble() == Approx(rate));
    CHECK(byId[QStringLiteral("daily.errors")].evidence.contains(QStringLiteral("of %1 requests answered 5xx").arg(requests)));
    REQUIRE(rate > 1.0);  // the demo's day is a little above the runbook's 1 %
    const auto fired = service.runner().alerts();
    CHECK(std::any_of(fired.begin(), fired.end(), [](const Alert &a) { return a.id == QLatin1String("error-rate"); }));
    // No database in the demo profile until a page starts one: that alert says it had no data.
    CHECK(byId[QStringLiteral("daily.alerts")].evidence.contains(QStringLiteral("no data for: db-connections")));
    CHECK_FALSE(byId[QStringLiteral("daily.alerts")].evidence.contains(QStringLiteral("error-rate")));

    // Stored, and visible in the day's record.
    auto day = service.records().day(service.today());
    REQUIRE(day.ok());
    CHECK(day->results.size() == 6);
    CHECK(day->results[QStringLiteral("daily.errors")].value == QStringLiteral("40"));
}

TEST_CASE("sign-offs are stored with who and when, audited, and guarded against concurrent edits")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    ProviderSource &providers = ctx->providers();
    ChecklistService service(providers, ctx->store(), ctx->audit(), ctx->clock());
    const QDate today = service.today();
    ChecklistStore &records = service.records();

    auto t1 = records.setTick(today, QStringLiteral("daily.health"), TickState::Done, QString(), 0, QStringLiteral("200 in 40 ms"));
    REQUIRE(t1.ok());
    CHECK(t1->version == 1);
    CHECK(t1->actor == AuditLog::currentOsUser());
    // A second writer that read version 0 loses, visibly.
    auto stale = records.setTick(today, QStringLiteral("daily.health"), TickState::Open, QString(), 0);
    REQUIRE_FALSE(stale.ok());
    CHECK(stale.error().kind == ErrorKind::Conflict);
    // Acknowledging a failure needs a reason.
    CHECK_FALSE(records.setTick(today, QStringLiteral("daily.workflows"), TickState::Acknowledged, QString(), 0).ok());
    REQUIRE(records.setTick(today, QStringLiteral("daily.workflows"), TickState::Acknowledged,
                            QStringLiteral("flaky e2e suite, ticket OPS-12"), 0).ok());

    auto entries = ctx->audit().list(10);
    REQUIRE(entries.ok());
    REQUIRE(entries->size() == 2);
    CHECK(entries->at(0).action == QStringLiteral("checklist.acknowledged"));
    CHECK(entries->at(1).action == QStringLiteral("checklist.done"));
    CHECK(ctx->audit().verify().ok);

    auto rb = loadRunbook();
    auto rec = records.day(today);
    REQUIRE(rec.ok());
    const QString md = renderDayReport(rb.value(), rec.value(), ReportFormat::Markdown, QStringLiteral("Demo"));
    CHECK(md.contains(QStringLiteral("Morning checklist (2 of 7 done)")));
    CHECK(md.contains(QStringLiteral("flaky e2e suite")));
    const QString html = renderDayReport(rb.value(), rec.value(), ReportFormat::Html, QStringLiteral("<Demo>"));
    CHECK(html.contains(QStringLiteral("&lt;Demo&gt;")));
    CHECK_FALSE(html.contains(QStringLiteral("<Demo>")));
}

TEST_CASE("the database-connections alert reads the profile's PostgreSQL against max_connections")
{
    test::ClusterSeed seed;
    seed.settings = {QStringLiteral("max_connections=20")};
    const auto owned = test::startCluster(seed);
    test::PgCluster &cluster = *owned;
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    Profile profile = ctx->profile();
    profile.databaseUrl = cluster.urlWithPassword();
    ctx->setProfile(profile);
    ProviderSource &providers = ctx->providers();
    ChecklistService service(providers, ctx->store(), ctx->audit(), ctx->clock());
    auto runbook = loadRunbook();
    REQUIRE(runbook.ok());

    auto runWith = [&](double threshold) {
        Profile p = ctx->profile();
        p.thresholds.dbConnectionsPercent = threshold;
        bool finished = false;
        auto c = QObject::connect(&service, &ChecklistService::finished, [&] { finished = true; });
        service.run(runbook.value(), QStringLiteral("daily"), p);
        REQUIRE(test::waitUntil([&] { return finished; }, 30000));
        QObject::disconnect(c);
        const auto alerts = service.runner().alerts();
        return std::any_of(alerts.begin(), alerts.end(), [](const Alert &a) { return a.id == QLatin1String("db-connections"); });
    };

    // OpsDeck's own connection is one of the 20: 5 %, under the runbook's 80 %.
    CHECK_FALSE(runWith(80.0));
    const QJsonObject metrics = service.runner().metrics();
    CHECK(metrics.value(QStringLiteral("dbMaxConnections")).toInt() == 20);
    const int connections = metrics.value(QStringLiteral("dbConnections")).toInt();
    CHECK(connections >= 1);
    CHECK(metrics.value(QStringLiteral("dbConnectionsPercent")).toDouble() == Approx(100.0 * connections / 20));
    // A threshold below what is in use fires, with the figures in the message.
    CHECK(runWith(1.0));
    for (const Alert &a : service.runner().alerts())
        if (a.id == QLatin1String("db-connections"))
            CHECK(a.message.contains(QStringLiteral("above 1")));
}
