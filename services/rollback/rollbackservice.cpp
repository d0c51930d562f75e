#include "rollback/rollbackservice.h"

#include "config/profile.h"
#include "providers/health/healthprobe.h"
#include "providers/vercel/vercelclient.h"
#include "rollback/rollbackpreparer.h"
#include "store/auditlog.h"

#include <QJsonArray>

#include <memory>

namespace opsdeck {

namespace {

constexpr qint64 kAliasRequestMaxAgeMs = 3 * 60 * 1000;

QJsonObject healthJson(const HealthAfter &h)
{
    QJsonArray checks;
    for (const HealthResult &r : h.results)
        checks.append(QJsonObject{{QStringLiteral("url"), r.url.toString()},
                                  {QStringLiteral("httpStatus"), r.httpStatus},
                                  {QStringLiteral("latencyMs"), r.latencyMs >= 0 ? QJsonValue(r.latencyMs) : QJsonValue()},
                                  {QStringLiteral("ok"), r.ok},
                                  {QStringLiteral("error"), r.error.isEmpty() ? QJsonValue() : QJsonValue(r.error)}});
    return QJsonObject{{QStringLiteral("ok"), h.ok}, {QStringLiteral("checks"), checks}};
}

QJsonObject errorDetails(const Error &e)
{
    return QJsonObject{{QStringLiteral("error"), e.message},
                       {QStringLiteral("errorKind"), e.kindName()},
                       {QStringLiteral("errorDetail"), e.detail},
                       {QStringLiteral("httpStatus"), e.httpStatus}};
}

// A POST whose answer never arrived, or a 5xx: Vercel may or may not have started the job.
bool outcomeUnknown(const Error &e)
{
    return e.kind == ErrorKind::Timeout || (e.kind == ErrorKind::Network && (e.httpStatus == 0 || e.httpStatus >= 500));
}

} // namespace

QString rollbackStatusName(RollbackStatus status)
{
    switch (status) {
    case RollbackStatus::Succeeded: return QStringLiteral("succeeded");
    case RollbackStatus::AcceptedUnconfirmed: return QStringLiteral("accepted-not-confirmed");
    case RollbackStatus::Failed: return QStringLiteral("failed");
    }
    return {};
}

RollbackServiceOptions RollbackServiceOptions::forProfile(const Profile &profile)
{
    RollbackServiceOptions o;
    for (const QString &url : profile.healthUrls)
        o.healthUrls << QUrl::fromUserInput(url);
    if (!profile.vercelTeam.isEmpty() && !profile.vercelTeam.startsWith(QLatin1String("team_")))
        o.teamSlug = profile.vercelTeam;
    return o;
}

QJsonObject RollbackOutcome::toJson() const
{
    return QJsonObject{{QStringLiteral("from"), from},
                       {QStringLiteral("to"), to},
                       {QStringLiteral("jobStatus"), jobStatus},
                       {QStringLiteral("healthAfter"), healthAfter.checked ? QJsonValue(healthJson(healthAfter)) : QJsonValue()},
                       {QStringLiteral("status"), rollbackStatusName(status)},
                       {QStringLiteral("planHash"), planHash},
                       {QStringLiteral("httpStatus"), receipt.httpStatus},
                       {QStringLiteral("requestId"), receipt.requestId},
                       {QStringLiteral("message"), message}};
}

struct RollbackService::Execution {
    RollbackPlan plan;
    Job<RollbackOutcome> *job = nullptr;
    RollbackOutcome outcome;
    qint64 startedMs = 0;
};

RollbackService::RollbackService(VercelClient &vercel, GithubClient *github, HealthProbe *health, AuditLog &audit,
                                 Clock &clock, RollbackServiceOptions options, QObject *parent)
    : QObject(parent), m_vercel(vercel), m_github(github), m_health(health), m_audit(audit), m_clock(clock),
      m_options(std::move(options))
{
}

RollbackService::~RollbackService() = default;

Job<RollbackPlan> *RollbackService::prepare(const RollbackRequest &request)
{
    return RollbackPreparer::prepare(m_vercel, m_github, m_clock, request, m_options.teamSlug, m_options.githubNote, this);
}

Status RollbackService::audit(const RollbackPlan &plan, const QString &outcome, const QJsonObject &extra)
{
    QJsonObject details{{QStringLiteral("outcome"), outcome},
                        {QStringLiteral("planHash"), plan.hash()},
                        {QStringLiteral("projectId"), plan.projectId},
                        {QStringLiteral("from"), plan.current.id},
                        {QStringLiteral("to"), plan.target.id},
                        {QStringLiteral("reason"), plan.reason},
                        {QStringLiteral("apiIdentity"), QString(QStringLiteral("vercel team ") + plan.teamId)}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        details.insert(it.key(), it.value());
    const auto entry = m_audit.append(rollbackKindName(plan.kind), plan.confirmationPhrase(), details);
    if (!entry)
        return entry.error();
    return {};
}

Status RollbackService::recordCancelled(const RollbackPlan &plan, const QString &why)
{
    return audit(plan, QStringLiteral("cancelled"), QJsonObject{{QStringLiteral("note"), why}});
}

void RollbackService::refuse(Job<RollbackOutcome> *job, const RollbackPlan &plan, const QString &outcome,
                             const Error &error)
{
    const Status written = audit(plan, outcome, errorDetails(error));
    Error e = error;
    if (!written)
        e.detail += (e.detail.isEmpty() ? QString() : QStringLiteral("; ")) + tr("audit entry not written: %1")
                                                                                     .arg(written.error().message);
    job->finish(e);
}

Job<RollbackOutcome> *RollbackService::execute(const RollbackPlan &plan, const QString &confirmedHash)
{
    auto *job = new Job<RollbackOutcome>(this);
    if (plan.hash() != confirmedHash) {
        refuse(job, plan, QStringLiteral("refused"),
               makeError(ErrorKind::Conflict, tr("The plan differs from the one that was confirmed. Nothing was sent.")));
        return job;
    }
    if (m_executing || m_executedHashes.contains(confirmedHash)) {
        refuse(job, plan, QStringLiteral("refused"),
               makeError(ErrorKind::Conflict, m_executing ? tr("A rollback is already running. Nothing was sent.")
                                                          : tr("This plan was already executed. Nothing was sent.")));
        return job;
    }
    // Exactly once: from here on this plan can never be sent again, whatever happens.
    m_executedHashes.insert(confirmedHash);
    m_executing = true;
    connect(job, &JobBase::finished, this, [this] { m_executing = false; });
    connect(job, &QObject::destroyed, this, [this] { m_executing = false; });

    auto run = std::make_shared<Execution>();
    run->plan = plan;
    run->job = job;
    run->outcome.from = plan.current.id;
    run->outcome.to = plan.target.id;
    run->outcome.planHash = confirmedHash;
    job->reportProgress(tr("Checking that production still runs %1").arg(plan.current.id));
    m_vercel.getProject()->onFinished(job, [this, run](const Result<Project> &project) {
        if (!project)
            return refuse(run->job, run->plan, QStringLiteral("failed"),
                          makeError(project.error().kind, tr("Could not re-read the project, so nothing was sent: %1")
                                                              .arg(project.error().message),
                                    project.error().detail, project.error().httpStatus));
        if (Status current = checkPlanStillCurrent(run->plan, project.value(), m_clock.nowUtc()); !current)
            return refuse(run->job, run->plan, QStringLiteral("stale"), current.error());
        // Fail closed: without an audit entry there is no POST.
        if (Status written = audit(run->plan, QStringLiteral("started"), {}); !written)
            return run->job->finish(makeError(ErrorKind::Io, tr("The audit trail could not be written, so nothing was "
                                                                "sent: %1").arg(written.error().message),
                                              written.error().detail));
        post(run);
    });
    return job;
}

void RollbackService::post(const std::shared_ptr<Execution> &run)
{
    const RollbackPlan &plan = run->plan;
    run->startedMs = m_clock.nowMs();
    run->job->reportProgress(plan.kind == RollbackKind::Promote ? tr("Asking Vercel to promote %1").arg(plan.target.id)
                                                                : tr("Asking Vercel to roll back to %1").arg(plan.target.id));
    auto *request = plan.kind == RollbackKind::Promote ? m_vercel.promote(plan.target.id)
                                                       : m_vercel.rollback(plan.target.id, plan.reason);
    request->onFinished(run->job, [this, run](const Result<ActionReceipt> &r) {
        if (!r) {
            if (outcomeUnknown(r.error()))
                return recheckAfterPostError(run, r.error());
            return refuse(run->job, run->plan, QStringLiteral("rejected"), r.error());
        }
        run->outcome.receipt = r.value();
        run->outcome.jobStatus = QStringLiteral("accepted");
        waitForJob(run);
    });
}

void RollbackService::recheckAfterPostError(const std::shared_ptr<Execution> &run, const Error &postError)
{
    // Never re-POST: find out whether Vercel started the job before saying anything.
    run->job->reportProgress(tr("No clear answer from Vercel; re-reading the project"));
    m_vercel.getProject()->onFinished(run->job, [this, run, postError](const Result<Project> &project) {
        const QString target = run->plan.target.id;
        bool started = false;
        if (project) {
            const auto &req = project->lastAliasRequest;
            started = project->productionDeploymentId == target
                || (req && req->toDeploymentId == target
                    && req->requestedAt.toMSecsSinceEpoch() >= run->startedMs - kAliasRequestMaxAgeMs);
        }
        if (started) {
            run->outcome.receipt.httpStatus = postError.httpStatus;
            run->outcome.jobStatus = QStringLiteral("accepted");
            return waitForJob(run);
        }
        Error e = postError;
        e.message = project ? tr("%1 Production is unchanged; you can prepare the plan again and retry.").arg(postError.message)
                            : tr("%1 Whether Vercel started the job is unknown (re-reading failed: %2); check before "
                                 "retrying.").arg(postError.message, project.error().message);
        refuse(run->job, run->plan, project ? QStringLiteral("not-applied") : QStringLiteral("unknown"), e);
    });
}

void RollbackService::waitForJob(const std::shared_ptr<Execution> &run)
{
    if (!m_options.waitForAliasJob) {
        run->outcome.status = RollbackStatus::AcceptedUnconfirmed;
        run->outcome.message = tr("Vercel accepted the request; not waiting for the alias job.");
        return finishAccepted(run);
    }
    run->job->reportProgress(tr("Vercel accepted the request; waiting for the alias job"));
    auto *wait = m_vercel.waitForAliasJob(run->plan.target.id, m_options.aliasTimeoutMs, m_options.pollIntervalMs);
    connect(wait, &JobBase::progress, run->job, [run](const QString &status) {
        run->outcome.jobStatus = status;
        run->job->reportProgress(tr("Alias job: %1").arg(status));
    });
    wait->onFinished(run->job, [this, run](const Result<AliasRequest> &r) {
        if (r) {
            run->outcome.jobStatus = r->jobStatus;
            run->outcome.status = RollbackStatus::Succeeded;
            run->outcome.message = tr("Production now serves %1.").arg(run->plan.target.id);
            return checkHealth(run);
        }
        if (r.error().kind == ErrorKind::External) {
            run->outcome.jobStatus = QStringLiteral("failed");
            run->outcome.status = RollbackStatus::Failed;
            run->outcome.message = r.error().message;
            return finishAccepted(run);
        }
        // Accepted is not done. Timeout or lost contact: Vercel keeps working on its side.
        run->outcome.status = RollbackStatus::AcceptedUnconfirmed;
        run->outcome.message = tr("Accepted, not confirmed: %1").arg(r.error().message);
        finishAccepted(run);
    });
}

void RollbackService::checkHealth(const std::shared_ptr<Execution> &run)
{
    if (!m_health || m_options.healthUrls.isEmpty())
        return finishAccepted(run);
    run->job->reportProgress(tr("Re-checking health"));
    run->outcome.healthAfter.checked = true;
    m_health->probeAll(m_options.healthUrls, m_options.healthTimeoutMs)
        ->onFinished(run->job, [this, run](const Result<QList<HealthResult>> &probed) {
            run->outcome.healthAfter.results = probed.value();
            bool ok = true;
            for (const HealthResult &h : probed.value())
                ok = ok && h.ok;
            run->outcome.healthAfter.ok = ok;
            if (!ok)
                run->outcome.message += QLatin1Char(' ') + tr("Health check failing after the change.");
            finishAccepted(run);
        });
}

void RollbackService::finishAccepted(const std::shared_ptr<Execution> &run)
{
    const RollbackOutcome &o = run->outcome;
    QJsonObject extra{{QStringLiteral("httpStatus"), o.receipt.httpStatus},
                      {QStringLiteral("requestId"), o.receipt.requestId},
                      {QStringLiteral("endpoint"), o.receipt.endpoint},
                      {QStringLiteral("jobStatus"), o.jobStatus},
                      {QStringLiteral("message"), o.message}};
    if (o.healthAfter.checked)
        extra.insert(QStringLiteral("healthAfter"), healthJson(o.healthAfter));
    if (Status written = audit(run->plan, rollbackStatusName(o.status), extra); !written)
        run->outcome.auditWarning = tr("The outcome could not be written to the audit trail: %1")
                                        .arg(written.error().message);
    run->job->finish(run->outcome);
}

} // namespace opsdeck
