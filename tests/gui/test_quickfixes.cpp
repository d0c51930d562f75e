// The runbook's quick fixes as guided actions in the whole window against the demo sandbox: each
// opens its page at its object, says what it looked at, and changes nothing by itself.
#include "appcontext.h"
#include "buildlogmodel.h"
#include "checklistmodel.h"
#include "dialogs/rollbackdialog.h"
#include "mainwindow.h"
#include "messagebar.h"
#include "pagefactory.h"
#include "pages/alertspage.h"
#include "pages/checklistpage.h"
#include "pages/databasepage.h"
#include "pages/deploymentspage.h"
#include "quickfixes.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxworld.h"
#include "testcontext.h"
#include "testsupport.h"
#include "widgets/buildlogview.h"

#include <catch2/catch.hpp>

#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;
using opsdeck::test::waitUntil;

namespace {
template <typename P>
P *page(MainWindow &w, const QString &id)
{
    for (Page *p : w.pages()) {
        if (p->id() == id)
            return qobject_cast<P *>(p);
    }
    return nullptr;
}

QString messageOf(Page *p)
{
    return p->messageBar()->findChild<QLabel *>() ? p->messageBar()->findChild<QLabel *>()->text() : QString();
}
} // namespace

TEST_CASE("quick fixes: error rate, failed deployment and slow responses open their page at their object")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    Sandbox *sandbox = ctx->sandbox();
    REQUIRE(sandbox);
    MainWindow w(ctx->session());
    addPages(w, *ctx);
    w.resize(1400, 860);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    auto *fixes = w.findChild<QuickFixes *>(QStringLiteral("quickFixes"));
    REQUIRE(fixes);
    QSignalSpy shown(fixes, &QuickFixes::shown);
    QSignalSpy failed(fixes, &QuickFixes::failed);
    auto *deployments = page<DeploymentsPage>(w, QStringLiteral("deployments"));
    REQUIRE(deployments);

    SECTION("error rate high: the rollback preview of the last good production deployment, nothing posted")
    {
        const SandboxWorld &world = sandbox->world();
        QString lastGood;
        for (const SandboxDeployment &d : world.deployments()) {
            if (d.production && d.state == QLatin1String("READY") && d.rollbackCandidate && d.uid != world.productionDeploymentId()) {
                lastGood = d.uid;
                break;
            }
        }
        REQUIRE_FALSE(lastGood.isEmpty());
        fixes->run(QStringLiteral("error-rate"));
        REQUIRE(waitUntil([&] { return shown.count() == 1 || failed.count() > 0; }, 20000));
        REQUIRE(failed.isEmpty());
        CHECK(w.currentPage() == deployments);
        CHECK(deployments->selectedId() == lastGood);
        REQUIRE(waitUntil([&] { return deployments->dialog() != nullptr; }, 10000));
        RollbackDialog *d = deployments->dialog();
        REQUIRE(waitUntil([&] { return d->stage() != RollbackDialog::Stage::Preparing; }, 20000));
        CHECK(d->stage() == RollbackDialog::Stage::Preview);
        CHECK(messageOf(deployments).contains(QStringLiteral("Looked at the 20 most recent deployments")));
        CHECK(messageOf(deployments).contains(lastGood));
        d->reject();
        CHECK(sandbox->rollbackPostCount() == 0);
        CHECK(sandbox->world().productionDeploymentId() == world.productionDeploymentId());
    }

    SECTION("deployment failed: its build log at the error line, and the variables production lacks")
    {
        QString newestFailed;
        for (const SandboxDeployment &d : sandbox->world().deployments()) {
            if (d.state == QLatin1String("ERROR")) {
                newestFailed = d.uid;
                break;
            }
        }
        REQUIRE_FALSE(newestFailed.isEmpty());
        fixes->run(QStringLiteral("deployment-failed"));
        REQUIRE(waitUntil([&] { return shown.count() == 1 || failed.count() > 0; }, 20000));
        REQUIRE(failed.isEmpty());
        CHECK(w.currentPage() == deployments);
        CHECK(deployments->tabs()->currentWidget() == deployments->buildLog());
        REQUIRE(waitUntil([&] { return deployments->buildLog()->deploymentId() == newestFailed && !deployments->buildLog()->isLoading(); }, 20000));
        CHECK(deployments->buildLog()->model()->failingCount() == 2);
        const QString message = messageOf(deployments);
        CHECK(message.contains(newestFailed));
        CHECK(message.contains(QStringLiteral("STRIPE_WEBHOOK_SECRET")));
        CHECK(message.contains(QStringLiteral("environment variables")));
    }

    SECTION("responses slow: the slow statements, with the index guidance")
    {
        auto *database = page<DatabasePage>(w, QStringLiteral("database"));
        REQUIRE(database);
        fixes->run(QStringLiteral("slow-responses"));
        REQUIRE(waitUntil([&] { return shown.count() == 1 || failed.count() > 0; }, 30000));
        CHECK(w.currentPage() == database);
        CHECK(database->findChild<QTabWidget *>()->currentIndex() == 2);
        CHECK(messageOf(database).contains(QStringLiteral("slowest statements")));
    }

    SECTION("the checklist's quick-fixes item offers the three; an alert offers its own")
    {
        auto *checklist = page<ChecklistPage>(w, QStringLiteral("checklist"));
        REQUIRE(checklist);
        w.showPage(checklist->id());
        const int row = checklist->model()->rowOf(QStringLiteral("daily.quick-fixes"));
        REQUIRE(row >= 0);
        auto *table = checklist->findChild<QTableView *>();
        REQUIRE(table);
        table->setCurrentIndex(checklist->model()->index(row, 0));
        QPushButton *open = nullptr;
        for (QPushButton *b : checklist->findChildren<QPushButton *>()) {
            if (b->text() == QStringLiteral("Quick fixes…"))
                open = b;
        }
        REQUIRE(open);
        QSignalSpy requested(checklist, &ChecklistPage::quickFixRequested);
        QTest::mouseClick(open, Qt::LeftButton);
        QMenu *menu = nullptr;
        REQUIRE(waitUntil([&] { return (menu = checklist->findChild<QMenu *>(QStringLiteral("quickFixMenu"))) != nullptr; }, 2000));
        CHECK(menu->actions().size() == 3);
        menu->findChild<QAction *>(QStringLiteral("deployment-failed"))->trigger();
        REQUIRE(requested.count() == 1);
        CHECK(requested.at(0).at(0).toString() == QStringLiteral("deployment-failed"));
        menu->close();

        auto *alerts = page<AlertsPage>(w, QStringLiteral("alerts"));
        REQUIRE(alerts);
        CHECK_FALSE(alerts->findChild<QPushButton *>(QStringLiteral("quickFix"))->isEnabled());
        CHECK(AlertsPage::quickFixFor(QStringLiteral("error-rate")) == QStringLiteral("error-rate"));
        CHECK(AlertsPage::quickFixFor(QStringLiteral("p95")) == QStringLiteral("slow-responses"));
        CHECK(AlertsPage::quickFixFor(QStringLiteral("api-cost")).isEmpty());
    }
}
