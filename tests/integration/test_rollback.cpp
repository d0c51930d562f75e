// RollbackService against the in-process sandbox, end to end: the plan, the typed confirmation, exactly
// one POST, acceptance followed to the end, the audit trail and the dry run.
#include "core/clock.h"
#include "net/httpclient.h"
#include "providers/github/githubclient.h"
#include "providers/health/healthprobe.h"
#include "providers/vercel/vercelclient.h"
#include "rawhttppeer.h"
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

    f.store.close();  // fail closed: no audit entry, no POST
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

namespace {

// A scripted Vercel whose connection drops after the rollback POST arrived and took effect.
struct LostAnswerVercel {
    LostAnswerVercel()
    {
        using test::RawHttpAnswer;
        using test::RawHttpPeer;
        peer.setHandler([this](const test::RawHttpRequest &r) -> RawHttpAnswer {
            const QByteArray path = r.target.split('?').first();
            if (r.method == "POST" && path.endsWith("/rollback/dpl_old")) {
                ++posts;
                production = QStringLiteral("dpl_old");
                requestedAt = QDateTime::currentMSecsSinceEpoch();
                return RawHttpAnswer{QByteArray()};  // closes without a word
            }
            if (path == "/v9/projects/prj_1")
                return RawHttpAnswer{json(project())};
            if (path == "/v13/deployments/dpl_now" || path == "/v13/deployments/dpl_old") {
                const QString id = QString::fromLatin1(path.mid(path.lastIndexOf('/') + 1));
                return RawHttpAnswer{json(deployment(id, id == QLatin1String("dpl_now") ? 1 : 2))};
            }
            return RawHttpAnswer{RawHttpPeer::response(404)};
        });
    }

    static QByteArray json(const QJsonObject &o)
    {
        return test::RawHttpPeer::response(200, {{"Content-Type", "application/json"}}, QJsonDocument(o).toJson());
    }
    QJsonObject deployment(const QString &id, int hoursAgo) const
    {
        return QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("readyState"), QStringLiteral("READY")},
                           {QStringLiteral("target"), QStringLiteral("production")},
                           {QStringLiteral("createdAt"), m_now - hoursAgo * 3600'000LL},
                           {QStringLiteral("projectId"), QStringLiteral("prj_1")},
                           {QStringLiteral("isRollbackCandidate"), id == QLatin1String("dpl_old")},
                           {QStringLiteral("alias"), QJsonArray{QStringLiteral("web.example.com")}}};
    }
    QJsonObject project() const
    {
        QJsonObject p{{QStringLiteral("id"), QStringLiteral("prj_1")}, {QStringLiteral("name"), QStringLiteral("web")},
                      {QStringLiteral("targets"),
                       QJsonObject{{QStringLiteral("production"), QJsonObject{{QStringLiteral("id"), production}}}}}};
        if (requestedAt)
            p.insert(QStringLiteral("lastAliasRequest"),
                     QJsonObject{{QStringLiteral("jobStatus"), QStringLiteral("succeeded")},
                                 {QStringLiteral("requestedAt"), requestedAt},
                                 {QStringLiteral("toDeploymentId"), QStringLiteral("dpl_old")},
                                 {QStringLiteral("type"), QStringLiteral("rollback")}});
        return p;
    }

    Result<RollbackOutcome> rollBack()
    {
        QTemporaryDir dir;
        Store store(dir.filePath(QStringLiteral("s.db")));
        REQUIRE(store.open().ok());
        AuditLog audit(store, SystemClock::instance());
        HttpClient http(SystemClock::instance());
        QObject owner;
        auto *vercel = new VercelClient(http, VercelConfig{peer.url(QStringLiteral("/")), QStringLiteral("test-token-not-real"),
                                                           {}, QStringLiteral("prj_1"), QUrl()},
                                        SystemClock::instance(), &owner);
        RollbackServiceOptions options;
        options.pollIntervalMs = 50;
        RollbackService service(*vercel, nullptr, nullptr, audit, SystemClock::instance(), options);
        const auto plan = await(service.prepare({QStringLiteral("dpl_old"), RollbackKind::Rollback, {}}));
        INFO((plan ? QString() : plan.error().toString()).toStdString());
        REQUIRE(plan.ok());
        CHECK(plan->confirmationPhrase() == QStringLiteral("web"));  // no team slug known
        return await(service.execute(plan.value(), plan->hash()));
    }

    test::RawHttpPeer peer;
    QString production = QStringLiteral("dpl_now");
    qint64 requestedAt = 0;
    int posts = 0;

private:
    qint64 m_now = QDateTime::currentMSecsSinceEpoch();
};

} // namespace

TEST_CASE("a POST whose answer is lost but which Vercel applied is re-read and followed, not refused")
{
    LostAnswerVercel vercel;
    const auto r = vercel.rollBack();
    INFO((r ? QString() : r.error().toString()).toStdString());
    REQUIRE(r.ok());
    CHECK(r->status == RollbackStatus::Succeeded);
    CHECK(r->jobStatus == QStringLiteral("succeeded"));
    CHECK(vercel.posts == 1);
}

// Qt's HTTP/1 channel re-sends a request in flight when the server closes the connection before
// answering (QHttpNetworkConnectionChannel, "reconnectAttempts"), whatever the method. Our HTTP
// layer hands Qt non-idempotent bodies that cannot be rewound, so the POST goes out once.
TEST_CASE("a POST whose answer is lost reaches Vercel exactly once")
{
    LostAnswerVercel vercel;
    const auto r = vercel.rollBack();
    INFO((r ? QString() : r.error().toString()).toStdString());
    CHECK(r.ok());
    CHECK(vercel.posts == 1);
}
