// opsdeck-cli rollback / promote against the in-process sandbox, configured through the environment.
#include "sandbox/sandbox.h"
#include "sandbox/sandboxworld.h"
#include "clirunner.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace opsdeck;

namespace {

// The previous production deployment: what production rolls back to.
const SandboxDeployment *previousProduction(const SandboxWorld &world)
{
    for (const SandboxDeployment &d : world.deployments()) {
        if (d.rollbackCandidate && d.uid != world.productionDeploymentId())
            return &d;
    }
    return nullptr;
}

struct CliFixture {
    CliFixture() : sandbox(SandboxOptions{0, 11, QDateTime::currentDateTimeUtc()})
    {
        REQUIRE(sandbox.start().ok());
        cli.unsetEnv({"VERCEL_TOKEN", "GITHUB_TOKEN", "GH_TOKEN", "OPSDECK_HEALTH_URL"});
        cli.setEnv(QStringLiteral("OPSDECK_VERCEL_API"), sandbox.vercelApi().toString());
        cli.setEnv(QStringLiteral("OPSDECK_VERCEL_PROJECT"), QString::fromLatin1(Sandbox::kVercelProjectId));
        cli.setEnv(QStringLiteral("OPSDECK_VERCEL_TEAM"), QString::fromLatin1(Sandbox::kVercelTeamId));
        cli.setEnv(QStringLiteral("VERCEL_TOKEN"), QString::fromLatin1(Sandbox::kVercelToken));
        cli.setEnv(QStringLiteral("OPSDECK_GITHUB_API"), sandbox.githubApi().toString());
        cli.setEnv(QStringLiteral("OPSDECK_GITHUB_REPO"), QString::fromLatin1(Sandbox::kGithubRepo));
        cli.setEnv(QStringLiteral("GITHUB_TOKEN"), QString::fromLatin1(Sandbox::kGithubToken));
        cli.setEnv(QStringLiteral("OPSDECK_HEALTH_URL"), sandbox.healthUrl().toString());
    }

    // The sandbox lives in this process: the runner keeps its event loop turning while the CLI runs.
    test::CliResult run(const QStringList &args) { return cli.run(args); }

    test::CliRunner cli;  // opsdeck-cli in a home of its own, configured through the environment
    Sandbox sandbox;
};

} // namespace

TEST_CASE("opsdeck-cli rollback: the plan without --yes, exactly one change with it, audited")
{
    CliFixture f;
    const QString before = f.sandbox.world().productionDeploymentId();
    const QString target = previousProduction(f.sandbox.world())->uid;

    const auto dry = f.run({QStringLiteral("--json"), QStringLiteral("rollback"), QStringLiteral("--to"), target});
    INFO(dry.err.toStdString());
    REQUIRE(dry.exitCode == 0);
    CHECK(dry.object().value(QStringLiteral("dryRun")).toBool());
    CHECK(dry.object().value(QStringLiteral("from")).toString() == before);
    CHECK(dry.object().value(QStringLiteral("to")).toString() == target);
    CHECK(dry.object().value(QStringLiteral("plan")).toObject().value(QStringLiteral("commitsBetween")).toArray().size() > 0);
    CHECK(f.sandbox.rollbackPostCount() == 0);
    CHECK(f.sandbox.world().productionDeploymentId() == before);

    const auto human = f.run({QStringLiteral("rollback"), QStringLiteral("--to"), target});
    CHECK(human.exitCode == 0);
    CHECK(human.out.contains("Dry run: nothing was changed"));
    CHECK(human.out.contains("acme/web"));
    CHECK(f.sandbox.rollbackPostCount() == 0);

    const auto real = f.run({QStringLiteral("--json"), QStringLiteral("rollback"), QStringLiteral("--to"), target,
                             QStringLiteral("--reason"), QStringLiteral("5xx after deploy"), QStringLiteral("--yes")});
    INFO(real.err.toStdString());
    REQUIRE(real.exitCode == 0);
    const QJsonObject o = real.object();
    CHECK(o.value(QStringLiteral("from")).toString() == before);
    CHECK(o.value(QStringLiteral("to")).toString() == target);
    CHECK(o.value(QStringLiteral("jobStatus")).toString() == QStringLiteral("succeeded"));
    CHECK(o.value(QStringLiteral("healthAfter")).toObject().value(QStringLiteral("ok")).isBool());
    CHECK(f.sandbox.rollbackPostCount() == 1);
    CHECK(f.sandbox.world().productionDeploymentId() == target);

    const auto audit = f.run({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("list")});
    REQUIRE(audit.exitCode == 0);
    const QJsonArray entries = QJsonDocument::fromJson(audit.out).array();
    REQUIRE(entries.size() == 2);  // started + succeeded; the dry runs record nothing
    const QJsonObject last = entries.first().toObject();
    CHECK(last.value(QStringLiteral("action")).toString() == QStringLiteral("rollback"));
    CHECK(last.value(QStringLiteral("details")).toObject().value(QStringLiteral("outcome")).toString() == QStringLiteral("succeeded"));
    CHECK(last.value(QStringLiteral("details")).toObject().value(QStringLiteral("reason")).toString() == QStringLiteral("5xx after deploy"));
    CHECK(last.value(QStringLiteral("details")).toObject().value(QStringLiteral("to")).toString() == target);

    // Undo with promote (its own POST route; the rollback counter stays at one).
    const auto undo = f.run({QStringLiteral("--json"), QStringLiteral("promote"), before, QStringLiteral("--yes")});
    INFO(undo.err.toStdString());
    CHECK(undo.exitCode == 0);
    CHECK(f.sandbox.world().productionDeploymentId() == before);
    CHECK(f.sandbox.rollbackPostCount() == 1);
}

TEST_CASE("opsdeck-cli rollback: usage and refusals map to exit codes 2 and 3")
{
    CliFixture f;
    CHECK(f.run({QStringLiteral("rollback")}).exitCode == 2);
    CHECK(f.run({QStringLiteral("promote")}).exitCode == 2);
    const QString current = f.sandbox.world().productionDeploymentId();
    const auto same = f.run({QStringLiteral("rollback"), QStringLiteral("--to"), current, QStringLiteral("--yes")});
    CHECK(same.exitCode == 3);
    CHECK(same.err.contains("already serves production"));
    const auto unknown = f.run({QStringLiteral("rollback"), QStringLiteral("--to"), QStringLiteral("dpl_nope"), QStringLiteral("--yes")});
    CHECK(unknown.exitCode == 3);
    CHECK(f.sandbox.rollbackPostCount() == 0);
}

TEST_CASE("opsdeck-cli rollback --no-wait returns once Vercel accepted, saying it is not confirmed")
{
    CliFixture f;
    const QString target = previousProduction(f.sandbox.world())->uid;
    const auto r = f.run({QStringLiteral("--json"), QStringLiteral("rollback"), QStringLiteral("--to"), target,
                          QStringLiteral("--yes"), QStringLiteral("--no-wait")});
    INFO(r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    CHECK(r.object().value(QStringLiteral("jobStatus")).toString() == QStringLiteral("accepted"));
    CHECK(r.object().value(QStringLiteral("status")).toString() == QStringLiteral("accepted-not-confirmed"));
    CHECK(r.object().value(QStringLiteral("healthAfter")).isNull());
    CHECK(f.sandbox.rollbackPostCount() == 1);
    CHECK(f.sandbox.world().lastAliasRequest()->toDeploymentId == target);
}
