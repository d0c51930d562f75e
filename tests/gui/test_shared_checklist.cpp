// Team mode, live: an OpsDeck window on the shared store sees a sign-off made by a cron CLI on the same
// store within a second (LISTEN/NOTIFY), with who made it, without a reload by the user.
#include "appcontext.h"
#include "checklistmodel.h"
#include "config/profile.h"
#include "messagebar.h"
#include "pages/checklistpage.h"
#include "pages/timelinepage.h"
#include "store/store.h"
#include "store/storeevents.h"
#include "usecases/checklistusecase.h"
#include "usecases/session.h"
#include "usecases/timelineusecase.h"

#include "clirunner.h"
#include "pgcluster.h"
#include "testcontext.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QUrl>

using namespace opsdeck;

TEST_CASE("a sign-off made by the CLI on the shared store appears in an open checklist within a second, with who made it",
          "[gui]")
{
    test::PgCluster pg;
    REQUIRE(pg.start());
    pg.createDatabase(QStringLiteral("team"));
    const QString url = pg.url(QStringLiteral("team"));
    const QString password = QUrl(pg.urlWithPassword()).password();
    qputenv("OPSDECK_STORE_PASSWORD", password.toUtf8());
    test::CliRunner runner;
    runner.setEnv(QStringLiteral("OPSDECK_STORE"), url);
    runner.setEnv(QStringLiteral("OPSDECK_STORE_PASSWORD"), password);

    auto ctx = test::makeContext(runner, {.demo = false, .storeLocation = url});
    REQUIRE(ctx->store().isShared());
    REQUIRE(ctx->session().storeEvents().isListening());
    ChecklistPage page(ctx->session(), ctx->checklist());
    TimelinePage timeline(ctx->session(), ctx->timeline());
    REQUIRE(test::waitUntil([&] { return page.model()->rowCount() > 0 && timeline.isReady(); }, 10'000));
    const auto signOffs = [&timeline] {
        int n = 0;
        for (const TimelineEntry &e : timeline.timeline().entries)
            n += e.kind == TimelineKind::SignOff ? 1 : 0;
        return n;
    };
    REQUIRE(signOffs() == 0);
    REQUIRE(page.model()->tick(QStringLiteral("daily.health")).state == TickState::Open);

    const test::CliResult ticked = runner.run({QStringLiteral("checklist"), QStringLiteral("tick"), QStringLiteral("daily.health"),
                                               QStringLiteral("--note"), QStringLiteral("from cron")});
    INFO(ticked.err.toStdString());
    REQUIRE(ticked.exitCode == 0);
    QElapsedTimer seen;
    seen.start();
    REQUIRE(test::waitUntil([&] { return page.model()->tick(QStringLiteral("daily.health")).state == TickState::Done; }, 1000));
    INFO("seen after " << seen.elapsed() << " ms");
    CHECK(seen.elapsed() < 1000);
    CHECK(page.model()->tick(QStringLiteral("daily.health")).note == QStringLiteral("from cron"));
    CHECK(page.messageBar()->text().contains(QStringLiteral("daily.health was signed off by ")));
    // The open Timeline shows it too, without a refresh by the user.
    CHECK(test::waitUntil([&] { return signOffs() == 1; }, 1000));

    // The window's own change goes the other way: the CLI reads it at once, and the page does not
    // announce its own change to itself.
    REQUIRE(page.tick(QStringLiteral("daily.errors"), true));
    const test::CliResult shown = runner.run({QStringLiteral("--json"), QStringLiteral("checklist"), QStringLiteral("show")});
    bool errorsDone = false;
    for (const QJsonValue &v : shown.object()[QStringLiteral("items")].toArray())
        if (v[QStringLiteral("id")].toString() == QLatin1String("daily.errors"))
            errorsDone = v[QStringLiteral("done")].toBool();
    CHECK(errorsDone);
    qunsetenv("OPSDECK_STORE_PASSWORD");
}
