// Secret hygiene sweep: opsdeck-cli's daily, weekly and audit flows run against the sandbox with every
// credential set to a sentinel (and a health URL carrying a password and a token), with Qt's debug
// output on. Afterwards no sentinel is anywhere: not in the store, settings, reports, exports, the
// audit trail, nor in what the CLI printed.
#include "sandbox/sandbox.h"
#include "clirunner.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QUrl>

using namespace opsdeck;

TEST_CASE("no credential reaches a file or the output of any CLI flow")
{
    SandboxOptions o;
    o.seed = 11;
    Sandbox sandbox(o);
    REQUIRE(sandbox.start().ok());
    test::IsolatedHome home;
    test::CliRunner cli(home.path());
    cli.unsetEnv({"GH_TOKEN", "OPSDECK_BACKUP_KEY", "DATABASE_URL"});
    cli.setEnv(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=true"));
    cli.setEnv(QStringLiteral("OPSDECK_VERCEL_API"), sandbox.vercelApi().toString());
    cli.setEnv(QStringLiteral("OPSDECK_VERCEL_PROJECT"), QString::fromLatin1(Sandbox::kVercelProjectId));
    cli.setEnv(QStringLiteral("OPSDECK_VERCEL_TEAM"), QString::fromLatin1(Sandbox::kVercelTeamId));
    cli.setEnv(QStringLiteral("VERCEL_TOKEN"), QString::fromLatin1(Sandbox::kVercelToken));
    cli.setEnv(QStringLiteral("OPSDECK_GITHUB_API"), sandbox.githubApi().toString());
    cli.setEnv(QStringLiteral("OPSDECK_GITHUB_REPO"), QString::fromLatin1(Sandbox::kGithubRepo));
    cli.setEnv(QStringLiteral("GITHUB_TOKEN"), QString::fromLatin1(Sandbox::kGithubToken));
    cli.setEnv(QStringLiteral("OPSDECK_OPENAI_API"), sandbox.openaiApi().toString());
    cli.setEnv(QStringLiteral("OPENAI_ADMIN_KEY"), QString::fromLatin1(Sandbox::kOpenAiKey));
    cli.setEnv(QStringLiteral("OPSDECK_ANTHROPIC_API"), sandbox.anthropicApi().toString());
    cli.setEnv(QStringLiteral("ANTHROPIC_ADMIN_KEY"), QString::fromLatin1(Sandbox::kAnthropicKey));
    const QByteArray urlPassword = "hunter2-sentinel-password";
    const QByteArray urlToken = "tok-sentinel-in-query";
    QUrl health = sandbox.healthUrl();
    health.setUserInfo(QStringLiteral("probe:") + QString::fromLatin1(urlPassword));
    health.setQuery(QStringLiteral("token=") + QString::fromLatin1(urlToken));
    cli.setEnv(QStringLiteral("OPSDECK_HEALTH_URL"), health.toString());
    // A database that is not there: the flows that need it fail, with the password in the URL.
    const QByteArray dbPassword = "pg-sentinel-password";
    cli.setEnv(QStringLiteral("DATABASE_URL"),
               QStringLiteral("postgresql://app:%1@127.0.0.1:1/shop").arg(QString::fromLatin1(dbPassword)));
    const QString report = home.path() + QStringLiteral("/report.md");

    QByteArray printed;
    const QList<QStringList> flows{
        {QStringLiteral("check")},
        {QStringLiteral("--json"), QStringLiteral("check")},
        {QStringLiteral("health")},
        {QStringLiteral("--json"), QStringLiteral("health")},
        {QStringLiteral("deployments")},
        {QStringLiteral("runs")},
        {QStringLiteral("errors")},
        {QStringLiteral("costs")},
        {QStringLiteral("--json"), QStringLiteral("costs")},
        {QStringLiteral("db"), QStringLiteral("status")},
        {QStringLiteral("secrets"), QStringLiteral("list")},
        {QStringLiteral("profile"), QStringLiteral("show")},
        {QStringLiteral("report"), QStringLiteral("--output"), report},
        {QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("list")},
        {QStringLiteral("audit"), QStringLiteral("verify")},
    };
    for (const QStringList &args : flows) {
        const test::CliResult r = cli.run(args);
        INFO(args.join(QLatin1Char(' ')).toStdString() << " -> " << r.exitCode);
        CHECK(r.exitCode >= 0);
        printed += r.out + r.err;
    }

    const QList<QByteArray> sentinels{QByteArray(Sandbox::kVercelToken), QByteArray(Sandbox::kGithubToken),
                                      QByteArray(Sandbox::kOpenAiKey),   QByteArray(Sandbox::kAnthropicKey),
                                      urlPassword,                      urlToken,
                                      dbPassword};
    for (const QByteArray &secret : sentinels) {
        INFO(secret.toStdString());
        // Name where it leaked: the printed lines and the files that hold it.
        for (const QByteArray &line : printed.split('\n'))
            if (line.contains(secret))
                UNSCOPED_INFO("printed: " << line.left(300).toStdString());
        CHECK_FALSE(printed.contains(secret));
        CHECK(home.filesContaining(secret).join(QLatin1Char(' ')).toStdString() == "");
    }
    // The sweep looked at something: the store and the report exist.
    CHECK(QFile::exists(report));
    CHECK_FALSE(QDir(cli.dataDir()).entryList(QDir::Files).isEmpty());
}
