// The Dependencies page against real npm, a private registry (Verdaccio) and a git checkout with a
// bare remote: the outdated list with its risks, an update whose check fails (nothing pushed, the
// script and its output shown), and a cancelled update (the worktree removed). Screenshots in both themes.
#include "appcontext.h"
#include "messagebar.h"
#include "messagebox.h"
#include "npmregistry.h"
#include "pages/dependenciespage.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxworld.h"
#include "testcontext.h"
#include "testsupport.h"
#include "theme.h"
#include "usecases/session.h"

#include <catch2/catch.hpp>

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QFile>
#include <QProcess>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace opsdeck;

namespace {
struct World {
    test::NpmRegistry registry;
    QTemporaryDir dir;
    test::ShopProject shop;
    World()
    {
        INFO(registry.error().toStdString());
        REQUIRE(registry.start());
        shop = test::makeShopProject(registry, dir.path());
        // npm, run by the app in this process, uses the private registry.
        const QProcessEnvironment env = registry.env();
        for (const char *name : {"NPM_CONFIG_USERCONFIG", "npm_config_cache", "npm_config_registry"})
            qputenv(name, env.value(QString::fromLatin1(name)).toUtf8());
    }
};

World &world()
{
    static World *w = new World;
    return *w;
}

int rowOf(QTableWidget *t, const QString &name)
{
    for (int r = 0; r < t->rowCount(); ++r)
        if (t->item(r, 0)->text() == name)
            return r;
    return -1;
}

int worktreeCount(const QString &checkout)
{
    return int(test::gitCli({QStringLiteral("worktree"), QStringLiteral("list")}, checkout).second.count('\n'));
}
} // namespace

TEST_CASE("dependencies page: outdated packages with their risk, then an update whose test fails pushes nothing", "[gui]")
{
    World &w = world();
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir, {.demo = false});
    Profile p;
    p.name = QStringLiteral("deps");
    p.projectDir = w.shop.checkout;
    ctx->profiles().save(p);
    ctx->setProfile(p);
    DependenciesPage page(ctx->session(), ctx->depsUseCase());
    page.resize(1200, 720);
    page.show();
    REQUIRE(test::waitUntil([&] { return page.isReady(); }, 60'000));
    INFO(page.messageBar()->text().toStdString());
    QTableWidget *t = page.table();
    REQUIRE(t->rowCount() == 3);
    const int alpha = rowOf(t, QStringLiteral("alpha-odt"));
    const int gamma = rowOf(t, QStringLiteral("gamma-odt"));
    CHECK(t->item(alpha, 5)->text() == QStringLiteral("high"));
    CHECK(t->item(alpha, 5)->foreground().color() == toneColor(Tone::Bad));
    CHECK(t->item(gamma, 5)->text() == QStringLiteral("low"));
    CHECK(t->item(gamma, 5)->foreground().color() == toneColor(Tone::Good));
    for (const bool dark : {false, true}) {
        applyTheme(*qApp, dark);
        QTest::qWait(50);
        QDir().mkpath(QStringLiteral("/tmp/opsdeck-shots"));
        CHECK(page.grab().save(QStringLiteral("/tmp/opsdeck-shots/dependencies-%1.png").arg(dark ? QStringLiteral("dark")
                                                                                               : QStringLiteral("light"))));
    }
    applyTheme(*qApp, false);

    // Declining the plan changes nothing.
    MessageBox::setNextAnswer(QMessageBox::Cancel);
    CHECK_FALSE(page.startUpdate());
    CHECK_FALSE(page.isUpdating());

    // Medium takes alpha-odt to 1.1.0, which the project's test refuses.
    page.riskBox()->setCurrentIndex(1);
    page.branchEdit()->setText(QStringLiteral("deps/gui-medium"));
    MessageBox::setNextAnswer(QMessageBox::Yes);
    REQUIRE(page.startUpdate());
    CHECK(page.isUpdating());
    REQUIRE(test::waitUntil([&] { return !page.isUpdating(); }, 300'000));
    REQUIRE(page.lastReport().has_value());
    CHECK(page.lastReport()->failedScript == QStringLiteral("test"));
    CHECK_FALSE(page.lastReport()->pushed);
    CHECK(page.messageBar()->severity() == MessageBar::Severity::Error);
    CHECK(page.messageBar()->text().contains(QStringLiteral("\"test\" failed")));
    CHECK(page.messageBar()->text().contains(QStringLiteral("checkout total is wrong")));
    CHECK(page.log()->toPlainText().contains(QStringLiteral("[install] $ npm ci")));
    CHECK(page.log()->toPlainText().contains(QStringLiteral("[test]")));
    CHECK(test::gitCli({QStringLiteral("rev-parse"), QStringLiteral("--verify"), QStringLiteral("deps/gui-medium")}, w.shop.remote).first != 0);
    CHECK(worktreeCount(w.shop.checkout) == 1);
    QTest::qWait(50);
    CHECK(page.grab().save(QStringLiteral("/tmp/opsdeck-shots/dependencies-failed.png")));
}

TEST_CASE("dependencies page: Cancel stops npm and removes the worktree", "[gui]")
{
    World &w = world();
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir, {.demo = false});
    Profile p;
    p.name = QStringLiteral("deps-cancel");
    p.projectDir = w.shop.checkout;
    ctx->profiles().save(p);
    ctx->setProfile(p);
    DependenciesPage page(ctx->session(), ctx->depsUseCase());
    REQUIRE(test::waitUntil([&] { return page.isReady(); }, 60'000));
    MessageBox::setNextAnswer(QMessageBox::Yes);
    REQUIRE(page.startUpdate());
    REQUIRE(test::waitUntil([&] { return page.log()->toPlainText().contains(QStringLiteral("$ npm")); }, 60'000));
    page.cancelUpdate();
    REQUIRE(test::waitUntil([&] { return !page.isUpdating(); }, 60'000));
    CHECK(page.messageBar()->text().contains(QStringLiteral("cancelled")));
    CHECK(worktreeCount(w.shop.checkout) == 1);
    // The worktree's folder (named in the log) is gone.
    const QString log = page.log()->toPlainText();
    const qsizetype at = log.indexOf(QStringLiteral(" at /"));
    REQUIRE(at > 0);
    const QString folder = log.mid(at + 4, log.indexOf(QLatin1Char('\n'), at) - at - 4);
    CHECK(folder.contains(QStringLiteral("opsdeck-deps-")));
    CHECK_FALSE(QDir(folder).exists());
}

TEST_CASE("dependencies page without a project says what to choose", "[gui]")
{
    QTemporaryDir dir;
    auto ctx = test::makeContext(dir);
    DependenciesPage page(ctx->session(), ctx->depsUseCase());
    CHECK(page.isReady());
    CHECK(page.table()->rowCount() == 0);
    CHECK(page.messageBar()->text().contains(QStringLiteral("package.json")));
}

TEST_CASE("dependencies page: the Security tab lists npm's advisories; Patch now opens a security/<id> pull request", "[gui]")
{
    World &w = world();
    QTemporaryDir dir;
    // The registry's bulk advisory endpoint, stood in for in front of Verdaccio.
    QFile file(dir.filePath(QStringLiteral("advisories.json")));
    REQUIRE(file.open(QIODevice::WriteOnly));
    file.write(R"({"alpha-odt":[{"id":1099001,"url":"https://github.com/advisories/GHSA-9c47-m6qq-7p4h",
        "title":"Prototype pollution in alpha-odt","severity":"high","vulnerable_versions":"<1.0.1"}]})");
    file.close();
    QProcess advisories;
    advisories.start(QStringLiteral("node"), {test::fixturePath(QStringLiteral("deps/advisories.mjs")), QStringLiteral("--upstream"),
                                              w.registry.url(), QStringLiteral("--advisories"), file.fileName()});
    REQUIRE(test::waitUntil([&] { return advisories.canReadLine(); }, 30'000));
    const QByteArray port = advisories.readLine().trimmed().mid(10);
    const QByteArray registryBefore = qgetenv("npm_config_registry");
    qputenv("npm_config_registry", "http://127.0.0.1:" + port + "/");
    Sandbox sandbox;
    REQUIRE(sandbox.start().ok());
    qputenv("GITHUB_TOKEN", Sandbox::kGithubToken);

    auto ctx = test::makeContext(dir, {.demo = false});
    Profile p;
    p.name = QStringLiteral("deps-security");
    p.projectDir = w.shop.checkout;
    p.githubApi = sandbox.githubApi();
    p.githubRepo = QString::fromLatin1(Sandbox::kGithubRepo);
    ctx->profiles().save(p);
    ctx->setProfile(p);
    DependenciesPage page(ctx->session(), ctx->depsUseCase());
    page.resize(1200, 720);
    page.show();
    REQUIRE(test::waitUntil([&] { return page.lastAudit().has_value(); }, 120'000));
    REQUIRE(page.advisoryTable()->rowCount() == 1);
    CHECK(page.advisoryTable()->item(0, 0)->text() == QStringLiteral("GHSA-9c47-m6qq-7p4h"));
    CHECK(page.advisoryTable()->item(0, 2)->foreground().color() == toneColor(Tone::Bad));
    CHECK(page.lastAudit()->dependabot.has_value());
    page.findChild<QTabWidget *>(QStringLiteral("depsTabs"))->setCurrentIndex(1);
    QTest::qWait(50);
    CHECK(page.grab().save(QStringLiteral("/tmp/opsdeck-shots/dependencies-security.png")));

    MessageBox::setNextAnswer(QMessageBox::Yes);
    REQUIRE(page.patchAdvisory(0));
    REQUIRE(test::waitUntil([&] { return !page.isUpdating(); }, 300'000));
    INFO(page.messageBar()->text().toStdString());
    REQUIRE(page.lastReport().has_value());
    CHECK(page.lastReport()->pushed);
    CHECK(page.lastReport()->branch == QStringLiteral("security/GHSA-9c47-m6qq-7p4h"));
    CHECK(page.lastReport()->updates.first().to == QStringLiteral("1.0.1"));
    REQUIRE_FALSE(sandbox.world().pullRequests().isEmpty());
    CHECK(sandbox.world().pullRequests().last().title == QStringLiteral("security: patch GHSA-9c47-m6qq-7p4h"));
    CHECK(page.messageBar()->severity() == MessageBar::Severity::Success);

    qputenv("npm_config_registry", registryBefore);
    qunsetenv("GITHUB_TOKEN");
    advisories.kill();
    advisories.waitForFinished();
}
