// The Timeline: one ordered view of what happened, from the providers (the sandbox's deployments and
// failed runs) and the local store (audit trail, stored costs), filtered by kind and person; a
// provider that is down is named while the rest still shows; `opsdeck-cli timeline` says the same.
#include "appcontext.h"
#include "core/clock.h"
#include "costs/coststore.h"
#include "messagebar.h"
#include "pages/timelinepage.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxfaults.h"
#include "sandbox/sandboxworld.h"
#include "store/auditlog.h"
#include "usecases/checklistusecase.h"
#include "usecases/session.h"
#include "usecases/timelineusecase.h"

#include "clirunner.h"
#include "testcontext.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>

using namespace opsdeck;

namespace {

QList<const TimelineEntry *> entriesOf(const Timeline &t, TimelineKind kind)
{
    QList<const TimelineEntry *> out;
    for (const TimelineEntry &e : t.entries)
        if (e.kind == kind)
            out << &e;
    return out;
}

// What the sandbox holds in the window, counted from its own world.
int failedRunsSince(const SandboxWorld &world, const QDateTime &since)
{
    int n = 0;
    for (const SandboxRun &r : world.runs())
        if (r.conclusion == QLatin1String("failure") && r.createdAt >= since.toMSecsSinceEpoch())
            ++n;
    return n;
}

int deploymentsSince(const SandboxWorld &world, const QDateTime &since)
{
    int n = 0;
    for (const SandboxDeployment &d : world.deployments())
        if (d.created >= since.toMSecsSinceEpoch())
            ++n;
    return n;
}

} // namespace

TEST_CASE("timeline: deployments, failed runs, audited actions and cost spikes in one list, filtered, each opening its page",
          "[gui]")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    const QDateTime now = ctx->clock().nowUtc();
    // What people did here: a rollback, a VACUUM, a rotation, a restore test, a sign-off; and a
    // spike in the stored costs yesterday.
    AuditLog &audit = ctx->audit();
    REQUIRE(audit.append(QStringLiteral("rollback"), QStringLiteral("web"),
                         {{QStringLiteral("outcome"), QStringLiteral("started")}, {QStringLiteral("to"), QStringLiteral("dpl_old")}},
                         QStringLiteral("maria")).ok());
    REQUIRE(audit.append(QStringLiteral("rollback"), QStringLiteral("web"),
                         {{QStringLiteral("outcome"), QStringLiteral("succeeded")}, {QStringLiteral("to"), QStringLiteral("dpl_old")},
                          {QStringLiteral("reason"), QStringLiteral("checkout 500s")}},
                         QStringLiteral("maria")).ok());
    REQUIRE(audit.append(QStringLiteral("db.vacuum-full"), QStringLiteral("public.events"),
                         {{QStringLiteral("phase"), QStringLiteral("outcome")}}, QStringLiteral("sam")).ok());
    REQUIRE(audit.append(QStringLiteral("secret.rotate"), QStringLiteral("Demo/anthropic-api-key"), {}, QStringLiteral("sam")).ok());
    REQUIRE(audit.append(QStringLiteral("backup.drill"), QStringLiteral("/backups"),
                         {{QStringLiteral("phase"), QStringLiteral("outcome")}, {QStringLiteral("status"), QStringLiteral("failed")},
                          {QStringLiteral("error"), QStringLiteral("pg_restore: role missing")}},
                         QStringLiteral("sam")).ok());
    auto runbook = ctx->checklist().runbook();
    REQUIRE(runbook.ok());
    REQUIRE(ctx->checklist().setTick(runbook.value(), now.toLocalTime().date(), QStringLiteral("daily.health"), TickState::Done, {}, 0).ok());
    CostStore costs(ctx->store());
    QList<CostFigure> figures;
    for (int d = 1; d <= 12; ++d)
        figures << CostFigure{now.date().addDays(-d), QStringLiteral("openai"), QStringLiteral("gpt-5.4"), d == 1 ? 180.0 : 20.0, now};
    REQUIRE(costs.upsert(figures).ok());

    TimelinePage page(ctx->session(), ctx->timeline());
    REQUIRE(test::waitUntil([&] { return page.isReady(); }, 30'000));
    const Timeline &t = page.timeline();
    INFO(t.problems.join(QStringLiteral("; ")).toStdString());
    CHECK(t.problems.isEmpty());
    // Newest first, every source there.
    for (int i = 1; i < t.entries.size(); ++i)
        CHECK(t.entries[i - 1].at >= t.entries[i].at);
    const SandboxWorld &world = ctx->sandbox()->world();
    CHECK(entriesOf(t, TimelineKind::FailedRun).size() == failedRunsSince(world, now.addDays(-1)));
    CHECK(entriesOf(t, TimelineKind::Deployment).size() == deploymentsSince(world, now.addDays(-1)));
    const auto rollbacks = entriesOf(t, TimelineKind::Rollback);
    REQUIRE(rollbacks.size() == 1);  // the outcome, not the intent
    CHECK(rollbacks[0]->title.contains(QStringLiteral("succeeded")));
    CHECK(rollbacks[0]->person == QStringLiteral("maria"));
    CHECK(rollbacks[0]->pageId == QStringLiteral("deployments"));
    CHECK(rollbacks[0]->objectId == QStringLiteral("dpl_old"));
    CHECK(entriesOf(t, TimelineKind::Maintenance).size() == 1);
    CHECK(entriesOf(t, TimelineKind::Credential).size() == 1);
    const auto drills = entriesOf(t, TimelineKind::Backup);
    REQUIRE(drills.size() == 1);
    CHECK(drills[0]->bad);
    CHECK(drills[0]->detail.contains(QStringLiteral("role missing")));
    const auto signOffs = entriesOf(t, TimelineKind::SignOff);
    REQUIRE(signOffs.size() == 1);
    CHECK(signOffs[0]->title == QStringLiteral("Signed off daily.health"));
    const auto spikes = entriesOf(t, TimelineKind::CostSpike);
    REQUIRE(spikes.size() == 1);
    CHECK(spikes[0]->title.contains(QStringLiteral("$180.00")));
    CHECK(page.shownCount() == t.entries.size());

    // Filters: one kind, then one person.
    page.setKindFilter(TimelineKind::FailedRun);
    CHECK(page.shownCount() == failedRunsSince(world, now.addDays(-1)));
    page.setKindFilter(std::nullopt);
    page.setPersonFilter(QStringLiteral("sam"));
    int sams = 0;
    for (const TimelineEntry &e : t.entries)
        sams += e.person == QLatin1String("sam") ? 1 : 0;
    CHECK(sams >= 3);
    CHECK(page.shownCount() == sams);
    page.setPersonFilter({});

    // An entry opens its page at that object.
    QSignalSpy open(&page, &TimelinePage::openPageRequested);
    QTreeWidgetItem *rollbackRow = nullptr;
    for (int d = 0; d < page.tree()->topLevelItemCount(); ++d)
        for (int r = 0; r < page.tree()->topLevelItem(d)->childCount(); ++r)
            if (page.tree()->topLevelItem(d)->child(r)->text(2).startsWith(QStringLiteral("Rolled back")))
                rollbackRow = page.tree()->topLevelItem(d)->child(r);
    REQUIRE(rollbackRow);
    Q_EMIT page.tree()->itemActivated(rollbackRow, 0);
    REQUIRE(open.size() == 1);
    CHECK(open[0][0].toString() == QStringLiteral("deployments"));
    CHECK(open[0][1].toString() == QStringLiteral("dpl_old"));

    // A week holds more of the sandbox's deployments.
    page.setWeek(true);
    REQUIRE(test::waitUntil([&] { return page.isReady(); }, 30'000));
    CHECK(entriesOf(page.timeline(), TimelineKind::Deployment).size() == deploymentsSince(world, now.addDays(-7)));
    CHECK(deploymentsSince(world, now.addDays(-7)) > deploymentsSince(world, now.addDays(-1)));
}

TEST_CASE("timeline: a provider that is down is named, the rest still shows; the CLI says the same", "[gui]")
{
    test::CliRunner runner;
    auto ctx = test::makeContext(runner);
    REQUIRE(ctx->audit().append(QStringLiteral("secret.rotate"), QStringLiteral("Demo/github-token"), {}, QStringLiteral("sam")).ok());
    SandboxFaults down;
    down.serverErrorNext = 100;
    ctx->sandbox()->setFaults(QStringLiteral("vercel"), down);
    TimelinePage page(ctx->session(), ctx->timeline());
    REQUIRE(test::waitUntil([&] { return page.isReady(); }, 60'000));
    REQUIRE(page.timeline().problems.size() == 1);
    CHECK(page.timeline().problems[0].startsWith(QStringLiteral("Vercel: ")));
    CHECK(page.messageBar()->severity() == MessageBar::Severity::Warning);
    CHECK(entriesOf(page.timeline(), TimelineKind::Credential).size() == 1);
    CHECK_FALSE(entriesOf(page.timeline(), TimelineKind::FailedRun).isEmpty());

    // The CLI, on its own demo sandbox: only failed runs with --kind ci; an unknown kind is a usage error.
    const test::CliResult ci = runner.run({QStringLiteral("--demo"), QStringLiteral("--json"), QStringLiteral("timeline"),
                                           QStringLiteral("--kind"), QStringLiteral("ci")});
    INFO(ci.err.toStdString());
    REQUIRE(ci.exitCode == 0);
    const QJsonArray entries = ci.object()[QStringLiteral("entries")].toArray();
    CHECK_FALSE(entries.isEmpty());
    for (const QJsonValue &e : entries) {
        CHECK(e[QStringLiteral("kind")].toString() == QStringLiteral("ci"));
        CHECK(e[QStringLiteral("page")].toString() == QStringLiteral("ci"));
    }
    CHECK(runner.run({QStringLiteral("--demo"), QStringLiteral("timeline"), QStringLiteral("--kind"), QStringLiteral("nope")}).exitCode == 2);
    CHECK(runner.run({QStringLiteral("--demo"), QStringLiteral("timeline"), QStringLiteral("--since"), QStringLiteral("soon")}).exitCode == 2);
}
