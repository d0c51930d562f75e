#include "usecases/ciusecase.h"

#include "providers/github/githubclient.h"
#include "store/auditlog.h"
#include "usecases/providerclients.h"
#include "usecases/session.h"

#include <QJsonObject>

namespace opsdeck {

CiUseCase::CiUseCase(Session &session, ProviderClients &providers) : m_session(session), m_providers(providers) {}

Job<CiUseCase::Rerun> *CiUseCase::rerun(const WorkflowRun &run, bool failedJobsOnly, QObject *parent)
{
    auto *job = new Job<Rerun>(parent);
    const QString repo = m_session.profile().githubRepo;
    AuditLog &audit = m_session.audit();
    // The answer is audited whatever it is; the request goes out even if the caller is gone by then.
    const auto record = [&audit, repo, run, failedJobsOnly, caller = QPointer<Job<Rerun>>(job)](const Result<ActionReceipt> &result) {
        QJsonObject details{{QStringLiteral("repo"), repo},
                            {QStringLiteral("runId"), run.id},
                            {QStringLiteral("failedJobsOnly"), failedJobsOnly},
                            {QStringLiteral("outcome"), result ? QStringLiteral("accepted") : QStringLiteral("failed")}};
        if (run.runNumber > 0)
            details.insert(QStringLiteral("runNumber"), run.runNumber);
        if (!run.name.isEmpty())
            details.insert(QStringLiteral("workflow"), run.name);
        if (run.runAttempt > 0)
            details.insert(QStringLiteral("attempt"), run.runAttempt);
        if (result) {
            details.insert(QStringLiteral("httpStatus"), result->httpStatus);
            details.insert(QStringLiteral("requestId"), result->requestId);
        } else {
            details.insert(QStringLiteral("error"), result.error().message);
            details.insert(QStringLiteral("httpStatus"), result.error().httpStatus);
        }
        const auto audited = audit.append(QStringLiteral("ci.rerun"), repo + QStringLiteral("#") + QString::number(run.id), details);
        if (!caller)
            return;
        if (!result)
            return caller->finish(result.error());
        caller->finish(Rerun{result.value(), audited ? QString() : audited.error().message});
    };
    auto *owner = new QObject(&m_session);  // the client and its request live until the answer is recorded
    m_providers.github(owner)->onFinished(owner, [owner, run, failedJobsOnly, record](const Result<GithubClient *> &client) {
        if (!client) {
            record(client.error());
            owner->deleteLater();
            return;
        }
        auto *request = failedJobsOnly ? client.value()->rerunFailedJobs(run.id) : client.value()->rerun(run.id);
        request->onFinished(owner, [owner, record](const Result<ActionReceipt> &r) {
            record(r);
            owner->deleteLater();
        });
    });
    return job;
}

} // namespace opsdeck
