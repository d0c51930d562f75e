// The runbook's "Deployment Failures": a deployment's build log and the project's environment
// variables, through VercelClient (the sandbox, and a raw peer for a live stream and bad answers)
// and through opsdeck-cli deployments logs / env list / env diff.
#include "clirunner.h"
#include "jobwatch.h"
#include "net/httpclient.h"
#include "providers/vercel/vercelclient.h"
#include "rawhttppeer.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxworld.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonObject>

using namespace opsdeck;
using opsdeck::test::RawHttpAnswer;
using opsdeck::test::RawHttpPeer;
using opsdeck::test::waitUntil;

namespace {

const SandboxDeployment *firstIn(const SandboxWorld &world, const QString &state)
{
    for (const SandboxDeployment &d : world.deployments()) {
        if (d.state == state)
            return &d;
    }
    return nullptr;
}

struct Fixture {
    Fixture() : sandbox(SandboxOptions{0, 17, QDateTime::currentDateTimeUtc()})
    {
        REQUIRE(sandbox.start().ok());
        cli.unsetEnv({"VERCEL_TOKEN", "GITHUB_TOKEN", "GH_TOKEN", "OPSDECK_HEALTH_URL", "DATABASE_URL", "OPENAI_API_KEY"});
        cli.setEnv(QStringLiteral("OPSDECK_VERCEL_API"), sandbox.vercelApi().toString());
        cli.setEnv(QStringLiteral("OPSDECK_VERCEL_PROJECT"), QString::fromLatin1(Sandbox::kVercelProjectId));
        cli.setEnv(QStringLiteral("OPSDECK_VERCEL_TEAM"), QString::fromLatin1(Sandbox::kVercelTeamId));
        cli.setEnv(QStringLiteral("VERCEL_TOKEN"), QString::fromLatin1(Sandbox::kVercelToken));
    }
    VercelConfig config(const QString &team = QString::fromLatin1(Sandbox::kVercelTeamId)) const
    {
        return VercelConfig{sandbox.vercelApi(), QString::fromLatin1(Sandbox::kVercelToken), team,
                            QString::fromLatin1(Sandbox::kVercelProjectId), QUrl()};
    }

    Sandbox sandbox;
    HttpClient http;
    test::CliRunner cli;
};

QStringList texts(const QList<BuildEvent> &events)
{
    QStringList out;
    for (const BuildEvent &e : events)
        out << e.text;
    return out;
}

} // namespace

TEST_CASE("build log from the sandbox: a failed build's error lines, a good build without any, the stream form alike")
{
    Fixture f;
    VercelClient vercel(f.http, f.config());
    const SandboxDeployment *failed = firstIn(f.sandbox.world(), QStringLiteral("ERROR"));
    const SandboxDeployment *ready = firstIn(f.sandbox.world(), QStringLiteral("READY"));
    REQUIRE(failed);
    REQUIRE(ready);

    QList<BuildEvent> delivered;
    const auto log = test::wait(vercel.buildLog(failed->uid, false, [&](const QList<BuildEvent> &e) { delivered += e; }));
    REQUIRE(log.ok());
    CHECK(texts(delivered) == texts(log->events));  // each line once
    CHECK(log->events.first().text.startsWith(QStringLiteral("Cloning github.com/acme/web")));
    CHECK(texts(log->events).contains(QStringLiteral("Error: ") + failed->errorMessage));
    CHECK(log->failingCount() == 2);

    const auto good = test::wait(vercel.buildLog(ready->uid, false));
    REQUIRE(good.ok());
    CHECK(good->failingCount() == 0);
    CHECK(good->events.last().text == QStringLiteral("Deployment completed"));

    // follow=1 answers NDJSON: the same lines, in order.
    QList<BuildEvent> streamed;
    const auto followed = test::wait(vercel.buildLog(failed->uid, true, [&](const QList<BuildEvent> &e) { streamed += e; }));
    REQUIRE(followed.ok());
    CHECK(texts(streamed) == texts(log->events));
    CHECK(texts(followed->events) == texts(log->events));
}

TEST_CASE("build log and environment errors carry Vercel's message")
{
    Fixture f;
    VercelClient vercel(f.http, f.config());
    const auto missing = test::wait(vercel.buildLog(QStringLiteral("dpl_doesnotexist"), false));
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().httpStatus == 404);
    CHECK(missing.error().message.contains(QStringLiteral("Deployment not found")));

    VercelClient otherTeam(f.http, f.config(QStringLiteral("team_someone_else")));
    const auto refused = test::wait(otherTeam.envVars());
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().httpStatus == 403);
    CHECK(refused.error().message.contains(QStringLiteral("Not authorized")));

    VercelConfig wrongProject = f.config();
    wrongProject.projectId = QStringLiteral("prj_unknown");
    VercelClient unknown(f.http, wrongProject);
    const auto notFound = test::wait(unknown.envVars());
    REQUIRE_FALSE(notFound.ok());
    CHECK(notFound.error().message.contains(QStringLiteral("Project not found")));

    // A proxy's HTML page where JSON belongs.
    RawHttpPeer peer;
    peer.setDefaultAnswer(RawHttpAnswer{RawHttpPeer::response(200, {{"Content-Type", "text/html"}}, "<html><body>Bad gateway</body></html>")});
    VercelClient html(f.http, VercelConfig{peer.url(QStringLiteral("/")), QStringLiteral("test-token-not-real"), {},
                                           QStringLiteral("prj_1"), {}});
    const auto page = test::wait(html.envVars());
    REQUIRE_FALSE(page.ok());
    CHECK(page.error().kind == ErrorKind::BadResponse);
    const auto pageLog = test::wait(html.buildLog(QStringLiteral("dpl_1"), false));
    REQUIRE_FALSE(pageLog.ok());
    CHECK(pageLog.error().kind == ErrorKind::BadResponse);
}

TEST_CASE("a build still running is followed live: lines as they come, keep-alives skipped, and it can be stopped")
{
    RawHttpPeer peer;
    HttpClient http;
    VercelClient vercel(http, VercelConfig{peer.url(QStringLiteral("/")), QStringLiteral("test-token-not-real"), {},
                                           QStringLiteral("prj_1"), {}});
    QByteArray body;
    for (int i = 0; i < 12; ++i) {
        body += R"({"type":"stdout","created":)" + QByteArray::number(1767225600000 + i) + R"(,"payload":{"text":"step )"
            + QByteArray::number(i) + "\"}}\n";
        body += "{}\n";  // a keep-alive
    }
    body += R"({"type":"stderr","created":1767225700000,"payload":{"text":"Error: Module not found"}})" "\n";
    const QByteArray head = RawHttpPeer::head(200, {{"Content-Type", "application/stream+json"}});
    peer.enqueue(RawHttpAnswer{head + body, 3, 61, int(head.size()), false, true});

    int batches = 0;
    QStringList seen;
    const auto log = test::wait(vercel.buildLog(QStringLiteral("dpl_1"), true, [&](const QList<BuildEvent> &e) {
        ++batches;
        seen += texts(e);
    }));
    REQUIRE(log.ok());
    CHECK(batches > 1);
    CHECK(seen.size() == 13);
    CHECK(seen.first() == QStringLiteral("step 0"));
    CHECK(seen.last() == QStringLiteral("Error: Module not found"));
    CHECK(log->keepAlives == 12);
    CHECK(log->failingCount() == 1);
    const QByteArray target = peer.requests().value(0).target;
    CHECK(target.contains("follow=1"));
    CHECK(peer.requests().value(0).header("Accept") == "application/stream+json");

    // Stopping: the peer hangs after the first lines; cancel ends the job at once, nothing more arrives.
    peer.enqueue(RawHttpAnswer{head + body.left(200), 0, 1, 0, false, false});
    int later = 0;
    auto *job = vercel.buildLog(QStringLiteral("dpl_1"), true, [&](const QList<BuildEvent> &e) { later += int(e.size()); });
    std::optional<Result<BuildLog>> out;
    QObject context;
    job->onFinished(&context, [&](const Result<BuildLog> &r) { out.emplace(r); });
    REQUIRE(waitUntil([&] { return later > 0; }));
    job->cancel();
    REQUIRE(waitUntil([&] { return out.has_value(); }, 2000));
    CHECK(out->error().kind == ErrorKind::Cancelled);
}

TEST_CASE("environment variables from the sandbox: names and targets only, the production gap found")
{
    Fixture f;
    VercelClient vercel(f.http, f.config());
    const auto vars = test::wait(vercel.envVars());
    REQUIRE(vars.ok());
    CHECK(vars->size() == f.sandbox.world().envVars().size());
    const QList<EnvRow> rows = envMatrix(vars.value());
    const EnvDiff diff = diffTargets(rows, QStringLiteral("production"), QStringLiteral("preview"));
    CHECK(diff.onlyInB == QStringList{QStringLiteral("FEATURE_ORDERS_V2"), QStringLiteral("STRIPE_WEBHOOK_SECRET")});
    CHECK(diff.onlyInA == QStringList{QStringLiteral("LEGACY_API_URL")});
}

TEST_CASE("opsdeck-cli deployments logs: the failing lines, exit 1 for a failed deployment, 0 for a good one")
{
    Fixture f;
    const SandboxDeployment *failed = firstIn(f.sandbox.world(), QStringLiteral("ERROR"));
    const SandboxDeployment *ready = firstIn(f.sandbox.world(), QStringLiteral("READY"));
    REQUIRE(failed);
    REQUIRE(ready);

    const auto json = f.cli.run({QStringLiteral("--json"), QStringLiteral("deployments"), QStringLiteral("logs"), failed->uid});
    INFO(json.err.toStdString());
    CHECK(json.exitCode == 1);
    const QJsonObject o = json.object();
    CHECK(o.value(QStringLiteral("deployment")).toString() == failed->uid);
    CHECK(o.value(QStringLiteral("state")).toString() == QStringLiteral("ERROR"));
    CHECK(o.value(QStringLiteral("failingLines")).toInt() == 2);
    const QJsonArray events = o.value(QStringLiteral("events")).toArray();
    REQUIRE(events.size() >= 7);
    CHECK(events.at(0).toObject().value(QStringLiteral("created")).toString().endsWith(QLatin1Char('Z')));
    CHECK(events.last().toObject().value(QStringLiteral("text")).toString() == QStringLiteral("Error: ") + failed->errorMessage);
    CHECK(events.last().toObject().value(QStringLiteral("failing")).toBool());

    const auto errors = f.cli.run({QStringLiteral("deployments"), QStringLiteral("logs"), failed->uid, QStringLiteral("--errors")});
    CHECK(errors.exitCode == 1);
    const QStringList lines = QString::fromUtf8(errors.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    CHECK(lines.size() == 2);
    CHECK(lines.last().endsWith(failed->errorMessage));
    CHECK(errors.err.contains("failed"));

    const auto good = f.cli.run({QStringLiteral("deployments"), QStringLiteral("logs"), ready->uid});
    CHECK(good.exitCode == 0);
    CHECK(good.out.contains("Deployment completed"));

    const auto unknown = f.cli.run({QStringLiteral("deployments"), QStringLiteral("logs"), QStringLiteral("dpl_nope")});
    CHECK(unknown.exitCode == 3);
    CHECK(unknown.err.contains("Deployment not found"));
    CHECK(f.cli.run({QStringLiteral("deployments"), QStringLiteral("logs")}).exitCode == 2);
}

TEST_CASE("opsdeck-cli env list and env diff: never a value, the rotation-linked secrets, exit 1 on a difference")
{
    Fixture f;
    const auto list = f.cli.run({QStringLiteral("--json"), QStringLiteral("env"), QStringLiteral("list")});
    INFO(list.err.toStdString());
    REQUIRE(list.exitCode == 0);
    QHash<QString, QJsonObject> byKey;
    for (const QJsonValue &v : list.array())
        byKey.insert(v.toObject().value(QStringLiteral("key")).toString(), v.toObject());
    REQUIRE(byKey.contains(QStringLiteral("STRIPE_WEBHOOK_SECRET")));
    CHECK(byKey.value(QStringLiteral("STRIPE_WEBHOOK_SECRET")).value(QStringLiteral("targets")).toArray()
          == QJsonArray{QStringLiteral("preview"), QStringLiteral("development")});
    CHECK(byKey.value(QStringLiteral("DATABASE_URL")).value(QStringLiteral("targets")).toArray().size() == 3);
    CHECK(byKey.value(QStringLiteral("DATABASE_URL")).value(QStringLiteral("credential")).toString() == QStringLiteral("database-password"));
    CHECK(byKey.value(QStringLiteral("OPENAI_API_KEY")).value(QStringLiteral("credential")).toString() == QStringLiteral("openai-api-key"));
    CHECK(byKey.value(QStringLiteral("NEXT_PUBLIC_APP_URL")).value(QStringLiteral("type")).toString() == QStringLiteral("plain"));
    CHECK_FALSE(byKey.value(QStringLiteral("NEXT_PUBLIC_APP_URL")).value(QStringLiteral("updatedAt")).toString().isEmpty());
    // No value reaches the output, not even a plain one the API sent.
    const auto table = f.cli.run({QStringLiteral("env"), QStringLiteral("list")});
    CHECK(table.exitCode == 0);
    CHECK(table.out.contains("STRIPE_WEBHOOK_SECRET"));
    for (const SandboxEnvVar &v : f.sandbox.world().envVars()) {
        CHECK_FALSE(list.out.contains(v.value.toUtf8()));
        CHECK_FALSE(table.out.contains(v.value.toUtf8()));
    }

    CHECK(byKey.value(QStringLiteral("OPENAI_API_KEY")).value(QStringLiteral("credentialSource")).toString() == QStringLiteral("not-set"));
    CHECK(byKey.value(QStringLiteral("OPENAI_API_KEY")).value(QStringLiteral("credentialStoredAt")).isNull());
    // Stored in the keychain: the row says when.
    REQUIRE(f.cli.run({QStringLiteral("secrets"), QStringLiteral("set"), QStringLiteral("openai-api-key")}, "test-openai-key-not-real")
                .exitCode == 0);
    const auto stored = f.cli.run({QStringLiteral("--json"), QStringLiteral("env"), QStringLiteral("list")});
    REQUIRE(stored.exitCode == 0);
    for (const QJsonValue &v : stored.array()) {
        const QJsonObject o = v.toObject();
        if (o.value(QStringLiteral("key")).toString() != QLatin1String("OPENAI_API_KEY"))
            continue;
        CHECK(o.value(QStringLiteral("credentialSource")).toString() == QStringLiteral("keychain"));
        const QDateTime at = QDateTime::fromString(o.value(QStringLiteral("credentialStoredAt")).toString(), Qt::ISODate);
        CHECK(at.isValid());
        CHECK(std::abs(at.secsTo(QDateTime::currentDateTimeUtc())) < 600);
    }
    CHECK_FALSE(stored.out.contains("test-openai-key-not-real"));

    const auto diff = f.cli.run({QStringLiteral("--json"), QStringLiteral("env"), QStringLiteral("diff"), QStringLiteral("production"),
                                 QStringLiteral("preview")});
    CHECK(diff.exitCode == 1);
    CHECK(diff.object().value(QStringLiteral("missingInA")).toArray()
          == QJsonArray{QStringLiteral("FEATURE_ORDERS_V2"), QStringLiteral("STRIPE_WEBHOOK_SECRET")});
    CHECK(diff.object().value(QStringLiteral("missingInB")).toArray() == QJsonArray{QStringLiteral("LEGACY_API_URL")});
    const auto human = f.cli.run({QStringLiteral("env"), QStringLiteral("diff"), QStringLiteral("production"), QStringLiteral("preview")});
    CHECK(human.exitCode == 1);
    CHECK(human.out.contains("missing in production: STRIPE_WEBHOOK_SECRET"));
    CHECK(human.out.contains("missing in preview: LEGACY_API_URL"));
    CHECK(f.cli.run({QStringLiteral("env"), QStringLiteral("diff"), QStringLiteral("production")}).exitCode == 2);

    f.cli.setEnv(QStringLiteral("OPSDECK_VERCEL_TEAM"), QStringLiteral("team_someone_else"));
    const auto refused = f.cli.run({QStringLiteral("env"), QStringLiteral("list")});
    CHECK(refused.exitCode == 3);
    CHECK(refused.err.contains("Not authorized"));
}
