// The Deployments page and the rollback dialog, offscreen, driven by QTest against the demo sandbox.
#include "appcontext.h"
#include "usecases/providerclients.h"
#include "usecases/rollbackusecase.h"
#include "usecases/session.h"
#include "buildlogmodel.h"
#include "deploymentsmodel.h"
#include "dialogs/rollbackdialog.h"
#include "pages/deploymentspage.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxworld.h"
#include "store/auditlog.h"
#include "testcontext.h"
#include "testsupport.h"
#include "theme.h"
#include "tone.h"
#include "usecases/troubleshootusecase.h"
#include "widgets/buildlogview.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QApplication>
#include <QCheckBox>
#include <QListView>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;
using opsdeck::test::waitUntil;

namespace {

QString previousProduction(const SandboxWorld &world)
{
    for (const SandboxDeployment &d : world.deployments()) {
        if (d.rollbackCandidate && d.uid != world.productionDeploymentId())
            return d.uid;
    }
    return {};
}

QStringList outcomes(AppContext &ctx)
{
    QStringList out;
    const QList<AuditEntry> entries = ctx.audit().list().value();
    for (const AuditEntry &e : entries)
        out.prepend(e.details.value(QStringLiteral("outcome")).toString());
    return out;
}

void saveShot(QWidget *w, const QString &path)
{
    const QImage img = w->grab().toImage();
    CHECK(img.width() >= 600);
    CHECK(img.save(path));
}

struct PageFixture {
    PageFixture() : ctx(test::makeContext(dir)), page(ctx->session(), ctx->providers(), ctx->rollback(), ctx->troubleshoot())
    {
        sandbox = ctx->sandbox();
        REQUIRE(sandbox);
        page.resize(1280, 760);
        page.show();
        REQUIRE(QTest::qWaitForWindowExposed(&page));
        REQUIRE(waitUntil([&] { return page.isReady() && page.model()->rowCount() > 0; }, 20000));
    }

    RollbackDialog *openDialogFor(const QString &id, const char *button = "rollbackButton")
    {
        REQUIRE(page.selectDeployment(id));
        auto *b = page.findChild<QPushButton *>(QString::fromLatin1(button));
        REQUIRE(b->isEnabled());
        QTest::mouseClick(b, Qt::LeftButton);
        REQUIRE(waitUntil([&] { return page.dialog() != nullptr; }));
        RollbackDialog *d = page.dialog();
        REQUIRE(waitUntil([&] { return d->stage() != RollbackDialog::Stage::Preparing; }, 20000));
        REQUIRE(d->stage() == RollbackDialog::Stage::Preview);
        return d;
    }

    QTemporaryDir dir;
    std::unique_ptr<AppContext> ctx;
    DeploymentsPage page;
    Sandbox *sandbox = nullptr;
};

} // namespace

TEST_CASE("the deployments model lists, appends without duplicates and moves the production marker")
{
    DeploymentsModel model;
    test::checkModel(&model);
    Deployment a;
    a.id = QStringLiteral("dpl_a");
    a.state = QStringLiteral("READY");
    a.target = QStringLiteral("production");
    a.commitMessage = QStringLiteral("first line\nsecond line");
    Deployment b = a;
    b.id = QStringLiteral("dpl_b");
    // Production is pinned at the top of a listing, whatever its age; the rest keep their order.
    Deployment older = a;
    older.id = QStringLiteral("dpl_older");
    model.setDeployments({a, b, older}, QStringLiteral("dpl_older"));
    CHECK(model.deployment(0).id == QStringLiteral("dpl_older"));
    CHECK(model.deployment(1).id == QStringLiteral("dpl_a"));
    CHECK(model.deployment(2).id == QStringLiteral("dpl_b"));
    model.setDeployments({a, b}, QStringLiteral("dpl_a"));
    CHECK(model.rowCount() == 2);
    CHECK(model.index(0, DeploymentsModel::Target).data().toString().contains(QStringLiteral("current")));
    CHECK(model.index(0, DeploymentsModel::Message).data().toString() == QStringLiteral("first line"));
    Deployment c = a;
    c.id = QStringLiteral("dpl_c");
    model.appendDeployments({b, c});
    CHECK(model.rowCount() == 3);
    model.setCurrentProductionId(QStringLiteral("dpl_c"));
    CHECK_FALSE(model.index(0, 0).data(DeploymentsModel::IsCurrentRole).toBool());
    CHECK(model.index(2, 0).data(DeploymentsModel::IsCurrentRole).toBool());
}

TEST_CASE("roll back from the Deployments page: typed confirmation, one POST, the job to the end, audited")
{
    PageFixture f;
    SandboxWorld &world = f.sandbox->world();
    const QString before = world.productionDeploymentId();
    const QString target = previousProduction(world);
    REQUIRE_FALSE(target.isEmpty());

    // The list shows what Vercel has, newest first, with production marked.
    CHECK(f.page.model()->rowCount() == 10);
    CHECK(f.page.model()->deployment(0).id == world.deployments().first().uid);
    CHECK(f.page.model()->currentProductionId() == before);
    REQUIRE(f.page.selectDeployment(before));
    CHECK_FALSE(f.page.findChild<QPushButton *>(QStringLiteral("rollbackButton"))->isEnabled());

    REQUIRE(f.page.selectDeployment(target));
    const QString shots = f.dir.filePath(QStringLiteral("shots"));
    REQUIRE(QDir().mkpath(shots));
    saveShot(&f.page, shots + QStringLiteral("/deployments.png"));
    QDir().mkpath(QStringLiteral("/tmp/opsdeck-shots"));
    QFile::remove(QStringLiteral("/tmp/opsdeck-shots/deployments.png"));
    CHECK(QFile::copy(shots + QStringLiteral("/deployments.png"), QStringLiteral("/tmp/opsdeck-shots/deployments.png")));

    RollbackDialog *d = f.openDialogFor(target);
    CHECK(d->findChild<QLabel *>(QStringLiteral("currentDeployment"))->text().contains(before));
    CHECK(d->findChild<QLabel *>(QStringLiteral("targetDeployment"))->text().contains(target));
    CHECK(d->findChild<QLabel *>(QStringLiteral("targetDeployment"))->text().contains(QStringLiteral("Target age:")));
    CHECK(d->findChild<QListWidget *>(QStringLiteral("commitsBetween"))->count() > 0);
    CHECK(d->findChild<QLabel *>(QStringLiteral("staleNote"))->text().contains(QStringLiteral("cron jobs follow the old build")));
    CHECK(d->findChild<QLabel *>(QStringLiteral("currentDeployment"))->textFormat() == Qt::PlainText);

    QLineEdit *edit = d->confirmEdit();
    QPushButton *button = d->actionButton();
    for (const QString &wrong : {QStringLiteral("web"), QStringLiteral("ACME/WEB"), QStringLiteral("acme/web "),
                                 QStringLiteral(" acme/web"), QStringLiteral("acme/we")}) {
        INFO(wrong.toStdString());
        edit->clear();
        QTest::keyClicks(edit, wrong);
        CHECK_FALSE(button->isEnabled());
        QTest::keyClick(edit, Qt::Key_Return);
    }
    edit->clear();
    QTest::keyClicks(edit, QStringLiteral("acme/web"));
    CHECK(button->isEnabled());
    QTest::keyClick(edit, Qt::Key_Return);  // Enter never confirms
    QTest::keyClick(edit, Qt::Key_Enter);
    CHECK(d->stage() == RollbackDialog::Stage::Preview);
    CHECK(f.sandbox->rollbackPostCount() == 0);
    QTest::keyClicks(d->findChild<QLineEdit *>(QStringLiteral("reasonEdit")), QStringLiteral("5xx after deploy"));
    // Both sides are shown whole (once the event loop has laid the plan out): commit message first, then
    // age, commit, id and address.
    for (const char *side : {"currentDeployment", "targetDeployment"}) {
        const auto *label = d->findChild<QLabel *>(QLatin1String(side));
        INFO(side << " " << label->height() << " < " << label->sizeHint().height());
        CHECK(waitUntil([&] { return label->height() >= label->sizeHint().height(); }, 5000));
        CHECK(label->text().count(QLatin1Char('\n')) >= 3);
    }
    saveShot(d, shots + QStringLiteral("/rollback-dialog.png"));
    QFile::remove(QStringLiteral("/tmp/opsdeck-shots/rollback-dialog.png"));
    QFile::copy(shots + QStringLiteral("/rollback-dialog.png"), QStringLiteral("/tmp/opsdeck-shots/rollback-dialog.png"));

    QTest::mouseClick(button, Qt::LeftButton);
    QTest::mouseClick(button, Qt::LeftButton);  // the double click
    CHECK(d->stage() == RollbackDialog::Stage::Running);
    d->reject();  // Escape mid-run does not close
    CHECK(d->isVisible());
    REQUIRE(waitUntil([&] { return d->stage() == RollbackDialog::Stage::Done || d->stage() == RollbackDialog::Stage::Failed; },
                      60000));
    INFO(d->outcomeText().toStdString());
    CHECK(d->stage() == RollbackDialog::Stage::Done);
    // Over: the ticked steps and one Done button; the action is gone, not merely disabled.
    CHECK(d->cancelButton()->text() == QStringLiteral("Done"));
    CHECK(d->cancelButton()->isEnabled());
    CHECK_FALSE(d->actionButton()->isVisible());
    CHECK(d->outcomeText().contains(QStringLiteral("Production now serves ") + target));
    CHECK(d->outcomeText().contains(QStringLiteral("Health OK")));
    CHECK(d->findChild<QListWidget *>(QStringLiteral("progressLog"))->count() >= 3);
    CHECK(f.sandbox->rollbackPostCount() == 1);
    CHECK(world.productionDeploymentId() == target);
    saveShot(d, shots + QStringLiteral("/rollback-dialog-done.png"));
    QFile::remove(QStringLiteral("/tmp/opsdeck-shots/rollback-dialog-done.png"));
    QFile::copy(shots + QStringLiteral("/rollback-dialog-done.png"), QStringLiteral("/tmp/opsdeck-shots/rollback-dialog-done.png"));

    CHECK(outcomes(*f.ctx) == QStringList{QStringLiteral("started"), QStringLiteral("succeeded")});
    const AuditEntry last = f.ctx->audit().list(1).value().first();
    CHECK(last.action == QStringLiteral("rollback"));
    CHECK(last.target == QStringLiteral("acme/web"));
    CHECK(last.details.value(QStringLiteral("to")).toString() == target);
    CHECK(last.details.value(QStringLiteral("reason")).toString() == QStringLiteral("5xx after deploy"));

    // The page reloads and marks the new production deployment.
    REQUIRE(waitUntil([&] { return f.page.model()->currentProductionId() == target; }, 20000));
    d->close();
    REQUIRE(waitUntil([&] { return f.page.dialog() == nullptr; }));
}

TEST_CASE("'Roll back to previous production' picks the production deployment before the current one")
{
    PageFixture f;
    SandboxWorld &world = f.sandbox->world();
    const QString target = previousProduction(world);
    REQUIRE_FALSE(target.isEmpty());
    // Whatever row is selected (here the current production, where "Roll back to this" can do nothing).
    REQUIRE(f.page.selectDeployment(world.productionDeploymentId()));
    CHECK_FALSE(f.page.findChild<QPushButton *>(QStringLiteral("rollbackButton"))->isEnabled());
    auto *previous = f.page.findChild<QPushButton *>(QStringLiteral("rollbackPrevious"));
    REQUIRE(previous);
    REQUIRE(previous->isEnabled());
    CHECK(previous->toolTip().contains(target));
    QTest::mouseClick(previous, Qt::LeftButton);
    REQUIRE(waitUntil([&] { return f.page.dialog() != nullptr; }));
    RollbackDialog *d = f.page.dialog();
    REQUIRE(waitUntil([&] { return d->stage() != RollbackDialog::Stage::Preparing; }, 20000));
    CHECK(d->findChild<QLabel *>(QStringLiteral("targetDeployment"))->text().contains(target));
    d->reject();
    REQUIRE(waitUntil([&] { return f.page.dialog() == nullptr; }));
    CHECK(world.productionDeploymentId() != target);  // nothing was changed
}

TEST_CASE("closing after the preview is a cancelled attempt; a stale plan is refused and can be prepared again")
{
    PageFixture f;
    SandboxWorld &world = f.sandbox->world();
    const QString target = previousProduction(world);
    RollbackDialog *d = f.openDialogFor(target);
    d->reject();
    CHECK(outcomes(*f.ctx) == QStringList{QStringLiteral("cancelled")});
    REQUIRE(waitUntil([&] { return f.page.dialog() == nullptr; }));

    d = f.openDialogFor(target);
    // Production moves (another operator) while the preview is open.
    QString other;
    for (const SandboxDeployment &dep : world.deployments()) {
        if (dep.state == QLatin1String("READY") && dep.uid != target && dep.uid != world.productionDeploymentId()) {
            other = dep.uid;
            break;
        }
    }
    const qint64 now = f.sandbox->nowUtc().toMSecsSinceEpoch();
    world.startAliasRequest(QStringLiteral("promote"), other, now);
    world.advanceAliasRequest(now + 7000, false);
    QTest::keyClicks(d->confirmEdit(), QStringLiteral("acme/web"));
    QTest::mouseClick(d->actionButton(), Qt::LeftButton);
    REQUIRE(waitUntil([&] { return d->stage() == RollbackDialog::Stage::Failed; }, 20000));
    CHECK(d->outcomeText().contains(QStringLiteral("stale")));
    CHECK(f.sandbox->rollbackPostCount() == 0);
    CHECK(outcomes(*f.ctx).last() == QStringLiteral("stale"));
    auto *again = d->findChild<QPushButton *>(QStringLiteral("prepareAgain"));
    REQUIRE(again->isVisible());
    QTest::mouseClick(again, Qt::LeftButton);
    REQUIRE(waitUntil([&] { return d->stage() == RollbackDialog::Stage::Preview; }, 20000));
    CHECK(d->plan()->current.id == other);
    CHECK_FALSE(d->actionButton()->isEnabled());  // a new plan needs a new confirmation
}

TEST_CASE("promote a preview deployment from the Deployments page: one POST, production moves, audited")
{
    PageFixture f;
    SandboxWorld &world = f.sandbox->world();
    QString target;
    for (const SandboxDeployment &d : world.deployments())
        if (!d.production && d.state == QLatin1String("READY")) {
            target = d.uid;
            break;
        }
    REQUIRE_FALSE(target.isEmpty());
    REQUIRE(f.page.selectDeployment(target));
    // A preview is never a rollback target, but it can be promoted.
    CHECK_FALSE(f.page.findChild<QPushButton *>(QStringLiteral("rollbackButton"))->isEnabled());

    RollbackDialog *d = f.openDialogFor(target, "promoteButton");
    CHECK(d->windowTitle() == QStringLiteral("Promote to production"));
    CHECK(d->findChild<QLabel *>(QStringLiteral("targetDeployment"))->text().contains(target));
    QPushButton *button = d->actionButton();
    CHECK_FALSE(button->isEnabled());
    QTest::keyClicks(d->confirmEdit(), QStringLiteral("acme/web"));
    REQUIRE(button->isEnabled());
    QTest::mouseClick(button, Qt::LeftButton);
    QTest::mouseClick(button, Qt::LeftButton);
    REQUIRE(waitUntil([&] { return d->stage() == RollbackDialog::Stage::Done || d->stage() == RollbackDialog::Stage::Failed; },
                      60000));
    INFO(d->outcomeText().toStdString());
    CHECK(d->stage() == RollbackDialog::Stage::Done);
    CHECK(d->outcomeText().contains(QStringLiteral("Production now serves ") + target));
    CHECK(world.productionDeploymentId() == target);
    int promotePosts = 0;
    for (const QString &project : {QStringLiteral("prj_demo_web"), QStringLiteral("web")})
        promotePosts += f.sandbox->requestCount(QStringLiteral("/vercel/v10/projects/") + project + QStringLiteral("/promote/") + target);
    CHECK(promotePosts == 1);  // the double click sent one
    CHECK(f.sandbox->rollbackPostCount() == 0);
    const AuditEntry last = f.ctx->audit().list(1).value().first();
    CHECK(last.action == QStringLiteral("promote"));
    CHECK(last.details.value(QStringLiteral("to")).toString() == target);
    REQUIRE(waitUntil([&] { return f.page.model()->currentProductionId() == target; }, 20000));
    d->close();
}

TEST_CASE("a failed deployment opens at its build log: the error line picked out, searchable, saved")
{
    PageFixture f;
    const SandboxWorld &world = f.sandbox->world();
    const SandboxDeployment *failed = nullptr;
    for (const SandboxDeployment &d : world.deployments()) {
        if (d.state == QLatin1String("ERROR") && f.page.model()->rowOf(d.uid) >= 0) {
            failed = &d;
            break;
        }
    }
    REQUIRE(failed);
    QString ready;
    for (const SandboxDeployment &d : world.deployments()) {
        if (d.state == QLatin1String("READY") && f.page.model()->rowOf(d.uid) >= 0) {
            ready = d.uid;
            break;
        }
    }
    REQUIRE_FALSE(ready.isEmpty());
    BuildLogView *log = f.page.buildLog();

    // A good deployment keeps the Details tab.
    REQUIRE(f.page.selectDeployment(ready));
    CHECK(f.page.tabs()->currentWidget() != log);

    REQUIRE(f.page.selectDeployment(failed->uid));
    CHECK(f.page.tabs()->currentWidget() == log);
    REQUIRE(waitUntil([&] { return log->deploymentId() == failed->uid && !log->isLoading(); }, 20000));
    const QString errorLine = QStringLiteral("Error: ") + failed->errorMessage;
    const int rows = log->view()->model()->rowCount();
    REQUIRE(rows >= 7);
    // The first failing line is current and shown in the failing tone.
    const QModelIndex current = log->view()->currentIndex();
    REQUIRE(current.isValid());
    CHECK(current.data(BuildLogModel::FailingRole).toBool());
    CHECK(current.data(ToneRole).toInt() == int(Tone::Bad));
    CHECK(log->statusText().contains(QStringLiteral("2 failing lines")));

    QDir().mkpath(QStringLiteral("/tmp/opsdeck-shots"));
    saveShot(&f.page, QStringLiteral("/tmp/opsdeck-shots/deployments-buildlog.png"));
    applyTheme(*qApp, true);
    QTest::qWait(50);
    saveShot(&f.page, QStringLiteral("/tmp/opsdeck-shots/deployments-buildlog-dark.png"));
    applyTheme(*qApp, false);

    QTest::mouseClick(log->failingOnlyBox(), Qt::LeftButton);
    REQUIRE(log->view()->model()->rowCount() == 2);
    CHECK(log->view()->model()->index(1, 0).data(BuildLogModel::TextRole).toString() == errorLine);
    QTest::mouseClick(log->failingOnlyBox(), Qt::LeftButton);
    QTest::keyClicks(log->searchBox(), QStringLiteral("npm install"));
    CHECK(log->view()->model()->rowCount() == 1);
    CHECK(log->statusText().contains(QStringLiteral("1 shown")));
    log->searchBox()->clear();
    CHECK(log->view()->model()->rowCount() == rows);

    const QString saved = f.dir.filePath(QStringLiteral("build.log"));
    QString problem;
    REQUIRE(log->saveTo(saved, &problem));
    QFile file(saved);
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    CHECK(text.count(QLatin1Char('\n')) == rows);
    CHECK(text.contains(errorLine));
    CHECK_FALSE(log->saveTo(QStringLiteral("/proc/opsdeck-cannot-write/build.log"), &problem));
    CHECK(problem.contains(QStringLiteral("could not be saved")));

    // The Details tab and back: the log is not fetched again.
    const int fetched = f.sandbox->requestCount(QStringLiteral("/vercel/v3/deployments/"));
    f.page.tabs()->setCurrentIndex(0);
    f.page.showBuildLog();
    QTest::qWait(100);
    CHECK(f.sandbox->requestCount(QStringLiteral("/vercel/v3/deployments/")) == fetched);
}
