#pragma once

#include "core/clock.h"
#include "core/job.h"
#include "providers/providererror.h"
#include "providers/vercel/buildlog.h"
#include "providers/vercel/runtimelogjob.h"
#include "providers/vercel/types.h"

#include <QObject>

#include <memory>

namespace opsdeck {

class HttpClient;

// Vercel REST client (api-reference.md section 1). Every call returns a Job parented to this
// client; see JobBase for the finished()/cancel() contract.
class VercelClient : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VercelClient)
public:
    explicit VercelClient(HttpClient &http, VercelConfig config, Clock &clock = SystemClock::instance(),
                          QObject *parent = nullptr);
    ~VercelClient() override;

    const VercelConfig &config() const { return m_config; }

    // Newest first, following pagination.next (as `until`) until query.limit items or the end.
    Job<QList<Deployment>> *listDeployments(const DeploymentQuery &query);
    Job<Deployment> *getDeployment(const QString &idOrUrl);
    // GET /v2/user: the username the token belongs to (validates a token; needs no project).
    Job<QString> *currentUser();
    Job<Project> *getProject();  // config().projectId
    Job<QList<Project>> *listProjects(int limit = 100, const QString &search = {});

    // POST /v1/.../rollback/{id}; only when that route answers 404 is the CLI's /v9 route tried.
    // Never retried automatically. Success means Vercel accepted the job; see waitForAliasJob.
    Job<ActionReceipt> *rollback(const QString &deploymentId, const QString &description);
    Job<ActionReceipt> *promote(const QString &deploymentId);
    // Polls the project until lastAliasRequest for toDeploymentId (requested within the last
    // 3 minutes) is succeeded/skipped (value) or failed (ErrorKind::External); ErrorKind::Timeout
    // after timeoutMs (Vercel keeps working). progress() reports each jobStatus change.
    Job<AliasRequest> *waitForAliasJob(const QString &toDeploymentId, qint64 timeoutMs = 180'000,
                                       qint64 pollIntervalMs = 1000);

    // The live runtime-logs tail (NDJSON stream) of one deployment.
    RuntimeLogJob *runtimeLogs(const QString &deploymentId, const RuntimeLogQuery &query = {});
    // A deployment's build log. follow: the live stream of a build still running (until it ends or the
    // job is cancelled), each batch of lines to onEvents as it arrives; otherwise the whole log at once.
    Job<BuildLog> *buildLog(const QString &idOrUrl, bool follow,
                            std::function<void(const QList<BuildEvent> &)> onEvents = {});
    // The project's environment variables: names, types, targets; never their values.
    Job<QList<EnvVar>> *envVars();
    // Historical request logs from the undocumented vercel.com endpoint; needs config().teamId.
    Job<QList<RequestLogRow>> *requestLogs(const RequestLogQuery &query);

private:
    template <typename T>
    bool failIfMisconfigured(Job<T> *job, bool needsProject);
    void pollAliasJob(Job<AliasRequest> *job, const QString &target, qint64 deadlineMs, qint64 intervalMs,
                      std::shared_ptr<QString> lastStatus);

    HttpClient &m_http;
    VercelConfig m_config;
    Clock &m_clock;
};

} // namespace opsdeck
