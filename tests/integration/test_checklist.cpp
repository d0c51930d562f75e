// The daily checklist against the demo sandbox: checks, stored results, sign-offs, report.
#include "appcontext.h"
#include "providerfactory.h"
#include "runbook/checklistservice.h"
#include "runbook/report.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxworld.h"
#include "store/auditlog.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QTemporaryDir>

using namespace opsdeck;

namespace {
std::unique_ptr<AppContext> demoContext(const QTemporaryDir &dir)
{
    AppOptions o;
    o.settingsPath = dir.filePath(QStringLiteral("settings.ini"));
    o.dataDir = dir.filePath(QStringLiteral("data"));
    o.demo = true;
    auto ctx = AppContext::create(o);
    REQUIRE(ctx.ok());
    return std::move(ctx).value();
}
} // namespace

TEST_CASE("the morning checklist runs every check in parallel and stores the evidence")
{
    QTemporaryDir dir;
    auto ctx = demoContext(dir);
    ProviderFactory providers(*ctx);
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
    // 4-5 failed runs in 24 h: above the runbook's threshold of 3.
    CHECK(byId[QStringLiteral("daily.workflows")].status == CheckStatus::Fail);
    CHECK(byId[QStringLiteral("daily.deployments")].evidence.contains(
        ctx->sandbox()->world().productionDeploymentId()));
    CHECK(byId[QStringLiteral("daily.alerts")].status == CheckStatus::Fail);
    bool workflowAlert = false;
    for (const Alert &a : service.runner().alerts())
        workflowAlert = workflowAlert || a.id == QStringLiteral("failed-workflows");
    CHECK(workflowAlert);

    // Stored, and visible in the day's record.
    auto day = service.records().day(service.today());
    REQUIRE(day.ok());
    CHECK(day->results.size() == 6);
    CHECK(day->results[QStringLiteral("daily.errors")].value == QStringLiteral("40"));
}

TEST_CASE("sign-offs are stored with who and when, audited, and guarded against concurrent edits")
{
    QTemporaryDir dir;
    auto ctx = demoContext(dir);
    ProviderFactory providers(*ctx);
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
