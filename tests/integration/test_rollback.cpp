// Rollback and promote against the in-process sandbox: the service (X1-X6) and opsdeck-cli.
#include "core/clock.h"
#include "net/httpclient.h"
#include "providers/github/githubclient.h"
#include "providers/health/healthprobe.h"
#include "providers/vercel/vercelclient.h"
#include "rollback/rollbackservice.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxworld.h"
#include "store/auditlog.h"
#include "store/store.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

using namespace opsdeck;
using opsdeck::test::waitUntil;

namespace {

template <typename T>
Result<T> await(Job<T> *job, int timeoutMs = 30'000)
{
    std::optional<Result<T>> out;
    QObject context;
    job->onFinished(&context, [&](const Result<T> &r) { out.emplace(r); });
    REQUIRE(waitUntil([&] { return out.has_value(); }, timeoutMs));
    return *out;
}

// Attaches at once, so a job that finishes while another one is awaited is not missed.
template <typename T>
struct Collected {
    explicit Collected(Job<T> *job)
    {
        job->onFinished(&context, [this](const Result<T> &r) { result.emplace(r); });
    }
    Result<T> get()
    {
        REQUIRE(waitUntil([&] { return result.has_value(); }, 30'000));
        return *result;
    }
    QObject context;
    std::optional<Result<T>> result;
};

// The previous production deployment: what production rolls back to.
const SandboxDeployment *previousProduction(const SandboxWorld &world)
{
    for (const SandboxDeployment &d : world.deployments()) {
        if (d.rollbackCandidate && d.uid != world.productionDeploymentId())
            return &d;
    }
    return nullptr;
}

QStringList auditOutcomes(const AuditLog &audit)
{
    QStringList out;
    const auto entries = audit.list(100).value();
    for (auto it = entries.crbegin(); it != entries.crend(); ++it)
        out << it->details.value(QStringLiteral("outcome")).toString();
    return out;
}

struct ServiceFixture {
    ServiceFixture() : sandbox(SandboxOptions{0, 7, QDateTime::currentDateTimeUtc()}), store(dir.filePath(QStringLiteral("s.db")))
    {
        REQUIRE(sandbox.start().ok());
        REQUIRE(store.open().ok());
        audit = std::make_unique<AuditLog>(store, SystemClock::instance());
        vercel = new VercelClient(http, VercelConfig{sandbox.vercelApi(), QString::fromLatin1(Sandbox::kVercelToken),
                                                     QString::fromLatin1(Sandbox::kVercelTeamId),
                                                     QString::fromLatin1(Sandbox::kVercelProjectId), QUrl()},
                                  SystemClock::instance(), &owner);
        github = new GithubClient(http, GithubConfig{sandbox.githubApi(), QString::fromLatin1(Sandbox::kGithubToken),
                                                     QStringLiteral("acme"), QStringLiteral("web")},
                                  &owner);
        probe = new HealthProbe(http, &owner);
        options.healthUrls = {sandbox.healthUrl()};
        options.pollIntervalMs = 100;
    }

    RollbackService &service()
    {
        if (!m_service)
            m_service = new RollbackService(*vercel, github, probe, *audit, SystemClock::instance(), options, &owner);
        return *m_service;
    }

    RollbackPlan prepare(const QString &target, RollbackKind kind = RollbackKind::Rollback)
    {
        const auto plan = await(service().prepare({target, kind, QStringLiteral("errors after deploy")}));
        INFO((plan ? QString() : plan.error().toString()).toStdString());
        REQUIRE(plan.ok());
        return plan.value();
    }

    QTemporaryDir dir;
    Sandbox sandbox;
    Store store;
    std::unique_ptr<AuditLog> audit;
    HttpClient http{SystemClock::instance()};
    QObject owner;
    VercelClient *vercel = nullptr;
    GithubClient *github = nullptr;
    HealthProbe *probe = nullptr;
    RollbackServiceOptions options;

private:
    RollbackService *m_service = nullptr;
};

} // namespace

TEST_CASE("prepare reads production, the target and the commits between; it changes nothing")
{
    ServiceFixture f;
    const SandboxWorld &world = f.sandbox.world();
    const QString before = world.productionDeploymentId();
    const SandboxDeployment *target = previousProduction(world);
    REQUIRE(target);
    const RollbackPlan plan = f.prepare(target->uid);

    CHECK(plan.current.id == before);
    CHECK(plan.target.id == target->uid);
    CHECK(plan.target.commitSha == target->sha);
    CHECK(plan.confirmationPhrase() == QStringLiteral("acme/web"));
    CHECK(plan.domains.contains(QString::fromLatin1(SandboxWorld::kProductionDomain)));
    // The commits between are the main-line commits after the target's, up to production's.
    QStringList expected;
    for (const SandboxDeployment &d : world.deployments()) {
        if (d.production && d.created > target->created && d.created <= world.deployment(before)->created)
            expected.prepend(d.sha);
    }
    INFO(plan.commitsNote.toStdString());
    QStringList got;
    for (const PlanCommit &c : plan.commitsBetween)
        got << c.sha;
    CHECK(got == expected);
    CHECK_FALSE(got.isEmpty());
    CHECK(plan.commitsLeaveProduction);

    CHECK(f.sandbox.rollbackPostCount() == 0);
    CHECK(world.productionDeploymentId() == before);
    CHECK(f.audit->list().value().isEmpty());
}

TEST_CASE("execute posts once, follows the alias job, re-checks health and audits the attempt")
{
    ServiceFixture f;
    const QString before = f.sandbox.world().productionDeploymentId();
    const RollbackPlan plan = f.prepare(previousProduction(f.sandbox.world())->uid);
    QStringList progress;
    auto *first = f.service().execute(plan, plan.hash());
    QObject::connect(first, &JobBase::progress, &f.owner, [&](const QString &s) { progress << s; });
    Collected<RollbackOutcome> firstResult(first);
    Collected<RollbackOutcome> secondResult(f.service().execute(plan, plan.hash()));  // a double click
    const auto outcome = firstResult.get();
    const auto repeat = secondResult.get();

    INFO((outcome ? QString() : outcome.error().toString()).toStdString());
    REQUIRE(outcome.ok());
    CHECK(outcome->status == RollbackStatus::Succeeded);
    CHECK(outcome->from == before);
    CHECK(outcome->to == plan.target.id);
    CHECK(outcome->jobStatus == QStringLiteral("succeeded"));
    CHECK(outcome->healthAfter.checked);
    CHECK(outcome->healthAfter.results.size() == 1);
    CHECK(outcome->receipt.httpStatus == 201);
    CHECK(progress.contains(QStringLiteral("Alias job: in-progress")));
    CHECK(f.sandbox.world().productionDeploymentId() == plan.target.id);
    CHECK(f.sandbox.rollbackPostCount() == 1);

    REQUIRE_FALSE(repeat.ok());
    CHECK(repeat.error().kind == ErrorKind::Conflict);

    // The same plan once more, later: still refused, still one POST.
    const auto again = await(f.service().execute(plan, plan.hash()));
    CHECK_FALSE(again.ok());
    CHECK(f.sandbox.rollbackPostCount() == 1);

    CHECK(auditOutcomes(*f.audit) == QStringList{QStringLiteral("refused"), QStringLiteral("started"),
                                                 QStringLiteral("succeeded"), QStringLiteral("refused")});
    const auto entries = f.audit->list().value();
    const AuditEntry &done = entries.at(1);  // newest first
    CHECK(done.action == QStringLiteral("rollback"));
    CHECK(done.target == QStringLiteral("acme/web"));
    CHECK(done.details.value(QStringLiteral("planHash")).toString() == plan.hash());
    CHECK(done.details.value(QStringLiteral("httpStatus")).toInt() == 201);
    CHECK(done.details.value(QStringLiteral("reason")).toString() == QStringLiteral("errors after deploy"));
    CHECK(done.details.contains(QStringLiteral("requestId")));  // the sandbox sends no x-vercel-id
    const QString endpoint = done.details.value(QStringLiteral("endpoint")).toString();
    CHECK(endpoint.startsWith(QStringLiteral("POST ")));
    CHECK(endpoint.contains(QStringLiteral("/v1/projects/prj_demo_web/rollback/") + plan.target.id));
    CHECK_FALSE(done.actor.isEmpty());
    CHECK(f.audit->verify().ok);
}

TEST_CASE("a plan made stale by a production change is refused without a POST")
{
    ServiceFixture f;
    SandboxWorld &world = f.sandbox.world();
    const RollbackPlan plan = f.prepare(previousProduction(world)->uid);

    // Someone else promotes another deployment between preview and confirmation.
    QString other;
    for (const SandboxDeployment &d : world.deployments()) {
        if (d.state == QLatin1String("READY") && d.uid != plan.current.id && d.uid != plan.target.id) {
            other = d.uid;
            break;
        }
    }
    const qint64 now = f.sandbox.nowUtc().toMSecsSinceEpoch();
    world.startAliasRequest(QStringLiteral("promote"), other, now);
    world.advanceAliasRequest(now + 7000, false);
    REQUIRE(world.productionDeploymentId() == other);

    const auto r = await(f.service().execute(plan, plan.hash()));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Conflict);
    CHECK(r.error().message.contains(QStringLiteral("stale")));
    CHECK(f.sandbox.rollbackPostCount() == 0);
    CHECK(world.productionDeploymentId() == other);
    CHECK(auditOutcomes(*f.audit) == QStringList{QStringLiteral("stale")});
}

TEST_CASE("a plan edited after confirmation, or an audit trail that cannot be written, sends nothing")
{
    ServiceFixture f;
    const RollbackPlan plan = f.prepare(previousProduction(f.sandbox.world())->uid);
    RollbackPlan edited = plan;
    edited.reason = QStringLiteral("changed after the user confirmed");
    const auto mismatch = await(f.service().execute(edited, plan.hash()));
    REQUIRE_FALSE(mismatch.ok());
    CHECK(mismatch.error().kind == ErrorKind::Conflict);

    f.store.close();  // X5: fail closed
    const auto noAudit = await(f.service().execute(plan, plan.hash()));
    REQUIRE_FALSE(noAudit.ok());
    CHECK(noAudit.error().kind == ErrorKind::Io);
    CHECK(f.sandbox.rollbackPostCount() == 0);
    CHECK(f.sandbox.world().productionDeploymentId() == plan.current.id);
}

TEST_CASE("a 500 to the POST is not retried; state is re-read and the retry goes through a new plan")
{
    ServiceFixture f;
    const RollbackPlan plan = f.prepare(previousProduction(f.sandbox.world())->uid);
    // The execute's project re-read passes; the POST right after it gets the provider's 500.
    bool armed = false;
    QObject::connect(&f.sandbox, &Sandbox::requestServed, &f.owner, [&](const QString &method, const QString &path, int) {
        if (!armed && method == QLatin1String("GET") && path.contains(QLatin1String("/v9/projects/"))) {
            armed = true;
            SandboxFaults faults;
            faults.serverErrorNext = 1;
            f.sandbox.setFaults(QStringLiteral("vercel"), faults);
        }
    });
    QStringList progress;
    auto *job = f.service().execute(plan, plan.hash());
    QObject::connect(job, &JobBase::progress, &f.owner, [&](const QString &s) { progress << s; });
    const auto r = await(job);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.contains(QStringLiteral("Production is unchanged")));
    CHECK(f.sandbox.rollbackPostCount() == 1);  // never re-sent by the HTTP layer
    CHECK(progress.contains(QStringLiteral("No clear answer from Vercel; re-reading the project")));
    CHECK(auditOutcomes(*f.audit) == QStringList{QStringLiteral("started"), QStringLiteral("not-applied")});

    const RollbackPlan fresh = f.prepare(plan.target.id);
    const auto retried = await(f.service().execute(fresh, fresh.hash()));
    REQUIRE(retried.ok());
    CHECK(f.sandbox.rollbackPostCount() == 2);
    CHECK(f.sandbox.world().productionDeploymentId() == plan.target.id);
}

TEST_CASE("accepted but not confirmed in time, and a failed alias job, are told apart")
{
    ServiceFixture f;
    f.options.aliasTimeoutMs = 0;  // give up after the first status poll
    const RollbackPlan plan = f.prepare(previousProduction(f.sandbox.world())->uid);
    const auto r = await(f.service().execute(plan, plan.hash()));
    REQUIRE(r.ok());
    CHECK(r->status == RollbackStatus::AcceptedUnconfirmed);
    CHECK(r->jobStatus == QStringLiteral("pending"));
    CHECK_FALSE(r->healthAfter.checked);
    CHECK(r->message.startsWith(QStringLiteral("Accepted, not confirmed")));
    CHECK(auditOutcomes(*f.audit).last() == QStringLiteral("accepted-not-confirmed"));

    ServiceFixture g;
    g.sandbox.world().setNextAliasRequestFails(true);
    const RollbackPlan p2 = g.prepare(previousProduction(g.sandbox.world())->uid);
    const auto failed = await(g.service().execute(p2, p2.hash()));
    REQUIRE(failed.ok());
    CHECK(failed->status == RollbackStatus::Failed);
    CHECK(failed->jobStatus == QStringLiteral("failed"));
    CHECK(g.sandbox.world().productionDeploymentId() == p2.current.id);
    CHECK(auditOutcomes(*g.audit).last() == QStringLiteral("failed"));
}

TEST_CASE("cancelling after the preview is recorded")
{
    ServiceFixture f;
    const RollbackPlan plan = f.prepare(previousProduction(f.sandbox.world())->uid);
    REQUIRE(f.service().recordCancelled(plan, QStringLiteral("closed the dialog")).ok());
    CHECK(auditOutcomes(*f.audit) == QStringList{QStringLiteral("cancelled")});
    CHECK(f.sandbox.rollbackPostCount() == 0);
}

// ---- opsdeck-cli --------------------------------------------------------------------------

namespace {

struct CliFixture {
    CliFixture() : sandbox(SandboxOptions{0, 11, QDateTime::currentDateTimeUtc()})
    {
        REQUIRE(sandbox.start().ok());
        REQUIRE(home.isValid());
        env = QProcessEnvironment::systemEnvironment();
        for (const char *v : {"VERCEL_TOKEN", "GITHUB_TOKEN", "GH_TOKEN", "OPSDECK_HEALTH_URL"})
            env.remove(QString::fromLatin1(v));
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("OPSDECK_VERCEL_API"), sandbox.vercelApi().toString());
        env.insert(QStringLiteral("OPSDECK_VERCEL_PROJECT"), QString::fromLatin1(Sandbox::kVercelProjectId));
        env.insert(QStringLiteral("OPSDECK_VERCEL_TEAM"), QString::fromLatin1(Sandbox::kVercelTeamId));
        env.insert(QStringLiteral("VERCEL_TOKEN"), QString::fromLatin1(Sandbox::kVercelToken));
        env.insert(QStringLiteral("OPSDECK_GITHUB_API"), sandbox.githubApi().toString());
        env.insert(QStringLiteral("OPSDECK_GITHUB_REPO"), QString::fromLatin1(Sandbox::kGithubRepo));
        env.insert(QStringLiteral("GITHUB_TOKEN"), QString::fromLatin1(Sandbox::kGithubToken));
        env.insert(QStringLiteral("OPSDECK_HEALTH_URL"), sandbox.healthUrl().toString());
    }

    struct Run {
        int exitCode = -1;
        QByteArray out, err;
        QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    };

    Run run(const QStringList &args)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(test::cliPath(), args);
        REQUIRE(p.waitForStarted());
        p.closeWriteChannel();
        REQUIRE(waitUntil([&] { return p.state() == QProcess::NotRunning; }, 60000));
        return Run{p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }

    QTemporaryDir home;
    QProcessEnvironment env;
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
    CHECK(dry.json().value(QStringLiteral("dryRun")).toBool());
    CHECK(dry.json().value(QStringLiteral("from")).toString() == before);
    CHECK(dry.json().value(QStringLiteral("to")).toString() == target);
    CHECK(dry.json().value(QStringLiteral("plan")).toObject().value(QStringLiteral("commitsBetween")).toArray().size() > 0);
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
    const QJsonObject o = real.json();
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
