// The Database page against a real PostgreSQL cluster, offscreen: overview, and the slow-statement log
// setting behind a confirmation, audited.
#include "appcontext.h"
#include "usecases/session.h"
#include "usecases/credentialresolver.h"
#include "database/maintenance.h"
#include "dbtablesmodel.h"
#include "dialogs/maintenancedialog.h"
#include "messagebar.h"
#include "messagebox.h"
#include "pages/databasepage.h"
#include "pgcluster.h"
#include "store/auditlog.h"
#include "testcontext.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;

TEST_CASE("database page: overview of the server, and the slow-statement log set behind a confirmation")
{
    test::ClusterSeed seed;
    seed.databases = {
        {QStringLiteral("shop"), {}},
    };
    const auto owned = test::startCluster(seed);
    test::PgCluster &cluster = *owned;

    QTemporaryDir dir;
    const auto created = test::makeContext(dir, {.demo = false});
    AppContext &ctx = *created;
    Profile p;
    p.name = QStringLiteral("staging");
    p.databaseUrl = cluster.urlWithPassword(QStringLiteral("shop"));
    ctx.setProfile(p);

    DatabasePage page(ctx.session(), ctx.database());
    page.resize(1200, 800);
    page.show();
    REQUIRE(QTest::qWaitForWindowExposed(&page));
    REQUIRE(test::waitUntil([&] { return page.isReady(); }, 60000));
    INFO(page.messageBar()->text().toStdString());
    CHECK(page.overviewLabel()->text().contains(QStringLiteral("PostgreSQL 15")));
    CHECK(page.overviewLabel()->text().contains(QStringLiteral("database shop")));

    auto *state = page.findChild<QLabel *>(QStringLiteral("logSlowState"));
    auto *apply = page.findChild<QPushButton *>(QStringLiteral("logSlowApply"));
    auto *ms = page.findChild<QSpinBox *>(QStringLiteral("logSlowMs"));
    REQUIRE(state);
    REQUIRE(apply);
    REQUIRE(ms);
    REQUIRE(test::waitUntil([&] { return apply->isEnabled(); }, 20000));
    CHECK(state->text().contains(QStringLiteral("off")));

    // Declined: nothing changes, nothing is audited.
    ms->setValue(500);
    const int asked = MessageBox::questionsAsked();
    MessageBox::setNextAnswer(QMessageBox::No);
    QTest::mouseClick(apply, Qt::LeftButton);
    CHECK(MessageBox::questionsAsked() == asked + 1);
    CHECK(ctx.audit().list(10)->isEmpty());
    CHECK(cluster.psql(QStringLiteral("SHOW log_min_duration_statement"), QStringLiteral("shop")).trimmed() == "-1");

    // Confirmed: set for the database, audited, shown.
    MessageBox::setNextAnswer(QMessageBox::Yes);
    QTest::mouseClick(apply, Qt::LeftButton);
    REQUIRE(test::waitUntil([&] { return page.messageBar()->severity() == MessageBar::Severity::Success; }, 20000));
    CHECK(cluster.psql(QStringLiteral("SHOW log_min_duration_statement"), QStringLiteral("shop")).trimmed() == "500ms");
    const auto entries = ctx.audit().list(10);
    REQUIRE(entries.ok());
    // The attempt before the change (fail closed), then its outcome; newest first.
    REQUIRE(entries->size() == 2);
    for (const AuditEntry &e : entries.value()) {
        CHECK(e.action == QStringLiteral("db.log_min_duration_statement"));
        CHECK(e.target == QStringLiteral("shop"));
    }
    CHECK(entries->at(1).details.value(QStringLiteral("phase")).toString() == QStringLiteral("attempt"));
    CHECK(entries->at(1).details.value(QStringLiteral("to")).toString() == QStringLiteral("500 ms"));
    CHECK(entries->at(0).details.value(QStringLiteral("status")).toString() == QStringLiteral("succeeded"));
    REQUIRE(test::waitUntil([&] { return state->text().contains(QStringLiteral("500 ms")); }, 20000));
}

TEST_CASE("database page: a guided CREATE INDEX CONCURRENTLY, then the statements' time before and since")
{
    const auto owned = test::startCluster(test::statementsShop());
    test::PgCluster &cluster = *owned;
    auto lookUp = [&cluster](int n) {
        QString sql;
        for (int i = 0; i < n; ++i)
            sql += QStringLiteral("SELECT sum(total) FROM orders WHERE customer_id = %1;").arg(i);
        cluster.psql(sql, QStringLiteral("shop"));
    };
    lookUp(10);

    QTemporaryDir dir;
    const auto created = test::makeContext(dir, {.demo = false});
    AppContext &ctx = *created;
    Profile p;
    p.name = QStringLiteral("staging");
    p.databaseUrl = cluster.urlWithPassword(QStringLiteral("shop"));
    ctx.setProfile(p);
    DatabasePage page(ctx.session(), ctx.database());
    page.resize(1200, 900);
    page.show();
    REQUIRE(QTest::qWaitForWindowExposed(&page));
    REQUIRE(test::waitUntil([&] { return page.isReady(); }, 60000));

    auto *action = page.findChild<QComboBox *>(QStringLiteral("maintenanceAction"));
    auto *target = page.findChild<QComboBox *>(QStringLiteral("maintenanceTarget"));
    auto *columns = page.findChild<QLineEdit *>(QStringLiteral("indexColumns"));
    REQUIRE(action);
    REQUIRE(target);
    REQUIRE(columns);
    CHECK_FALSE(columns->isEnabled());
    // Guided from the slow statement (the "P95 slow" quick fix): select it, "Index this…".
    page.showSlowStatements();
    auto *slow = page.findChild<QTableView *>(QStringLiteral("slowQueries"));
    REQUIRE(slow);
    int lookupRow = -1;
    for (int r = 0; r < page.slowModel()->rowCount(); ++r) {
        if (page.slowModel()->statement(r).contains(QStringLiteral("customer_id =")))
            lookupRow = r;
    }
    REQUIRE(lookupRow >= 0);
    auto *indexThis = page.findChild<QPushButton *>(QStringLiteral("indexThisStatement"));
    REQUIRE(indexThis);
    slow->setCurrentIndex(page.slowModel()->index(lookupRow, 0));
    CHECK(page.findChild<QLabel *>(QStringLiteral("indexHint"))->text().contains(QStringLiteral("orders (customer_id)")));
    REQUIRE(indexThis->isEnabled());
    QTest::mouseClick(indexThis, Qt::LeftButton);
    CHECK(MaintenanceKind(action->currentData().toInt()) == MaintenanceKind::CreateIndex);
    CHECK(columns->isEnabled());
    CHECK(columns->text() == QStringLiteral("customer_id"));
    CHECK(target->currentData().toString().endsWith(QStringLiteral("orders")));
    REQUIRE(target->currentIndex() > 0);
    page.previewMaintenance();
    REQUIRE(test::waitUntil([&] { return page.maintenanceDialog() && page.maintenanceDialog()->isVisible(); }, 20000));
    MaintenanceDialog *d = page.maintenanceDialog();
    const QString preview = d->findChild<QLabel *>(QStringLiteral("maintenancePreview"))->text();
    CHECK(preview.contains(QStringLiteral("CREATE INDEX CONCURRENTLY \"idx_orders_customer_id\"")));
    CHECK(preview.contains(QStringLiteral("customer_id = $1")));  // the statement it should help, with its time
    CHECK_FALSE(d->actionButton()->isEnabled());
    QTest::keyClicks(d->confirmEdit(), d->expectedText());
    REQUIRE(d->actionButton()->isEnabled());
    QTest::mouseClick(d->actionButton(), Qt::LeftButton);
    REQUIRE(test::waitUntil([&] { return !d->isRunning() && d->statusText().contains(QStringLiteral("built")); }, 60000));
    CHECK(cluster.psql(QStringLiteral("SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_orders_customer_id'"),
                       QStringLiteral("shop")).trimmed() == "1");
    d->close();

    lookUp(10);
    QTableWidget *impact = page.indexImpactTable();
    REQUIRE(impact);
    page.refreshIndexImpact();
    auto rowOfLookup = [impact] {
        for (int r = 0; r < impact->rowCount(); ++r)
            if (impact->item(r, 1)->text().contains(QStringLiteral("customer_id =")))
                return r;
        return -1;
    };
    REQUIRE(test::waitUntil([&] { return rowOfLookup() >= 0 && impact->item(rowOfLookup(), 4)->text() == QStringLiteral("10"); },
                            20000));
    const int row = rowOfLookup();
    CHECK(impact->item(row, 0)->text() == QStringLiteral("idx_orders_customer_id"));
    const double before = impact->item(row, 2)->text().section(QLatin1Char(' '), 0, 0).replace(QLatin1Char(','), QString()).toDouble();
    const double since = impact->item(row, 3)->text().section(QLatin1Char(' '), 0, 0).replace(QLatin1Char(','), QString()).toDouble();
    INFO("before " << before << " ms, since " << since << " ms");
    CHECK(since < before);
    auto *tabs = page.findChild<QTabWidget *>();
    REQUIRE(tabs);
    tabs->setCurrentIndex(tabs->count() - 1);
    QTest::qWait(100);
    page.grab().save(QStringLiteral("/tmp/opsdeck-shots/database-index.png"));
}
