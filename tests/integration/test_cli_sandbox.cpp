// opsdeck-cli against the in-process sandbox, configured only through environment variables
// (the way CI and cron use it).
#include "sandbox/sandbox.h"
#include "sandbox/sandboxworld.h"
#include "clirunner.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QTcpServer>
#include <QSet>
#include <QTemporaryDir>

#include <tuple>

using namespace opsdeck;

namespace {

class Fixture
{
public:
    Fixture()
    {
        SandboxOptions o;
        o.seed = 7;
        sandbox = std::make_unique<Sandbox>(o);
        REQUIRE(sandbox->start().ok());
        cli.unsetEnv({"VERCEL_TOKEN", "GITHUB_TOKEN", "GH_TOKEN", "OPENAI_ADMIN_KEY", "ANTHROPIC_ADMIN_KEY"});
        cli.setEnv(QStringLiteral("OPSDECK_VERCEL_API"), sandbox->vercelApi().toString());
        cli.setEnv(QStringLiteral("OPSDECK_VERCEL_PROJECT"), QString::fromLatin1(Sandbox::kVercelProjectId));
        cli.setEnv(QStringLiteral("OPSDECK_VERCEL_TEAM"), QString::fromLatin1(Sandbox::kVercelTeamId));
        cli.setEnv(QStringLiteral("VERCEL_TOKEN"), QString::fromLatin1(Sandbox::kVercelToken));
        cli.setEnv(QStringLiteral("OPSDECK_GITHUB_API"), sandbox->githubApi().toString());
        cli.setEnv(QStringLiteral("OPSDECK_GITHUB_REPO"), QString::fromLatin1(Sandbox::kGithubRepo));
        cli.setEnv(QStringLiteral("GITHUB_TOKEN"), QString::fromLatin1(Sandbox::kGithubToken));
        cli.setEnv(QStringLiteral("OPSDECK_HEALTH_URL"), sandbox->healthUrl().toString());
    }

    // The sandbox lives in this process: the runner keeps its event loop turning while the CLI runs.
    test::CliResult run(const QStringList &args, const QByteArray &stdinData = {}) { return cli.run(args, stdinData); }

    test::CliRunner cli;  // opsdeck-cli in a home of its own, configured through the environment
    std::unique_ptr<Sandbox> sandbox;
};

} // namespace

TEST_CASE("deployments lists production and preview deployments, newest first, as the world has them")
{
    Fixture f;
    const test::CliResult r = f.run({QStringLiteral("--json"), QStringLiteral("deployments"), QStringLiteral("--limit"), QStringLiteral("30")});
    INFO(r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    const QJsonArray rows = r.json().array();
    REQUIRE(rows.size() == 30);
    const auto &world = f.sandbox->world().deployments();
    QSet<QString> ids;
    for (int i = 0; i < rows.size(); ++i) {
        const QJsonObject d = rows[i].toObject();
        CHECK(d[QLatin1String("id")].toString() == world[i].uid);
        ids.insert(d[QLatin1String("id")].toString());
        if (i > 0)
            CHECK(d[QLatin1String("createdAt")].toString() <= rows[i - 1].toObject()[QLatin1String("createdAt")].toString());
        for (const char *field : {"url", "state", "target", "commitSha", "commitMessage", "creator", "isRollbackCandidate"})
            CHECK(d.contains(QLatin1String(field)));
    }
    CHECK(ids.size() == 30);

    const test::CliResult prod = f.run({QStringLiteral("--json"), QStringLiteral("deployments"), QStringLiteral("--target"),
                               QStringLiteral("production"), QStringLiteral("--limit"), QStringLiteral("5")});
    REQUIRE(prod.exitCode == 0);
    for (const QJsonValue &v : prod.json().array())
        CHECK(v.toObject()[QLatin1String("target")].toString() == QStringLiteral("production"));
}

TEST_CASE("runs --failed --since 24h shows the recent failures; rerun creates a new attempt")
{
    Fixture f;
    const test::CliResult r = f.run({QStringLiteral("--json"), QStringLiteral("runs"), QStringLiteral("--failed"), QStringLiteral("--since"),
                            QStringLiteral("24h"), QStringLiteral("--limit"), QStringLiteral("100")});
    INFO(r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    const QJsonArray rows = r.json().array();
    REQUIRE(rows.size() >= 3);
    for (const QJsonValue &v : rows)
        CHECK(v.toObject()[QLatin1String("conclusion")].toString() == QStringLiteral("failure"));

    const qint64 id = qint64(rows[0].toObject()[QLatin1String("id")].toDouble());
    const int before = f.sandbox->world().run(id)->runAttempt;
    const test::CliResult rr = f.run({QStringLiteral("rerun"), QString::number(id), QStringLiteral("--failed-only")});
    INFO(rr.err.toStdString());
    CHECK(rr.exitCode == 0);
    CHECK(f.sandbox->world().run(id)->runAttempt == before + 1);

    // Audited as the CI page audits it: one behaviour, in the CI use case.
    const test::CliResult audit = f.run({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("list")});
    REQUIRE(audit.exitCode == 0);
    const QJsonObject entry = audit.json().array().at(0).toObject();
    CHECK(entry[QLatin1String("action")].toString() == QStringLiteral("ci.rerun"));
    CHECK(entry[QLatin1String("target")].toString().endsWith(QLatin1Char('#') + QString::number(id)));
    const QJsonObject details = entry[QLatin1String("details")].toObject();
    CHECK(details[QLatin1String("outcome")].toString() == QStringLiteral("accepted"));
    CHECK(details[QLatin1String("failedJobsOnly")].toBool());
}

TEST_CASE("errors groups the production deployment's error lines")
{
    Fixture f;
    const test::CliResult r = f.run({QStringLiteral("--json"), QStringLiteral("errors"), QStringLiteral("--since"), QStringLiteral("24h")});
    INFO(r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    int total = 0;
    for (const QJsonValue &v : r.json().array()) {
        const QJsonObject g = v.toObject();
        total += g[QLatin1String("count")].toInt();
        CHECK(!g[QLatin1String("signature")].toString().isEmpty());
        CHECK(!g[QLatin1String("paths")].toArray().isEmpty());
    }
    int expected = 0;
    const QDateTime since = f.sandbox->nowUtc().addDays(-1);
    for (const auto &line : f.sandbox->world().runtimeLogs())
        if (line.level == QLatin1String("error") && QDateTime::fromMSecsSinceEpoch(line.timestampMs, Qt::UTC) >= since)
            ++expected;
    CHECK(total == expected);
    CHECK(total > 0);
}

TEST_CASE("health: up is exit 0, a dead URL is exit 1 with the reason")
{
    Fixture f;
    const test::CliResult up = f.run({QStringLiteral("--json"), QStringLiteral("health")});
    REQUIRE(up.exitCode == 0);
    const QJsonObject h = up.json().array().first().toObject();
    CHECK(h[QLatin1String("httpStatus")].toInt() == 200);
    CHECK(h[QLatin1String("ok")].toBool());
    CHECK(h[QLatin1String("latencyMs")].toInt() >= 0);

    const test::CliResult down = f.run({QStringLiteral("--json"), QStringLiteral("health"), QStringLiteral("http://127.0.0.1:1/api/health")});
    CHECK(down.exitCode == 1);
    CHECK_FALSE(down.json().array().first().toObject()[QLatin1String("error")].toString().isEmpty());
}

TEST_CASE("a missing credential is exit 2 and names the variable")
{
    Fixture f;
    f.cli.unsetEnv(QStringLiteral("VERCEL_TOKEN"));
    const test::CliResult r = f.run({QStringLiteral("deployments")});
    CHECK(r.exitCode == 2);
    CHECK(r.err.contains("VERCEL_TOKEN"));
}

TEST_CASE("a wrong token is a provider error (exit 3) with Vercel's message")
{
    Fixture f;
    f.cli.setEnv(QStringLiteral("VERCEL_TOKEN"), QStringLiteral("wrong-token-not-real"));
    const test::CliResult r = f.run({QStringLiteral("deployments")});
    CHECK(r.exitCode == 3);
    CHECK_FALSE(r.err.contains("wrong-token-not-real"));
}

TEST_CASE("a 429 with Retry-After is waited out, then the command succeeds")
{
    Fixture f;
    SandboxFaults faults;
    faults.rateLimitNext = 1;
    faults.retryAfterSec = 1;
    f.sandbox->setFaults(QStringLiteral("vercel"), faults);
    QElapsedTimer t;
    t.start();
    const test::CliResult r = f.run({QStringLiteral("--json"), QStringLiteral("deployments"), QStringLiteral("--limit"), QStringLiteral("3")});
    INFO(r.err.toStdString());
    CHECK(r.exitCode == 0);
    CHECK(r.json().array().size() == 3);
    CHECK(t.elapsed() >= 1000);
}

TEST_CASE("secrets push seals the value for the repository's key; the peer decrypts it")
{
    Fixture f;
    f.cli.setEnv(QStringLiteral("OPENAI_ADMIN_KEY"), QStringLiteral("fake-openai-admin-key-for-test"));
    const test::CliResult r = f.run({QStringLiteral("--json"), QStringLiteral("secrets"), QStringLiteral("push"),
                            QStringLiteral("openai-admin-key"), QStringLiteral("--github-repo"),
                            QString::fromLatin1(Sandbox::kGithubRepo)});
    INFO(r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    CHECK(r.json().object()[QLatin1String("secret")].toString() == QStringLiteral("OPENAI_ADMIN_KEY"));
    const auto plain = f.sandbox->decryptedSecret(QStringLiteral("OPENAI_ADMIN_KEY"));
    REQUIRE(plain.has_value());
    CHECK(*plain == QByteArray("fake-openai-admin-key-for-test"));
    CHECK_FALSE(r.out.contains("fake-openai-admin-key-for-test"));
}

TEST_CASE("check --json lists every daily item with its status; a failed workflow threshold is exit 1")
{
    Fixture f;
    f.cli.setEnv(QStringLiteral("OPSDECK_OPENAI_API"), f.sandbox->openaiApi().toString());
    f.cli.setEnv(QStringLiteral("OPENAI_ADMIN_KEY"), QString::fromLatin1(Sandbox::kOpenAiKey));
    f.cli.setEnv(QStringLiteral("OPSDECK_ANTHROPIC_API"), f.sandbox->anthropicApi().toString());
    f.cli.setEnv(QStringLiteral("ANTHROPIC_ADMIN_KEY"), QString::fromLatin1(Sandbox::kAnthropicKey));
    const test::CliResult r = f.run({QStringLiteral("--json"), QStringLiteral("check")});
    INFO(r.err.toStdString());
    INFO(r.out.toStdString());
    CHECK(r.exitCode == 1);
    const QJsonObject doc = r.json().object();
    CHECK(doc[QLatin1String("date")].toString().size() == 10);
    QHash<QString, QJsonObject> items;
    for (const QJsonValue &v : doc[QLatin1String("items")].toArray())
        items.insert(v.toObject()[QLatin1String("id")].toString(), v.toObject());
    REQUIRE(items.size() == 7);
    CHECK(items[QStringLiteral("daily.health")][QLatin1String("status")].toString() == QStringLiteral("pass"));
    CHECK(items[QStringLiteral("daily.workflows")][QLatin1String("status")].toString() == QStringLiteral("fail"));
    CHECK(items[QStringLiteral("daily.errors")][QLatin1String("status")].toString() == QStringLiteral("warn"));
    CHECK(items[QStringLiteral("daily.quick-fixes")][QLatin1String("status")].toString() == QStringLiteral("skipped"));
    // Yesterday's spend as the evidence, equal to the sandbox's ground truth.
    const QDate yesterday = f.sandbox->nowUtc().date().addDays(-1);
    const double spent = f.sandbox->world().totalCostUsd(yesterday);
    CHECK(items[QStringLiteral("daily.api-usage")][QLatin1String("evidence")].toString().startsWith(
        QStringLiteral("$") + QString::number(spent, 'f', 2) + QStringLiteral(" yesterday")));
    bool workflowAlert = false;
    for (const QJsonValue &a : doc[QLatin1String("alerts")].toArray()) {
        const QJsonObject o = a.toObject();
        if (o[QLatin1String("id")].toString() == QStringLiteral("failed-workflows")) {
            workflowAlert = true;
            CHECK(o[QLatin1String("threshold")].toDouble() == 3);
            CHECK(o[QLatin1String("value")].toDouble() > 3);
        }
    }
    CHECK(workflowAlert);

    // The record can be reported afterwards.
    const test::CliResult md = f.run({QStringLiteral("report"), QStringLiteral("--format"), QStringLiteral("md")});
    CHECK(md.exitCode == 0);
    CHECK(md.out.contains("Morning checklist"));
    CHECK(md.out.contains("errors in 24 h"));
}

TEST_CASE("opsdeck-cli sandbox serves the seeded world on the port asked for, until it is stopped")
{
    quint16 port = 0;
    {
        QTcpServer probe;
        REQUIRE(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    QProcess p;
    p.start(test::cliPath(), {QStringLiteral("--json"), QStringLiteral("sandbox"), QStringLiteral("--port"), QString::number(port),
                              QStringLiteral("--seed"), QStringLiteral("7")});
    REQUIRE(p.waitForStarted());
    QByteArray out;
    QJsonObject urls;
    REQUIRE(test::waitUntil([&] {
        out += p.readAllStandardOutput();
        urls = QJsonDocument::fromJson(out).object();
        return !urls.isEmpty() || p.state() == QProcess::NotRunning;
    }, 20000));
    INFO(p.readAllStandardError().toStdString());
    REQUIRE(p.state() == QProcess::Running);  // it stays in the foreground
    CHECK(QUrl(urls.value(QStringLiteral("baseUrl")).toString()).port() == port);

    // The same deployments as an in-process sandbox with seed 7.
    QNetworkAccessManager nam;
    QNetworkRequest request(QUrl(urls.value(QStringLiteral("vercelApi")).toString() + QStringLiteral("/v6/deployments?teamId=")
                                 + QLatin1String(Sandbox::kVercelTeamId) + QStringLiteral("&limit=100")));
    request.setRawHeader("Authorization", QByteArray("Bearer ") + Sandbox::kVercelToken);
    QNetworkReply *reply = nam.get(request);
    REQUIRE(test::waitUntil([&] { return reply->isFinished(); }, 20000));
    REQUIRE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200);
    QSet<QString> served;
    for (const QJsonValue &d : QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("deployments")).toArray())
        served.insert(d.toObject().value(QStringLiteral("uid")).toString());
    reply->deleteLater();
    SandboxOptions o;
    o.seed = 7;
    Sandbox same(o);
    QSet<QString> expected;
    for (const SandboxDeployment &d : same.world().deployments())
        expected.insert(d.uid);
    CHECK(served == expected);
    o.seed = 8;
    Sandbox other(o);
    CHECK(other.world().productionDeploymentId() != same.world().productionDeploymentId());

    p.terminate();
    REQUIRE(p.waitForFinished(10000));

    // Usage errors exit 2.
    test::CliRunner usage;
    usage.setTimeout(10000);
    const test::CliResult bad = usage.run({QStringLiteral("sandbox"), QStringLiteral("--port")});
    CHECK(bad.exitCode == 2);
    CHECK(bad.err.contains("--port needs a value"));
}

TEST_CASE("opsdeck-cli --help lists every command of cli.md; --version names the version; a typo is exit 2")
{
    auto run = [](const QStringList &args) {
        test::CliRunner cli;
        cli.setTimeout(20000);
        const test::CliResult r = cli.run(args);
        return std::make_tuple(r.exitCode, QString::fromUtf8(r.out), QString::fromUtf8(r.err));
    };
    const auto [helpCode, help, helpErr] = run({QStringLiteral("--help")});
    CHECK(helpCode == 0);
    for (const char *command : {"check", "deployments", "rollback", "promote", "runs", "rerun", "errors", "health", "costs",
                                "logs analyze", "logs rotate", "db status", "db vacuum", "backup run", "backup plan",
                                "backup prune", "secrets set", "secrets list", "secrets push", "audit verify", "report",
                                "sandbox"}) {
        INFO(command);
        CHECK(help.contains(QLatin1String(command)));
    }
    const auto [versionCode, version, versionErr] = run({QStringLiteral("--version")});
    CHECK(versionCode == 0);
    CHECK(version.startsWith(QStringLiteral("opsdeck-cli " OPSDECK_VERSION)));
    const auto [typoCode, typo, typoErr] = run({QStringLiteral("deploymnets")});
    CHECK(typoCode == 2);
    CHECK_FALSE(typoErr.isEmpty());
}
