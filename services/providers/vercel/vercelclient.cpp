#include "providers/vercel/vercelclient.h"

#include "net/httpclient.h"
#include "core/text.h"
#include "providers/pager.h"
#include "providers/vercel/runtimelogcollector.h"
#include "providers/vercel/vercelparser.h"
#include "providers/vercel/vercelrequests.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace opsdeck {

namespace {
constexpr qint64 kAliasRequestMaxAgeMs = 3 * 60 * 1000;  // the CLI ignores older alias requests
} // namespace

VercelClient::VercelClient(HttpClient &http, VercelConfig config, Clock &clock, QObject *parent)
    : QObject(parent), m_http(http), m_config(std::move(config)), m_clock(clock)
{
}

VercelClient::~VercelClient() = default;

template <typename T>
bool VercelClient::failIfMisconfigured(Job<T> *job, bool needsProject)
{
    QString problem;
    if (!m_config.baseUrl.isValid() || m_config.baseUrl.scheme().isEmpty())
        problem = tr("The Vercel API URL is not valid.");
    else if (m_config.token.isEmpty())
        problem = tr("No Vercel token is configured.");
    else if (needsProject && m_config.projectId.isEmpty())
        problem = tr("No Vercel project is configured.");
    if (problem.isEmpty())
        return false;
    job->finish(makeError(ErrorKind::Config, problem));
    return true;
}

Job<QList<Deployment>> *VercelClient::listDeployments(const DeploymentQuery &query)
{
    auto *job = new Job<QList<Deployment>>(this);
    if (failIfMisconfigured(job, false))
        return job;
    const int limit = std::max(1, query.limit);
    const int pageSize = std::clamp(query.pageSize, 1, 100);
    const VercelConfig config = m_config;
    Pager<Deployment>::run(job, m_http, vercel::listDeploymentsRequest(config, query, std::min(limit, pageSize), {}),
                           limit,
                           [config, query, limit, pageSize](const HttpResponse &response,
                                                  qsizetype collected) -> Result<PageStep<Deployment>> {
                               if (!response.isSuccess())
                                   return vercelError(response);
                               Result<DeploymentPage> page = parseDeployments(response.body);
                               if (!page.ok())
                                   return page.error();
                               PageStep<Deployment> step{std::move(page.value().items), {}, {}};
                               if (page.value().next)
                                   step.cursor = QString::number(*page.value().next);
                               const qsizetype remaining = limit - collected - step.items.size();
                               if (page.value().next && remaining > 0)
                                   step.next = vercel::listDeploymentsRequest(
                                       config, query, int(std::min<qsizetype>(remaining, pageSize)), page.value().next);
                               return step;
                           });
    return job;
}

Job<Deployment> *VercelClient::getDeployment(const QString &idOrUrl)
{
    auto *job = new Job<Deployment>(this);
    if (failIfMisconfigured(job, false))
        return job;
    job->send(m_http, vercel::getDeploymentRequest(m_config, idOrUrl), [job](const Result<HttpResponse> &r) {
        if (!r.ok())
            return job->finish(r.error());
        job->finish(r->isSuccess() ? parseDeployment(r->body) : Result<Deployment>(vercelError(*r)));
    });
    return job;
}

Job<Project> *VercelClient::getProject()
{
    auto *job = new Job<Project>(this);
    if (failIfMisconfigured(job, true))
        return job;
    job->send(m_http, vercel::getProjectRequest(m_config), [job](const Result<HttpResponse> &r) {
        if (!r.ok())
            return job->finish(r.error());
        job->finish(r->isSuccess() ? parseProject(r->body) : Result<Project>(vercelError(*r)));
    });
    return job;
}

Job<QList<Project>> *VercelClient::listProjects(int limit, const QString &search)
{
    auto *job = new Job<QList<Project>>(this);
    if (failIfMisconfigured(job, false))
        return job;
    limit = std::max(1, limit);
    const VercelConfig config = m_config;
    Pager<Project>::run(job, m_http, vercel::listProjectsRequest(config, std::min(limit, 100), {}, search), limit,
                        [config, search, limit](const HttpResponse &response,
                                                qsizetype collected) -> Result<PageStep<Project>> {
                            if (!response.isSuccess())
                                return vercelError(response);
                            Result<ProjectPage> page = parseProjects(response.body);
                            if (!page.ok())
                                return page.error();
                            PageStep<Project> step{std::move(page.value().items), {}, page.value().next};
                            const qsizetype remaining = limit - collected - step.items.size();
                            if (!page.value().next.isEmpty() && remaining > 0)
                                step.next = vercel::listProjectsRequest(
                                    config, int(std::min<qsizetype>(remaining, 100)), page.value().next, search);
                            return step;
                        });
    return job;
}

Job<ActionReceipt> *VercelClient::rollback(const QString &deploymentId, const QString &description)
{
    auto *job = new Job<ActionReceipt>(this);
    if (failIfMisconfigured(job, true))
        return job;
    const HttpRequest v1 = vercel::rollbackRequest(m_config, deploymentId, description, false);
    const HttpRequest v9 = vercel::rollbackRequest(m_config, deploymentId, description, true);
    job->send(m_http, v1, [this, job, v1, v9](const Result<HttpResponse> &r) {
        if (!r.ok())
            return job->finish(r.error());
        if (r->isSuccess())
            return job->finish(receiptFor(v1, *r));
        if (r->status != 404)
            return job->finish(vercelError(*r));
        // The documented route is missing here: fall back to the route the CLI uses.
        job->send(m_http, v9, [job, v9](const Result<HttpResponse> &r9) {
            if (!r9.ok())
                return job->finish(r9.error());
            job->finish(r9->isSuccess() ? Result<ActionReceipt>(receiptFor(v9, *r9))
                                        : Result<ActionReceipt>(vercelError(*r9)));
        });
    });
    return job;
}

Job<ActionReceipt> *VercelClient::promote(const QString &deploymentId)
{
    auto *job = new Job<ActionReceipt>(this);
    if (failIfMisconfigured(job, true))
        return job;
    const HttpRequest request = vercel::promoteRequest(m_config, deploymentId);
    job->send(m_http, request, [job, request](const Result<HttpResponse> &r) {
        if (!r.ok())
            return job->finish(r.error());
        job->finish(r->isSuccess() ? Result<ActionReceipt>(receiptFor(request, *r))
                                   : Result<ActionReceipt>(vercelError(*r)));
    });
    return job;
}

Job<AliasRequest> *VercelClient::waitForAliasJob(const QString &toDeploymentId, qint64 timeoutMs,
                                                 qint64 pollIntervalMs)
{
    auto *job = new Job<AliasRequest>(this);
    if (failIfMisconfigured(job, true))
        return job;
    pollAliasJob(job, toDeploymentId, m_clock.nowMs() + std::max<qint64>(0, timeoutMs),
                 std::max<qint64>(50, pollIntervalMs), std::make_shared<QString>());
    return job;
}

void VercelClient::pollAliasJob(Job<AliasRequest> *job, const QString &target, qint64 deadlineMs,
                                qint64 intervalMs, std::shared_ptr<QString> lastStatus)
{
    job->send(m_http, vercel::getProjectRequest(m_config), [=, this](const Result<HttpResponse> &r) {
        if (!r.ok())
            return job->finish(r.error());
        if (!r->isSuccess())
            return job->finish(vercelError(*r));
        const Result<Project> project = parseProject(r->body);
        if (!project.ok())
            return job->finish(project.error());
        const auto &req = project->lastAliasRequest;
        const qint64 now = m_clock.nowMs();
        if (req && req->toDeploymentId == target && req->requestedAt.toMSecsSinceEpoch() >= now - kAliasRequestMaxAgeMs) {
            if (req->jobStatus != *lastStatus) {
                *lastStatus = req->jobStatus;
                job->reportProgress(req->jobStatus);
            }
            if (req->jobStatus == QLatin1String("succeeded") || req->jobStatus == QLatin1String("skipped"))
                return job->finish(*req);
            if (req->jobStatus == QLatin1String("failed"))
                return job->finish(makeError(ErrorKind::External,
                                             tr("Vercel reports that the %1 to %2 failed.")
                                                 .arg(req->type.isEmpty() ? tr("alias change") : req->type, target)));
        }
        if (now >= deadlineMs)
            return job->finish(makeError(ErrorKind::Timeout,
                                         tr("Vercel accepted the request but did not confirm it in time; the job "
                                            "continues on Vercel's side (last status: %1).")
                                             .arg(lastStatus->isEmpty() ? tr("not started") : *lastStatus)));
        job->schedule(m_clock, std::min(intervalMs, deadlineMs - now),
                      [=, this]() { pollAliasJob(job, target, deadlineMs, intervalMs, lastStatus); });
    });
}

RuntimeLogJob *VercelClient::runtimeLogs(const QString &deploymentId, const RuntimeLogQuery &query)
{
    auto *job = new RuntimeLogJob(this);
    if (failIfMisconfigured(job, true))
        return job;
    auto collector = std::make_shared<RuntimeLogCollector>(query);
    auto streamed = std::make_shared<bool>(false);
    auto deliver = [job, collector]() {
        const QList<RuntimeLogLine> fresh = collector->takeNewLines();
        if (!fresh.isEmpty())
            Q_EMIT job->linesArrived(fresh);
        if (collector->isDone())
            job->finish(collector->result());
    };
    if (query.maxDurationMs > 0) {
        job->schedule(m_clock, query.maxDurationMs, [collector, deliver]() {
            collector->finish();
            deliver();
        });
    }
    job->sendStreaming(
        m_http, vercel::runtimeLogsRequest(m_config, deploymentId, query),
        [collector, streamed, deliver](const QByteArray &chunk) {
            *streamed = true;
            collector->feed(chunk);
            deliver();
        },
        [job, collector, streamed, deliver](const Result<HttpResponse> &r) {
            // Once lines have arrived, a tail that goes quiet or is cut off has ended: keep what
            // came (a cut final line shows up as truncatedTail), don't turn it into an error.
            const bool endedTail = !r.ok() && *streamed
                && (r.error().kind == ErrorKind::Timeout || r.error().kind == ErrorKind::Network);
            if (!r.ok() && !endedTail)
                return job->finish(r.error());
            if (r.ok() && !r->isSuccess())
                return job->finish(vercelError(*r));  // error bodies are never streamed
            if (r.ok() && !*streamed)
                collector->feed(r->body);  // the whole body arrived at once
            collector->finish();
            deliver();
        });
    return job;
}

Job<BuildLog> *VercelClient::buildLog(const QString &idOrUrl, bool follow,
                                      std::function<void(const QList<BuildEvent> &)> onEvents)
{
    auto *job = new Job<BuildLog>(this);
    if (failIfMisconfigured(job, false))
        return job;
    if (!follow) {
        job->send(m_http, vercel::buildEventsRequest(m_config, idOrUrl, false), [job, onEvents](const Result<HttpResponse> &r) {
            if (!r.ok())
                return job->finish(r.error());
            if (!r->isSuccess())
                return job->finish(vercelError(*r));
            Result<BuildLog> log = parseBuildEvents(r->body);
            if (log && onEvents && !log->events.isEmpty())
                onEvents(log->events);
            job->finish(std::move(log));
        });
        return job;
    }
    auto collector = std::make_shared<BuildEventCollector>();
    auto streamed = std::make_shared<bool>(false);
    job->sendStreaming(
        m_http, vercel::buildEventsRequest(m_config, idOrUrl, true),
        [collector, streamed, onEvents](const QByteArray &chunk) {
            *streamed = true;
            const QList<BuildEvent> fresh = collector->feed(chunk);
            if (onEvents && !fresh.isEmpty())
                onEvents(fresh);
        },
        [job, collector, streamed, onEvents](const Result<HttpResponse> &r) {
            // A stream that goes quiet or is cut after lines came keeps what came.
            const bool endedStream = !r.ok() && *streamed
                && (r.error().kind == ErrorKind::Timeout || r.error().kind == ErrorKind::Network);
            if (!r.ok() && !endedStream)
                return job->finish(r.error());
            if (r.ok() && !r->isSuccess())
                return job->finish(vercelError(*r));
            QList<BuildEvent> fresh;
            if (r.ok() && !*streamed) {
                // The whole body at once: a stream, or the array a server sends when the build is over.
                if (r->body.trimmed().startsWith('[')) {
                    Result<BuildLog> log = parseBuildEvents(r->body);
                    if (log && onEvents && !log->events.isEmpty())
                        onEvents(log->events);
                    return job->finish(std::move(log));
                }
                fresh = collector->feed(r->body);
            }
            fresh += collector->finish();
            if (onEvents && !fresh.isEmpty())
                onEvents(fresh);
            job->finish(collector->log());
        });
    return job;
}

Job<QList<EnvVar>> *VercelClient::envVars()
{
    auto *job = new Job<QList<EnvVar>>(this);
    if (failIfMisconfigured(job, true))
        return job;
    job->send(m_http, vercel::envVarsRequest(m_config), [job](const Result<HttpResponse> &r) {
        if (!r.ok())
            return job->finish(r.error());
        job->finish(r->isSuccess() ? parseEnvVars(r->body) : Result<QList<EnvVar>>(vercelError(*r)));
    });
    return job;
}

Job<QList<RequestLogRow>> *VercelClient::requestLogs(const RequestLogQuery &query)
{
    auto *job = new Job<QList<RequestLogRow>>(this);
    if (failIfMisconfigured(job, true))
        return job;
    if (m_config.teamId.isEmpty()) {
        job->finish(makeError(ErrorKind::Config, tr("Request logs need the Vercel team (owner) to be configured.")));
        return job;
    }
    const VercelConfig config = m_config;
    auto page = std::make_shared<int>(0);
    Pager<RequestLogRow>::run(job, m_http, vercel::requestLogsRequest(config, query, 0), query.limit,
                              [config, query, page](const HttpResponse &response,
                                                    qsizetype) -> Result<PageStep<RequestLogRow>> {
                                  if (!response.isSuccess())
                                      return vercelError(response);
                                  Result<RequestLogPage> parsed = parseRequestLogs(response.body);
                                  if (!parsed.ok())
                                      return parsed.error();
                                  PageStep<RequestLogRow> step{std::move(parsed.value().items), {}, {}};
                                  if (parsed.value().hasMoreRows && !step.items.isEmpty())
                                      step.next = vercel::requestLogsRequest(config, query, ++*page);
                                  return step;
                              });
    return job;
}

Job<QString> *VercelClient::currentUser()
{
    auto *job = new Job<QString>(this);
    if (failIfMisconfigured(job, false))
        return job;
    job->send(m_http, vercel::currentUserRequest(m_config), [job](const Result<HttpResponse> &r) {
        if (!r.ok())
            return job->finish(r.error());
        if (!r->isSuccess())
            return job->finish(vercelError(*r));
        const QJsonObject user = QJsonDocument::fromJson(r->body).object().value(QLatin1String("user")).toObject();
        QString name = user.value(QLatin1String("username")).toString();
        if (name.isEmpty())
            name = user.value(QLatin1String("email")).toString();
        if (name.isEmpty())
            return job->finish(makeError(ErrorKind::BadResponse, tr("Vercel's /v2/user answer has no user.")));
        job->finish(sanitizeForDisplay(name).left(100));
    });
    return job;
}

} // namespace opsdeck
