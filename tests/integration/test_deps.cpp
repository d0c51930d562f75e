// `opsdeck-cli deps`: npm outdated classified by risk, and the monthly update in a libgit2 worktree,
// against real npm, a private registry (Verdaccio, packages published by the test at several
// versions), a real git checkout with a local bare remote, and the sandbox for the pull request.
#include "clirunner.h"
#include "npmregistry.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxworld.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace opsdeck;

namespace {

void writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly));
    f.write(data);
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// One registry, one bare remote and one checkout for the whole file: Verdaccio and npm take seconds.
struct World {
    test::NpmRegistry registry;
    QTemporaryDir dir;
    QString remote;
    QString checkout;

    World()
    {
        REQUIRE(dir.isValid());
        INFO(registry.error().toStdString());
        REQUIRE(registry.start());
        const test::ShopProject shop = test::makeShopProject(registry, dir.path());
        remote = shop.remote;
        checkout = shop.checkout;
    }

    test::CliRunner cli() const
    {
        test::CliRunner runner;
        const QProcessEnvironment env = registry.env();
        for (const char *name : {"NPM_CONFIG_USERCONFIG", "npm_config_cache", "npm_config_registry"})
            runner.setEnv(QString::fromLatin1(name), env.value(QString::fromLatin1(name)));
        runner.setTimeout(600'000);
        return runner;
    }
};

World &world()
{
    static World *w = new World;  // started once, stopped with the process
    return *w;
}

QJsonObject byPackage(const QJsonArray &rows, const QString &name)
{
    for (const QJsonValue &v : rows)
        if (v[QStringLiteral("package")].toString() == name)
            return v.toObject();
    return {};
}

// What the user sees of the checkout: the branch, a clean status and the installed versions.
QString checkoutState(const World &w)
{
    return QString::fromUtf8(test::gitCli({QStringLiteral("status"), QStringLiteral("--porcelain"), QStringLiteral("--branch")}, w.checkout).second)
           + QString::fromUtf8(readFile(w.checkout + QStringLiteral("/node_modules/alpha-odt/package.json")))
           + QString::fromUtf8(readFile(w.checkout + QStringLiteral("/package.json")));
}

} // namespace

TEST_CASE("deps outdated: each package with its change and the runbook's risk")
{
    World &w = world();
    const test::CliResult r = w.cli().run({QStringLiteral("--json"), QStringLiteral("deps"), QStringLiteral("outdated"), w.checkout});
    INFO(r.out.toStdString() << r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    const QJsonArray rows = r.array();
    CHECK(rows.size() == 3);
    const QJsonObject alpha = byPackage(rows, QStringLiteral("alpha-odt"));
    CHECK(alpha[QStringLiteral("current")] == QStringLiteral("1.0.0"));
    CHECK(alpha[QStringLiteral("wanted")] == QStringLiteral("1.1.0"));
    CHECK(alpha[QStringLiteral("latest")] == QStringLiteral("2.0.0"));
    CHECK(alpha[QStringLiteral("updateType")] == QStringLiteral("major"));
    CHECK(alpha[QStringLiteral("risk")] == QStringLiteral("high"));
    CHECK(alpha[QStringLiteral("dependencyType")] == QStringLiteral("dependencies"));
    const QJsonObject beta = byPackage(rows, QStringLiteral("beta-odt"));
    CHECK(beta[QStringLiteral("updateType")] == QStringLiteral("minor"));
    CHECK(beta[QStringLiteral("risk")] == QStringLiteral("high"));  // 0.x: a minor change is high
    CHECK(beta[QStringLiteral("dependencyType")] == QStringLiteral("devDependencies"));
    const QJsonObject gamma = byPackage(rows, QStringLiteral("gamma-odt"));
    CHECK(gamma[QStringLiteral("updateType")] == QStringLiteral("patch"));
    CHECK(gamma[QStringLiteral("risk")] == QStringLiteral("low"));

    // The table for people, and a folder that is not a project.
    const test::CliResult table = w.cli().run({QStringLiteral("deps"), QStringLiteral("outdated"), w.checkout});
    CHECK(table.out.contains("alpha-odt"));
    CHECK(table.out.contains("RISK"));
    const test::CliResult none = w.cli().run({QStringLiteral("deps"), QStringLiteral("outdated"), w.dir.path()});
    CHECK(none.exitCode != 0);
    CHECK(none.err.contains("package.json"));
}

TEST_CASE("deps outdated --input: saved npm output, workspaces and malformed files")
{
    test::CliRunner cli;
    QTemporaryDir dir;
    const QString saved = dir.filePath(QStringLiteral("outdated.json"));
    writeFile(saved, R"({"react":{"current":"18.2.0","wanted":"18.3.1","latest":"19.1.0","type":"dependencies"},
                        "vite":[{"current":"5.0.0","wanted":"5.4.2","latest":"5.4.2","type":"devDependencies","location":"a"},
                                {"current":"5.4.1","wanted":"5.4.2","latest":"5.4.2","type":"devDependencies","location":"b"}],
                        "next":{"current":"15.0.0-rc.1","wanted":"15.0.0","latest":"15.0.0"},
                        "left-pad":{"wanted":"1.3.0","latest":"1.3.0"}})");
    const test::CliResult r = cli.run({QStringLiteral("--json"), QStringLiteral("deps"), QStringLiteral("outdated"), QStringLiteral("--input"), saved});
    REQUIRE(r.exitCode == 0);
    const QJsonArray rows = r.array();
    REQUIRE(rows.size() == 5);
    CHECK(byPackage(rows, QStringLiteral("react"))[QStringLiteral("updateType")] == QStringLiteral("major"));
    CHECK(rows[3][QStringLiteral("updateType")] == QStringLiteral("minor"));  // vite 5.0.0 -> 5.4.2
    CHECK(rows[4][QStringLiteral("updateType")] == QStringLiteral("patch"));  // vite 5.4.1 -> 5.4.2
    // node-semver: from X.0.0's prerelease to X.0.0 is a major change.
    CHECK(byPackage(rows, QStringLiteral("next"))[QStringLiteral("updateType")] == QStringLiteral("major"));
    CHECK(byPackage(rows, QStringLiteral("left-pad"))[QStringLiteral("updateType")] == QStringLiteral("unknown"));
    CHECK(byPackage(rows, QStringLiteral("left-pad"))[QStringLiteral("current")].isNull());

    writeFile(saved, "<html>502 Bad Gateway</html>");
    const test::CliResult bad = cli.run({QStringLiteral("deps"), QStringLiteral("outdated"), QStringLiteral("--input"), saved});
    CHECK(bad.exitCode != 0);
    CHECK(bad.err.contains("did not print JSON"));
}

TEST_CASE("deps update --pr: low-risk updates in a worktree, checks, one commit of the manifest and lockfile, pushed, PR opened")
{
    World &w = world();
    Sandbox sandbox;
    REQUIRE(sandbox.start().ok());
    test::CliRunner cli = w.cli();
    cli.setEnv(QStringLiteral("OPSDECK_GITHUB_API"), sandbox.githubApi().toString());
    cli.setEnv(QStringLiteral("GITHUB_TOKEN"), QString::fromLatin1(Sandbox::kGithubToken));
    const QString before = checkoutState(w);

    const QStringList args{QStringLiteral("--json"), QStringLiteral("deps"), QStringLiteral("update"), w.checkout,
                           QStringLiteral("--risk"), QStringLiteral("low"), QStringLiteral("--pr"),
                           QStringLiteral("--github-repo"), QString::fromLatin1(Sandbox::kGithubRepo)};
    const test::CliResult r = cli.run(args);
    INFO(r.out.toStdString() << r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    const QJsonObject report = r.object();
    const QJsonArray updates = report[QStringLiteral("updates")].toArray();
    REQUIRE(updates.size() == 3);
    CHECK(byPackage(updates, QStringLiteral("alpha-odt"))[QStringLiteral("to")] == QStringLiteral("1.0.1"));  // same major.minor
    CHECK(byPackage(updates, QStringLiteral("beta-odt"))[QStringLiteral("to")] == QStringLiteral("0.3.2"));
    CHECK(byPackage(updates, QStringLiteral("gamma-odt"))[QStringLiteral("to")] == QStringLiteral("3.2.1"));
    CHECK(report[QStringLiteral("checksPassed")].toBool());
    const QJsonArray checks = report[QStringLiteral("checks")].toArray();
    REQUIRE(checks.size() == 2);
    CHECK(checks[0][QStringLiteral("script")] == QStringLiteral("test"));
    CHECK(checks[1][QStringLiteral("script")] == QStringLiteral("build"));
    CHECK(report[QStringLiteral("pushed")].toBool());

    // The remote has the branch with exactly the manifest and the lockfile changed, and the message.
    const auto [logCode, log] = test::gitCli({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--name-only"),
                                              QStringLiteral("--format=%s%n%b"), QStringLiteral("deps/monthly-updates")},
                                             w.remote);
    REQUIRE(logCode == 0);
    CHECK(log.contains("chore: monthly dependency updates"));
    CHECK(log.contains("alpha-odt 1.0.0 -> 1.0.1 (patch, low risk)"));
    CHECK(log.contains("\npackage.json\n"));
    CHECK(log.contains("\npackage-lock.json\n"));
    CHECK_FALSE(log.contains("test.js"));
    CHECK(test::gitCli({QStringLiteral("rev-parse"), QStringLiteral("deps/monthly-updates~1")}, w.remote).second
          == test::gitCli({QStringLiteral("rev-parse"), QStringLiteral("main")}, w.remote).second);
    const QByteArray lock = test::gitCli({QStringLiteral("show"), QStringLiteral("deps/monthly-updates:package-lock.json")}, w.remote).second;
    CHECK(lock.contains("alpha-odt-1.0.1.tgz"));

    // The pull request, and the user's checkout exactly as it was, with no worktree left behind.
    REQUIRE_FALSE(sandbox.world().pullRequests().isEmpty());
    const SandboxPullRequest &pr = sandbox.world().pullRequests().last();
    CHECK(pr.title == QStringLiteral("chore: monthly dependency updates"));
    CHECK(pr.head == QStringLiteral("deps/monthly-updates"));
    CHECK(pr.base == QStringLiteral("main"));
    CHECK(pr.body.contains(QStringLiteral("| gamma-odt | 3.2.0 | 3.2.1 | patch | low |")));
    CHECK(pr.body.contains(QStringLiteral("`npm run test`: passed")));
    CHECK(report[QStringLiteral("pullRequest")].toString().endsWith(QStringLiteral("/pull/%1").arg(pr.number)));
    CHECK(checkoutState(w) == before);
    const QByteArray worktrees = test::gitCli({QStringLiteral("worktree"), QStringLiteral("list")}, w.checkout).second;
    CHECK(worktrees.count('\n') == 1);

    // Again: GitHub says a pull request exists for the branch (422); that is reported with its URL.
    const test::CliResult again = cli.run(args);
    INFO(again.out.toStdString() << again.err.toStdString());
    REQUIRE(again.exitCode == 0);
    CHECK(again.object()[QStringLiteral("pullRequestExisted")].toBool());
    CHECK(again.object()[QStringLiteral("pullRequest")].toString().endsWith(QStringLiteral("/pull/%1").arg(pr.number)));
}

TEST_CASE("deps update: a failing check pushes nothing and says which script failed, with its output")
{
    World &w = world();
    test::CliResult r = w.cli().run({QStringLiteral("--json"), QStringLiteral("deps"), QStringLiteral("update"), w.checkout,
                                     QStringLiteral("--risk"), QStringLiteral("medium"), QStringLiteral("--branch"),
                                     QStringLiteral("deps/medium"), QStringLiteral("--commit")});
    INFO(r.out.toStdString() << r.err.toStdString());
    CHECK(r.exitCode == 1);
    const QJsonObject report = r.object();
    CHECK(byPackage(report[QStringLiteral("updates")].toArray(), QStringLiteral("alpha-odt"))[QStringLiteral("to")] == QStringLiteral("1.1.0"));
    // beta-odt 0.4.0 is a minor change below 1.0.0: high, not taken at medium.
    CHECK(byPackage(report[QStringLiteral("updates")].toArray(), QStringLiteral("beta-odt"))[QStringLiteral("to")] == QStringLiteral("0.3.2"));
    CHECK_FALSE(report[QStringLiteral("checksPassed")].toBool());
    CHECK(report[QStringLiteral("failedScript")] == QStringLiteral("test"));
    CHECK(report[QStringLiteral("checks")].toArray().first()[QStringLiteral("tail")].toVariant().toStringList().join(QLatin1Char('\n'))
              .contains(QStringLiteral("checkout total is wrong")));
    CHECK_FALSE(report[QStringLiteral("pushed")].toBool());
    CHECK(report[QStringLiteral("commit")].isNull());
    CHECK(test::gitCli({QStringLiteral("rev-parse"), QStringLiteral("--verify"), QStringLiteral("deps/medium")}, w.remote).first != 0);

    // The text form says it too.
    r = w.cli().run({QStringLiteral("deps"), QStringLiteral("update"), w.checkout, QStringLiteral("--risk"), QStringLiteral("medium"),
                     QStringLiteral("--branch"), QStringLiteral("deps/medium")});
    CHECK(r.exitCode == 1);
    CHECK(r.out.contains("npm run test: FAILED"));
    CHECK(r.out.contains("checkout total is wrong"));
    CHECK(r.err.contains("[install]"));  // live output, by phase
}

TEST_CASE("deps update: a folder that is not a git checkout, and a bad risk, are refused")
{
    World &w = world();
    QTemporaryDir plain;
    writeFile(plain.filePath(QStringLiteral("package.json")), R"({"name":"x","version":"1.0.0"})");
    test::CliResult r = w.cli().run({QStringLiteral("deps"), QStringLiteral("update"), plain.path(), QStringLiteral("--risk"), QStringLiteral("low")});
    CHECK(r.exitCode != 0);
    CHECK(r.err.contains("not a git checkout"));
    r = w.cli().run({QStringLiteral("deps"), QStringLiteral("update"), w.checkout, QStringLiteral("--risk"), QStringLiteral("extreme")});
    CHECK(r.exitCode == 2);
}
