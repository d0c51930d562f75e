// The start page, offscreen, in demo mode: checks run on open, evidence shows, items are ticked.
#include "appcontext.h"
#include "usecases/session.h"
#include "usecases/providerclients.h"
#include "checklistmodel.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "pagefactory.h"
#include "pages/checklistpage.h"
#include "core/clock.h"
#include "runbook/checkliststore.h"
#include "store/auditlog.h"
#include "clirunner.h"
#include "testcontext.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;

TEST_CASE("the checklist runs its checks on open and records sign-offs")
{
    QTemporaryDir dir;
    const auto created = test::makeContext(dir);
    AppContext &ctx = *created;
    MainWindow w(ctx.session());
    addPages(w, ctx);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    REQUIRE(w.currentPage()->id() == QStringLiteral("checklist"));
    auto *page = w.findChild<ChecklistPage *>();
    REQUIRE(page);
    ChecklistModel *model = page->model();
    test::checkModel(model);
    CHECK(model->rowCount() == 7);

    bool finished = false;
    QObject::connect(page, &ChecklistPage::checksFinished, [&] { finished = true; });
    REQUIRE(test::waitUntil([&] { return finished; }, 30000));
    const int errorsRow = model->rowOf(QStringLiteral("daily.errors"));
    REQUIRE(errorsRow >= 0);
    CHECK(model->index(errorsRow, ChecklistModel::Status).data().toString() == QStringLiteral("warn"));
    CHECK(model->index(errorsRow, ChecklistModel::Evidence).data().toString().startsWith(QStringLiteral("40 errors in 24 h")));
    CHECK(model->index(model->rowOf(QStringLiteral("daily.health")), ChecklistModel::Status).data().toString()
          == QStringLiteral("pass"));

    // Tick through the check box, as a user clicks it.
    const QModelIndex healthItem = model->index(model->rowOf(QStringLiteral("daily.health")), ChecklistModel::Item);
    CHECK(model->flags(healthItem).testFlag(Qt::ItemIsUserCheckable));
    model->setData(healthItem, Qt::Checked, Qt::CheckStateRole);
    CHECK(healthItem.data(Qt::CheckStateRole).toInt() == Qt::Checked);
    CHECK(model->doneCount() == 1);
    CHECK(page->acknowledge(QStringLiteral("daily.workflows"), QStringLiteral("known flaky job")));
    CHECK(model->doneCount() == 2);

    auto audit = ctx.audit().list(5);
    REQUIRE(audit.ok());
    CHECK(audit->first().action == QStringLiteral("checklist.acknowledged"));

    // Untick: the item is open again; a note stays on it, and both are audited.
    model->setData(healthItem, Qt::Unchecked, Qt::CheckStateRole);
    CHECK(healthItem.data(Qt::CheckStateRole).toInt() == Qt::Unchecked);
    CHECK(model->doneCount() == 1);
    CHECK(page->addNote(QStringLiteral("daily.health"), QStringLiteral("latency high after 06:00 deploy")));
    CHECK(model->tick(QStringLiteral("daily.health")).note == QStringLiteral("latency high after 06:00 deploy"));
    CHECK(model->tick(QStringLiteral("daily.health")).state == TickState::Open);
    {
        auto trail = ctx.audit().list(10);
        REQUIRE(trail.ok());
        QStringList actions;
        for (const auto &e : *trail)
            actions << e.action;
        INFO(actions.join(QLatin1Char(' ')).toStdString());
        CHECK(actions.size() >= 4);  // tick, acknowledge, untick, note
    }
    model->setData(healthItem, Qt::Checked, Qt::CheckStateRole);
    CHECK(model->doneCount() == 2);

    const QString report = dir.filePath(QStringLiteral("today.html"));
    REQUIRE(page->exportReport(report));
    QFile f(report);
    REQUIRE(f.open(QIODevice::ReadOnly));
    const QByteArray html = f.readAll();
    CHECK(html.contains("known flaky job"));
    CHECK(html.contains("40 errors in 24 h"));

    QTest::qWait(200);
    const QImage shot = w.grab().toImage();
    CHECK(shot.width() > 800);
    QDir().mkpath(QStringLiteral("/tmp/opsdeck-shots"));
    shot.save(dir.filePath(QStringLiteral("checklist.png")));
    shot.save(QStringLiteral("/tmp/opsdeck-shots/checklist.png"));
}

TEST_CASE("history: an earlier day opens read-only with its ticks and notes, then back to today")
{
    QTemporaryDir dir;
    const auto created = test::makeContext(dir);
    AppContext &ctx = *created;
    const QDate today = ctx.clock().nowUtc().date();
    const QDate earlier = today.addDays(-3);
    {
        ChecklistStore records(ctx.store(), ctx.audit(), ctx.clock());
        REQUIRE(records.setTick(earlier, QStringLiteral("daily.health"), TickState::Done, QStringLiteral("all green that day"), 0).ok());
        REQUIRE(records.setTick(earlier, QStringLiteral("daily.workflows"), TickState::Acknowledged,
                                QStringLiteral("runner outage at GitHub"), 0)
                    .ok());
    }
    MainWindow w(ctx.session());
    addPages(w, ctx);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    auto *page = w.findChild<ChecklistPage *>();
    REQUIRE(page);
    bool finished = false;
    QObject::connect(page, &ChecklistPage::checksFinished, [&] { finished = true; });
    REQUIRE(test::waitUntil([&] { return finished; }, 30000));
    auto *history = page->findChild<QComboBox *>(QStringLiteral("checklistHistory"));
    REQUIRE(history);
    const int earlierIndex = history->findData(earlier);
    REQUIRE(earlierIndex > 0);  // today first, then the days with a record
    CHECK(history->itemText(earlierIndex) == earlier.toString(Qt::ISODate));

    // Chosen as a user does: the record of that day, read-only.
    history->setCurrentIndex(earlierIndex);
    Q_EMIT history->activated(earlierIndex);
    ChecklistModel *model = page->model();
    const QModelIndex health = model->index(model->rowOf(QStringLiteral("daily.health")), ChecklistModel::Item);
    CHECK(health.data(Qt::CheckStateRole).toInt() == Qt::Checked);
    CHECK(model->tick(QStringLiteral("daily.health")).note == QStringLiteral("all green that day"));
    CHECK(model->tick(QStringLiteral("daily.workflows")).state == TickState::Acknowledged);
    CHECK(model->doneCount() == 2);
    CHECK_FALSE(model->flags(health).testFlag(Qt::ItemIsUserCheckable));
    CHECK_FALSE(model->setData(health, Qt::Unchecked, Qt::CheckStateRole));
    CHECK(model->tick(QStringLiteral("daily.health")).state == TickState::Done);

    // Back to today: editable again, and the earlier day's ticks are not today's.
    history->setCurrentIndex(0);
    Q_EMIT history->activated(0);
    const QModelIndex todayHealth = model->index(model->rowOf(QStringLiteral("daily.health")), ChecklistModel::Item);
    CHECK(model->flags(todayHealth).testFlag(Qt::ItemIsUserCheckable));
    CHECK(model->tick(QStringLiteral("daily.health")).note.isEmpty());
}

TEST_CASE("a profile with its own runbook file: switching to it reloads the checklist")
{
    QTemporaryDir dir;
    // A runbook whose morning list has only the health check and a manual step.
    QFile builtIn(QStringLiteral(":/runbook/default.json"));
    REQUIRE(builtIn.open(QIODevice::ReadOnly));
    QJsonObject root = QJsonDocument::fromJson(builtIn.readAll()).object();
    QJsonArray lists = root.value(QStringLiteral("lists")).toArray();
    QJsonObject daily = lists.at(0).toObject();
    QJsonArray kept;
    for (const QJsonValue &item : daily.value(QStringLiteral("items")).toArray()) {
        const QString id = item.toObject().value(QStringLiteral("id")).toString();
        if (id == QLatin1String("daily.health") || id == QLatin1String("daily.quick-fixes"))
            kept.append(item);
    }
    REQUIRE(kept.size() == 2);
    daily[QStringLiteral("items")] = kept;
    lists[0] = daily;
    root[QStringLiteral("lists")] = lists;
    const QString file = dir.filePath(QStringLiteral("team-runbook.json"));
    QFile out(file);
    REQUIRE(out.open(QIODevice::WriteOnly));
    out.write(QJsonDocument(root).toJson());
    out.close();

    const auto created = test::makeContext(dir);
    AppContext &ctx = *created;
    ChecklistPage page(ctx.session(), ctx.checklist());
    CHECK(page.model()->rowCount() == 7);
    Profile team = ctx.profile();
    team.runbookFile = file;
    ctx.setProfile(team);
    CHECK(page.model()->rowCount() == 2);
    CHECK(page.model()->rowOf(QStringLiteral("daily.errors")) < 0);

    // A runbook file that is not there: a clear error, and no stale list.
    team.runbookFile = dir.filePath(QStringLiteral("missing.json"));
    ctx.setProfile(team);
    CHECK(page.model()->rowCount() == 0);
    CHECK(page.messageBar()->severity() == MessageBar::Severity::Error);
}

TEST_CASE("the daily flow in fewer steps: sign off all passing at once, J/K and Space, nothing enabled that cannot act")
{
    QTemporaryDir dir;
    const auto created = test::makeContext(dir);
    AppContext &ctx = *created;
    MainWindow w(ctx.session());
    addPages(w, ctx);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    auto *page = w.findChild<ChecklistPage *>();
    REQUIRE(page);
    ChecklistModel *model = page->model();
    bool finished = false;
    QObject::connect(page, &ChecklistPage::checksFinished, [&] { finished = true; });
    REQUIRE(test::waitUntil([&] { return finished; }, 30000));

    // The progress says what the day looks like, not only how much is ticked.
    const QString progress = page->progressText();
    CHECK(progress.startsWith(QStringLiteral("0 of 7 signed off")));
    CHECK(progress.contains(QStringLiteral("pass")));
    CHECK(progress.contains(QStringLiteral("manual")));

    // Acknowledge is for failures only.
    auto *table = page->findChild<QTableView *>();
    REQUIRE(table);
    QPushButton *ack = nullptr;
    for (QPushButton *b : page->findChildren<QPushButton *>())
        if (b->text().startsWith(QStringLiteral("Acknowledge")))
            ack = b;
    REQUIRE(ack);
    table->setCurrentIndex(model->index(model->rowOf(QStringLiteral("daily.health")), ChecklistModel::Item));
    CHECK_FALSE(ack->isEnabled());

    // Sign off all passing: exactly the passing open items, one audit entry listing them.
    const QStringList passing = page->passingOpenItems();
    REQUIRE(passing.size() >= 2);
    CHECK(passing.contains(QStringLiteral("daily.health")));
    CHECK_FALSE(passing.contains(QStringLiteral("daily.errors")));  // a warning is not signed off wholesale
    auto *signOff = page->findChild<QPushButton *>(QStringLiteral("signOffPassing"));
    REQUIRE(signOff);
    REQUIRE(signOff->isEnabled());
    QTest::mouseClick(signOff, Qt::LeftButton);
    CHECK(model->doneCount() == passing.size());
    for (const QString &id : passing)
        CHECK(model->tick(id).state == TickState::Done);
    CHECK(model->tick(QStringLiteral("daily.errors")).state == TickState::Open);
    CHECK_FALSE(signOff->isEnabled());
    CHECK(page->progressText().startsWith(QStringLiteral("%1 of 7 signed off").arg(passing.size())));
    auto trail = ctx.audit().list(20);
    REQUIRE(trail.ok());
    int summaries = 0;
    for (const AuditEntry &e : trail.value()) {
        if (e.action != QLatin1String("checklist.sign-off-passing"))
            continue;
        ++summaries;
        QStringList items;
        for (const QJsonValue &v : e.details.value(QStringLiteral("items")).toArray())
            items << v.toString();
        CHECK(items == passing);
    }
    CHECK(summaries == 1);

    // The keyboard: J and K move, Space ticks and unticks.
    table->setFocus();
    table->setCurrentIndex(model->index(0, ChecklistModel::Item));
    QTest::keyClick(table, Qt::Key_J);
    CHECK(table->currentIndex().row() == 1);
    QTest::keyClick(table, Qt::Key_J);
    QTest::keyClick(table, Qt::Key_K);
    CHECK(table->currentIndex().row() == 1);
    const QString id = model->item(1)->id;
    const TickState before = model->tick(id).state;
    QTest::keyClick(table, Qt::Key_Space);
    CHECK(model->tick(id).state != before);
    QTest::keyClick(table, Qt::Key_Space);
    CHECK(model->tick(id).state == (before == TickState::Acknowledged ? TickState::Done : before));
}

TEST_CASE("a sign-off made on stale data is refused and shown: the other change appears, with who made it")
{
    test::CliRunner runner;
    auto ctx = test::makeContext(runner, {.demo = false});
    ChecklistPage page(ctx->session(), ctx->checklist());
    REQUIRE(test::waitUntil([&] { return page.model()->rowCount() > 0; }, 10'000));
    REQUIRE(page.model()->tick(QStringLiteral("daily.errors")).state == TickState::Open);
    // A colleague's cron job signs the item while this window still shows it open.
    const test::CliResult cli = runner.run({QStringLiteral("checklist"), QStringLiteral("tick"), QStringLiteral("daily.errors"),
                                            QStringLiteral("--note"), QStringLiteral("looked at the 504s")});
    INFO(cli.err.toStdString());
    REQUIRE(cli.exitCode == 0);
    CHECK(page.model()->tick(QStringLiteral("daily.errors")).state == TickState::Open);  // stale here

    // Acknowledging from the stale view is refused, says by whom, and the page now shows their sign-off.
    CHECK_FALSE(page.acknowledge(QStringLiteral("daily.errors"), QStringLiteral("flaky upstream")));
    CHECK(page.messageBar()->severity() == MessageBar::Severity::Error);
    CHECK(page.messageBar()->text().contains(QStringLiteral("changed meanwhile by ") + AuditLog::currentOsUser()));
    CHECK(page.messageBar()->text().contains(QStringLiteral("nothing was changed")));
    const Tick now = page.model()->tick(QStringLiteral("daily.errors"));
    CHECK(now.state == TickState::Done);
    CHECK(now.note == QStringLiteral("looked at the 504s"));
    // Nothing of the refused change was written.
    auto entries = ctx->audit().list(10);
    REQUIRE(entries.ok());
    int acknowledged = 0;
    for (const AuditEntry &e : entries.value())
        acknowledged += e.action == QLatin1String("checklist.acknowledged") ? 1 : 0;
    CHECK(acknowledged == 0);
}
