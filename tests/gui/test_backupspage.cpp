// The Backups page against a real PostgreSQL cluster and a backup folder, offscreen: run now with
// progress, the list with its retention rule per backup, and a prune behind a typed confirmation.
#include "appcontext.h"
#include "usecases/session.h"
#include "usecases/backupsusecase.h"
#include "backupsmodel.h"
#include "dialogs/backupdialogs.h"
#include "messagebar.h"
#include "pages/backupspage.h"
#include "pgcluster.h"
#include "store/auditlog.h"
#include "backups/restoredrill.h"
#include "testcontext.h"
#include "testsupport.h"

#include "widgets/statuschip.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QLineEdit>
#include <QPushButton>
#include <QLabel>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;

TEST_CASE("backups page: run now three times, the plan says which go, a typed confirmation prunes and audits")
{
    test::ClusterSeed seed;
    seed.databases = {
        {QStringLiteral("shop"),
         QStringLiteral("CREATE TABLE items (id int PRIMARY KEY, name text);"
                        "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 2000) g;")},
    };
    const auto owned = test::startCluster(seed);
    test::PgCluster &cluster = *owned;

    QTemporaryDir dir;
    const QString dest = dir.filePath(QStringLiteral("backups"));
    REQUIRE(QDir().mkpath(dest));
    const auto created = test::makeContext(dir, {.demo = false});
    AppContext &ctx = *created;
    Profile p;
    p.name = QStringLiteral("staging");
    p.databaseUrl = cluster.urlWithPassword(QStringLiteral("shop"));
    p.backupDest = dest;
    p.retention = RetentionSettings{1, 0, 0, 0};  // one a day, at least two verified (OpsDeck's rule)
    ctx.setProfile(p);

    BackupsPage page(ctx.session(), ctx.backups());
    page.resize(1200, 700);
    page.show();
    REQUIRE(QTest::qWaitForWindowExposed(&page));
    REQUIRE(test::waitUntil([&] { return page.isReady(); }, 30000));
    CHECK(page.model()->rowCount() == 0);
    CHECK(page.statusChip()->text() == QStringLiteral("No backups"));
    CHECK(page.statusChip()->tone() == Tone::Warning);

    for (int i = 1; i <= 3; ++i) {
        page.runBackup();
        REQUIRE(test::waitUntil([&] { return !page.isBusy() && page.model()->rowCount() == i; }, 60000));
        INFO(page.messageBar()->text().toStdString());
        CHECK(page.messageBar()->severity() == MessageBar::Severity::Success);
        QTest::qWait(1100);  // distinct backup times (ids are per second)
    }

    // The header says how old the newest backup is, in the one relative format.
    REQUIRE(test::waitUntil([&] { return page.statusChip()->text() == QStringLiteral("Last backup just now"); }));
    CHECK(page.statusChip()->tone() == Tone::Good);

    // The oldest of today's three goes: one daily, plus the two newest verified kept by OpsDeck's rule.
    page.prune();
    REQUIRE(test::waitUntil([&] { return page.pruneDialog() != nullptr && page.pruneDialog()->isVisible(); }, 20000));
    PruneDialog *dialog = page.pruneDialog();
    REQUIRE(dialog->plan().removals().size() == 1);
    CHECK_FALSE(dialog->actionButton()->isEnabled());  // nothing typed yet
    QTest::keyClicks(dialog->confirmEdit(), dialog->expectedText());
    REQUIRE(dialog->actionButton()->isEnabled());
    QTest::mouseClick(dialog->actionButton(), Qt::LeftButton);
    REQUIRE(test::waitUntil([&] { return !page.isBusy() && page.model()->rowCount() == 2; }, 60000));
    CHECK(page.messageBar()->text().contains(QStringLiteral("Removed 1 backup")));
    const auto entries = ctx.audit().list(20);
    REQUIRE(entries.ok());
    QStringList actions;
    for (const AuditEntry &e : *entries)
        actions << e.action;
    INFO(actions.join(QLatin1Char(' ')).toStdString());
    CHECK(actions.contains(QStringLiteral("backup.prune")));

    // The restore test from its button: amber before, green after, the scratch database gone.
    auto *drillStatus = page.findChild<QLabel *>(QStringLiteral("backupDrillStatus"));
    REQUIRE(drillStatus);
    CHECK(drillStatus->text().contains(QStringLiteral("No restore test has passed yet")));
    CHECK(drillStatus->property("health").toInt() == int(DrillHealth::Amber));
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("backupDrill")), Qt::LeftButton);
    REQUIRE(test::waitUntil([&] { return page.isBusy(); }, 5000));
    REQUIRE(test::waitUntil([&] { return !page.isBusy(); }, 60000));
    INFO(page.messageBar()->text().toStdString());
    CHECK(page.messageBar()->text().startsWith(QStringLiteral("Restore test passed")));
    CHECK(drillStatus->property("health").toInt() == int(DrillHealth::Green));
    CHECK(drillStatus->text().contains(QStringLiteral("Restore test passed 0 d ago")));
    CHECK(cluster.psql(QStringLiteral("SELECT count(*) FROM pg_database WHERE datname LIKE 'opsdeck_drill_%'")).trimmed() == "0");
    const auto trail = ctx.audit().list(2);
    REQUIRE(trail.ok());
    CHECK(trail->first().action == QStringLiteral("backup.drill"));
    CHECK(trail->first().details.value(QStringLiteral("result")).toString() == QStringLiteral("passed"));
    page.grab().save(QStringLiteral("/tmp/opsdeck-shots/backups.png"));
}
