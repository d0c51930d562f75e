// The Database page against a real PostgreSQL cluster, offscreen: overview, and the slow-statement log
// setting behind a confirmation, audited.
#include "appcontext.h"
#include "messagebar.h"
#include "messagebox.h"
#include "pages/databasepage.h"
#include "pgcluster.h"
#include "store/auditlog.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;

TEST_CASE("database page: overview of the server, and the slow-statement log set behind a confirmation")
{
    test::PgCluster cluster;
    const bool started = cluster.start();
    INFO(cluster.error().toStdString());
    REQUIRE(started);
    cluster.createDatabase(QStringLiteral("shop"));

    QTemporaryDir dir;
    AppOptions o;
    o.settingsPath = dir.filePath(QStringLiteral("settings.ini"));
    o.dataDir = dir.filePath(QStringLiteral("data"));
    auto created = AppContext::create(o);
    REQUIRE(created.ok());
    AppContext &ctx = *created.value();
    Profile p;
    p.name = QStringLiteral("staging");
    p.databaseUrl = cluster.urlWithPassword(QStringLiteral("shop"));
    ctx.setProfile(p);

    DatabasePage page(ctx);
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
    REQUIRE(entries->size() == 1);
    CHECK(entries->first().action == QStringLiteral("db.log_min_duration_statement"));
    CHECK(entries->first().target == QStringLiteral("shop"));
    REQUIRE(test::waitUntil([&] { return state->text().contains(QStringLiteral("500 ms")); }, 20000));
}
