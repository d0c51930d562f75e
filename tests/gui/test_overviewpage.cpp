// The Overview: the console at a glance. Each card shows the same figure its page does, with its
// source and age; a provider that goes down keeps the card's last good value, marked stale; a card
// opens its page; the user chooses whether OpsDeck opens on the Overview or the Checklist.
#include "appcontext.h"
#include "config/settings.h"
#include "core/clock.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "pagefactory.h"
#include "pages/overviewpage.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxfaults.h"
#include "sandbox/sandboxworld.h"
#include "usecases/checklistusecase.h"
#include "usecases/overviewusecase.h"
#include "usecases/session.h"

#include "testcontext.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QAction>
#include <QMenu>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;

namespace {
bool loaded(OverviewPage &page, int previousUpdates, const int &updates)
{
    return test::waitUntil([&] { return page.isReady() && updates > previousUpdates; }, 30'000);
}
} // namespace

TEST_CASE("overview: every card from its source, the last good value kept when a provider is down, each opening its page",
          "[gui]")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    const QDateTime now = ctx->clock().nowUtc();
    OverviewPage page(ctx->session(), ctx->overview());
    int updates = 0;
    QObject::connect(&page, &Page::ready, [&updates] { ++updates; });
    REQUIRE(test::waitUntil([&] { return page.isReady() && page.updatedAt().isValid(); }, 30'000));

    // Production: the sandbox's current READY production deployment, from the Vercel API, just read.
    const SandboxWorld &world = ctx->sandbox()->world();
    QString productionId;
    for (const SandboxDeployment &d : world.deployments())
        if (d.production && d.state == QLatin1String("READY")) {
            productionId = d.uid;
            break;
        }
    REQUIRE_FALSE(productionId.isEmpty());
    OverviewCardButton *production = page.cardButton(QStringLiteral("production"));
    REQUIRE(production);
    CHECK(production->valueText() == productionId.left(12) + QStringLiteral("…"));
    CHECK(production->footerText() == QStringLiteral("Vercel API · just now"));
    CHECK_FALSE(production->card().stale);

    // CI: the failed runs of the last 24 h, as the sandbox holds them; above the threshold of 3: red.
    int failed = 0;
    for (const SandboxRun &r : world.runs())
        failed += r.conclusion == QLatin1String("failure") && r.createdAt >= now.addDays(-1).toMSecsSinceEpoch() ? 1 : 0;
    OverviewCardButton *ci = page.cardButton(QStringLiteral("ci"));
    CHECK(ci->valueText() == (failed == 1 ? QStringLiteral("1 failed run") : QStringLiteral("%1 failed runs").arg(failed)));
    CHECK(ci->card().level == (failed > 3 ? OverviewLevel::Bad : failed > 0 ? OverviewLevel::Warning : OverviewLevel::Good));

    // Checklist: today's sign-offs, as the Checklist page counts them.
    auto runbook = ctx->checklist().runbook();
    REQUIRE(runbook.ok());
    auto day = ctx->checklist().day(runbook.value(), now.toLocalTime().date());
    REQUIRE(day.ok());
    const int items = int(day->items.size());
    CHECK(page.cardButton(QStringLiteral("checklist"))->valueText() == QStringLiteral("0 of %1 signed off").arg(items));
    REQUIRE(ctx->checklist().setTick(runbook.value(), now.toLocalTime().date(), QStringLiteral("daily.health"), TickState::Done, {}, 0).ok());

    // Vercel goes down: the production card keeps the deployment it showed, marked stale with why.
    SandboxFaults down;
    down.serverErrorNext = 100;
    ctx->sandbox()->setFaults(QStringLiteral("vercel"), down);
    int before = updates;
    page.refresh();
    REQUIRE(loaded(page, before, updates));
    CHECK(production->valueText() == productionId.left(12) + QStringLiteral("…"));
    CHECK(production->card().stale);
    CHECK(production->footerText().contains(QStringLiteral("stale: ")));
    CHECK(page.messageBar()->severity() == MessageBar::Severity::Warning);
    CHECK(page.cardButton(QStringLiteral("checklist"))->valueText() == QStringLiteral("1 of %1 signed off").arg(items));

    // Back up: fresh again.
    ctx->sandbox()->setFaults(QStringLiteral("vercel"), SandboxFaults{});
    before = updates;
    page.refresh();
    REQUIRE(loaded(page, before, updates));
    CHECK_FALSE(production->card().stale);

    // A card opens its page (a click, or Enter on the focused card).
    QSignalSpy open(&page, &OverviewPage::openPageRequested);
    QTest::mouseClick(ci, Qt::LeftButton);
    REQUIRE(open.size() == 1);
    CHECK(open[0][0].toString() == QStringLiteral("ci"));
}

TEST_CASE("the user chooses the page OpsDeck opens at: the Checklist by default, or the Overview", "[gui]")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    {
        MainWindow w(ctx->session());
        addPages(w, *ctx);
        CHECK(w.currentPage()->id() == QStringLiteral("checklist"));
        CHECK(w.pages().first()->id() == QStringLiteral("overview"));  // first in the sidebar, Ctrl+1
        auto *menu = w.findChild<QMenu *>(QStringLiteral("startPageMenu"));
        REQUIRE(menu);
        QAction *overview = nullptr;
        for (QAction *a : menu->actions())
            if (a->data().toString() == QLatin1String("overview"))
                overview = a;
        REQUIRE(overview);
        overview->trigger();
    }
    CHECK(ctx->settings().value(keys::startPage) == QStringLiteral("overview"));
    MainWindow again(ctx->session());
    addPages(again, *ctx);
    CHECK(again.currentPage()->id() == QStringLiteral("overview"));
}
