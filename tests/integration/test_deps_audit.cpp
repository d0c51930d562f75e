// `opsdeck-cli deps audit` and `deps patch`: npm audit against a stand-in for the registry's bulk
// advisory endpoint in front of Verdaccio, npm audit fix --dry-run, the sandbox's Dependabot alerts
// (cursor paging), and a security patch taken to its first patched version on security/<id>.
#include "clirunner.h"
#include "core/clock.h"
#include "runbook/checks.h"
#include "npmregistry.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxworld.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

using namespace opsdeck;

namespace {
const char kAdvisory[] = "GHSA-9c47-m6qq-7p4h";

struct World {
    test::NpmRegistry registry;
    QTemporaryDir dir;
    test::ShopProject shop;
    QProcess advisories;
    QString registryUrl;  // the stand-in, in front of Verdaccio

    World()
    {
        INFO(registry.error().toStdString());
        REQUIRE(registry.start());
        shop = test::makeShopProject(registry, dir.path());
        QFile file(dir.filePath(QStringLiteral("advisories.json")));
        REQUIRE(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral(R"({"alpha-odt":[{"id":1099001,"url":"https://github.com/advisories/%1",
            "title":"Prototype pollution in alpha-odt","severity":"high","vulnerable_versions":"<1.0.1",
            "cwe":["CWE-1321"],"cvss":{"score":7.5,"vectorString":null}}]})").arg(QLatin1String(kAdvisory)).toUtf8());
        file.close();
        advisories.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        advisories.start(QStringLiteral("node"), {test::fixturePath(QStringLiteral("deps/advisories.mjs")), QStringLiteral("--upstream"),
                                                   registry.url(), QStringLiteral("--advisories"), file.fileName()});
        REQUIRE(advisories.waitForStarted());
        REQUIRE(test::waitUntil([this] { return advisories.canReadLine(); }, 30'000));
        const QByteArray line = advisories.readLine().trimmed();
        REQUIRE(line.startsWith("listening "));
        registryUrl = QStringLiteral("http://127.0.0.1:%1/").arg(QString::fromLatin1(line.mid(10)));
    }
    ~World()
    {
        advisories.kill();
        advisories.waitForFinished();
    }

    test::CliRunner cli(const Sandbox &sandbox) const
    {
        test::CliRunner runner;
        runner.setEnv(QStringLiteral("NPM_CONFIG_USERCONFIG"), registry.npmrc());
        runner.setEnv(QStringLiteral("npm_config_cache"), registry.cacheDir());
        runner.setEnv(QStringLiteral("npm_config_registry"), registryUrl);
        runner.setEnv(QStringLiteral("OPSDECK_GITHUB_API"), sandbox.githubApi().toString());
        runner.setEnv(QStringLiteral("GITHUB_TOKEN"), QString::fromLatin1(Sandbox::kGithubToken));
        runner.setTimeout(600'000);
        return runner;
    }
};
} // namespace

TEST_CASE("deps audit: npm's advisories by severity, what audit fix would change, Dependabot's open alerts")
{
    World w;
    Sandbox sandbox;
    REQUIRE(sandbox.start().ok());
    test::CliRunner cli = w.cli(sandbox);
    test::CliResult r = cli.run({QStringLiteral("--json"), QStringLiteral("deps"), QStringLiteral("audit"), w.shop.checkout,
                                 QStringLiteral("--github-repo"), QString::fromLatin1(Sandbox::kGithubRepo)});
    INFO(r.out.toStdString() << r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    const QJsonObject o = r.object();
    CHECK(o[QStringLiteral("bySeverity")][QStringLiteral("high")] == 1);
    CHECK(o[QStringLiteral("bySeverity")][QStringLiteral("critical")] == 0);
    const QJsonArray advisories = o[QStringLiteral("advisories")].toArray();
    REQUIRE(advisories.size() == 1);
    CHECK(advisories[0][QStringLiteral("id")] == QLatin1String(kAdvisory));
    CHECK(advisories[0][QStringLiteral("package")] == QStringLiteral("alpha-odt"));
    CHECK(advisories[0][QStringLiteral("vulnerableRange")] == QStringLiteral("<1.0.1"));
    CHECK(advisories[0][QStringLiteral("fixAvailable")].toBool());
    const QJsonArray fix = o[QStringLiteral("fix")].toArray();
    REQUIRE(fix.size() == 1);
    CHECK(fix[0][QStringLiteral("package")] == QStringLiteral("alpha-odt"));
    CHECK(fix[0][QStringLiteral("from")] == QStringLiteral("1.0.0"));
    int open = 0;
    for (const SandboxAlert &a : sandbox.world().alerts())
        open += a.state == QLatin1String("open") ? 1 : 0;
    CHECK(o[QStringLiteral("dependabot")][QStringLiteral("open")] == open);
    CHECK(open > 0);

    // The weekly check's level: a high advisory fails --audit-level moderate; the checkout is untouched.
    r = cli.run({QStringLiteral("deps"), QStringLiteral("audit"), w.shop.checkout, QStringLiteral("--audit-level"), QStringLiteral("moderate")});
    CHECK(r.exitCode == 1);
    CHECK(r.out.contains("1 high"));
    CHECK(r.out.contains("alpha-odt 1.0.0 -> "));
    CHECK(test::gitCli({QStringLiteral("status"), QStringLiteral("--porcelain")}, w.shop.checkout).second.isEmpty());
}

TEST_CASE("deps patch: the advisory's package to its first patched version on security/<id>, checks, commit, PR")
{
    World w;
    Sandbox sandbox;
    REQUIRE(sandbox.start().ok());
    test::CliRunner cli = w.cli(sandbox);
    const test::CliResult r = cli.run({QStringLiteral("--json"), QStringLiteral("deps"), QStringLiteral("patch"), w.shop.checkout,
                                       QLatin1String(kAdvisory), QStringLiteral("--pr"), QStringLiteral("--github-repo"),
                                       QString::fromLatin1(Sandbox::kGithubRepo)});
    INFO(r.out.toStdString() << r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    const QJsonObject o = r.object();
    CHECK(o[QStringLiteral("branch")].toString() == QStringLiteral("security/") + QLatin1String(kAdvisory));
    CHECK(o[QStringLiteral("to")] == QStringLiteral("1.0.1"));  // the first version outside <1.0.1, not latest
    CHECK(o[QStringLiteral("pushed")].toBool());
    const QByteArray subject = test::gitCli({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%s"),
                                             QStringLiteral("security/") + QLatin1String(kAdvisory)},
                                            w.shop.remote)
                                   .second.trimmed();
    CHECK(subject == QByteArray("security: patch ") + kAdvisory);
    REQUIRE_FALSE(sandbox.world().pullRequests().isEmpty());
    CHECK(sandbox.world().pullRequests().last().title == QString(QStringLiteral("security: patch ") + QLatin1String(kAdvisory)));

    const test::CliResult unknown = cli.run({QStringLiteral("deps"), QStringLiteral("patch"), w.shop.checkout, QStringLiteral("GHSA-none")});
    CHECK(unknown.exitCode == 2);
}

TEST_CASE("the weekly npm audit item fails on a high advisory; the monthly SECURITY.md item names its last commit")
{
    World w;
    // The checks run npm in this process: the same private registry and advisory stand-in.
    qputenv("NPM_CONFIG_USERCONFIG", w.registry.npmrc().toUtf8());
    qputenv("npm_config_cache", w.registry.cacheDir().toUtf8());
    qputenv("npm_config_registry", w.registryUrl.toUtf8());
    ManualClock clock(QDateTime::currentDateTimeUtc());
    CheckEnv env;
    env.clock = &clock;
    RunbookItem item;
    item.id = QStringLiteral("weekly.npm-audit");
    const auto run = [&](auto check) {
        std::optional<CheckResult> result;
        QObject owner;
        check(env, item, &owner, [&result](CheckResult c) { result = c; });
        REQUIRE(test::waitUntil([&] { return result.has_value(); }, 120'000));
        return *result;
    };
    CheckResult r = run(runNpmAuditCheck);
    CHECK(r.status == CheckStatus::NoData);  // no project folder in the profile
    env.profile.projectDir = w.shop.checkout;
    r = run(runNpmAuditCheck);
    INFO(r.evidence.toStdString());
    CHECK(r.status == CheckStatus::Fail);
    CHECK(r.evidence.contains(QStringLiteral("alpha-odt (GHSA-9c47-m6qq-7p4h, high)")));

    item.id = QStringLiteral("monthly.security-policy");
    r = run(runSecurityPolicyCheck);
    CHECK(r.status == CheckStatus::Warn);
    CHECK(r.evidence.contains(QStringLiteral("no .github/SECURITY.md")));
    QDir().mkpath(w.shop.checkout + QStringLiteral("/.github"));
    QFile policy(w.shop.checkout + QStringLiteral("/.github/SECURITY.md"));
    REQUIRE(policy.open(QIODevice::WriteOnly));
    policy.write("Report vulnerabilities to security@example.invalid\n");
    policy.close();
    REQUIRE(test::gitCli({QStringLiteral("add"), QStringLiteral(".github/SECURITY.md")}, w.shop.checkout).first == 0);
    REQUIRE(test::gitCli({QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("Add a security policy")}, w.shop.checkout).first == 0);
    // A later commit that does not touch it does not count.
    QFile other(w.shop.checkout + QStringLiteral("/README.md"));
    REQUIRE(other.open(QIODevice::WriteOnly));
    other.write("shop\n");
    other.close();
    REQUIRE(test::gitCli({QStringLiteral("add"), QStringLiteral("README.md")}, w.shop.checkout).first == 0);
    REQUIRE(test::gitCli({QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("Readme")}, w.shop.checkout).first == 0);
    const QByteArray sha = test::gitCli({QStringLiteral("rev-parse"), QStringLiteral("HEAD~1")}, w.shop.checkout).second.trimmed();
    r = run(runSecurityPolicyCheck);
    INFO(r.evidence.toStdString());
    CHECK(r.status == CheckStatus::Pass);
    CHECK(r.evidence.contains(QString::fromLatin1(sha.left(10))));
    CHECK(r.evidence.contains(QStringLiteral("\"Add a security policy\"")));
    CHECK(r.evidence.contains(QStringLiteral(" days ago) in ")));
}
