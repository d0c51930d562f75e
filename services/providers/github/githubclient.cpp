#include "providers/github/githubclient.h"

#include "net/httpclient.h"
#include "net/linkheader.h"
#include "providers/apiurl.h"
#include "providers/github/githubparser.h"
#include "providers/github/githubrequests.h"
#include "providers/github/sealedbox.h"
#include "core/text.h"
#include "providers/pager.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

#include <algorithm>

namespace opsdeck {

GithubClient::GithubClient(HttpClient &http, GithubConfig config, QObject *parent)
    : QObject(parent), m_http(http), m_config(std::move(config))
{
}

GithubClient::~GithubClient() = default;

template <typename T>
bool GithubClient::failIfMisconfigured(Job<T> *job)
{
    QString problem;
    if (!m_config.baseUrl.isValid() || m_config.baseUrl.scheme().isEmpty())
        problem = tr("The GitHub API URL is not valid.");
    else if (m_config.token.isEmpty())
        problem = tr("No GitHub token is configured.");
    else if (m_config.owner.isEmpty() || m_config.repo.isEmpty())
        problem = tr("No GitHub repository (owner/repo) is configured.");
    if (problem.isEmpty())
        return false;
    job->finish(makeError(ErrorKind::Config, problem));
    return true;
}

Result<std::optional<QUrl>> GithubClient::nextLink(const HttpResponse &response) const
{
    const QMap<QString, QUrl> links = parseLinkHeader(response.header("link"));
    const auto it = links.constFind(QStringLiteral("next"));
    if (it == links.constEnd())
        return std::optional<QUrl>();
    if (!sameOrigin(*it, m_config.baseUrl)) {
        return makeError(ErrorKind::BadResponse, tr("GitHub's next-page link points to another host."),
                         it->host());
    }
    return std::optional<QUrl>(*it);
}

Job<QList<WorkflowRun>> *GithubClient::listWorkflowRuns(const WorkflowRunQuery &query)
{
    auto *job = new Job<QList<WorkflowRun>>(this);
    if (failIfMisconfigured(job))
        return job;
    const int limit = std::max(1, query.limit);
    const HttpRequest first = github::listWorkflowRunsRequest(m_config, query, std::min(limit, query.pageSize));
    Pager<WorkflowRun>::run(job, m_http, first, limit,
                            [this, first](const HttpResponse &response, qsizetype) -> Result<PageStep<WorkflowRun>> {
                                if (!response.isSuccess())
                                    return githubError(response);
                                Result<WorkflowRunPage> page = parseWorkflowRuns(response.body);
                                if (!page.ok())
                                    return page.error();
                                const auto next = nextLink(response);
                                if (!next.ok())
                                    return next.error();
                                PageStep<WorkflowRun> step{std::move(page.value().items), {}, {}};
                                if (*next && !step.items.isEmpty())
                                    step.next = github::followLink(first, **next);
                                return step;
                            });
    return job;
}

Job<WorkflowRun> *GithubClient::getRun(qint64 runId)
{
    auto *job = new Job<WorkflowRun>(this);
    if (failIfMisconfigured(job))
        return job;
    job->send(m_http, github::getRunRequest(m_config, runId), [job](const Result<HttpResponse> &r) {
        if (!r.ok())
            return job->finish(r.error());
        job->finish(r->isSuccess() ? parseWorkflowRun(r->body) : Result<WorkflowRun>(githubError(*r)));
    });
    return job;
}

Job<ActionReceipt> *GithubClient::postAction(const HttpRequest &request)
{
    auto *job = new Job<ActionReceipt>(this);
    if (failIfMisconfigured(job))
        return job;
    job->send(m_http, request, [job, request](const Result<HttpResponse> &r) {
        if (!r.ok())
            return job->finish(r.error());
        job->finish(r->isSuccess() ? Result<ActionReceipt>(receiptFor(request, *r))
                                   : Result<ActionReceipt>(githubError(*r)));
    });
    return job;
}

Job<ActionReceipt> *GithubClient::rerun(qint64 runId)
{
    return postAction(github::rerunRequest(m_config, runId, false));
}

Job<ActionReceipt> *GithubClient::rerunFailedJobs(qint64 runId)
{
    return postAction(github::rerunRequest(m_config, runId, true));
}

Job<SecretsPublicKey> *GithubClient::getPublicKey()
{
    auto *job = new Job<SecretsPublicKey>(this);
    if (failIfMisconfigured(job))
        return job;
    job->send(m_http, github::publicKeyRequest(m_config), [job](const Result<HttpResponse> &r) {
        if (!r.ok())
            return job->finish(r.error());
        job->finish(r->isSuccess() ? parsePublicKey(r->body) : Result<SecretsPublicKey>(githubError(*r)));
    });
    return job;
}

Job<SecretWriteResult> *GithubClient::putSecret(const QString &name, const QByteArray &value)
{
    auto *job = new Job<SecretWriteResult>(this);
    if (failIfMisconfigured(job))
        return job;
    if (const Status valid = github::validateSecretName(name); !valid.ok()) {
        job->finish(valid.error());
        return job;
    }
    if (value.isEmpty() || value.size() > github::kMaxSecretBytes) {
        job->finish(makeError(ErrorKind::Config, value.isEmpty() ? tr("The secret value is empty.")
                                                                 : tr("The secret value is larger than 48 KB.")));
        return job;
    }
    putSecretAttempt(job, name, value, 1);
    return job;
}

void GithubClient::putSecretAttempt(Job<SecretWriteResult> *job, const QString &name, const QByteArray &value,
                                    int attempt)
{
    job->send(m_http, github::publicKeyRequest(m_config), [=, this](const Result<HttpResponse> &keyReply) {
        if (!keyReply.ok())
            return job->finish(keyReply.error());
        if (!keyReply->isSuccess())
            return job->finish(githubError(*keyReply));
        const Result<SecretsPublicKey> key = parsePublicKey(keyReply->body);
        if (!key.ok())
            return job->finish(key.error());
        const Result<QByteArray> sealed = sealSecret(key->key, value);
        if (!sealed.ok())
            return job->finish(sealed.error());
        const QString keyId = key->keyId;
        job->send(m_http, github::putSecretRequest(m_config, name, *sealed, keyId),
                  [=, this](const Result<HttpResponse> &put) {
                      if (!put.ok())
                          return job->finish(put.error());
                      if (put->isSuccess())
                          return job->finish(SecretWriteResult{put->status == 201, keyId, attempt});
                      const bool keyMayBeStale = put->status >= 400 && put->status < 500 && put->status != 401
                          && put->status != 403 && put->status != 429;
                      if (keyMayBeStale && attempt == 1)
                          return putSecretAttempt(job, name, value, 2);  // the key may have rotated
                      job->finish(githubError(*put));
                  });
    });
}

Job<QList<SecretInfo>> *GithubClient::listSecrets(int limit)
{
    auto *job = new Job<QList<SecretInfo>>(this);
    if (failIfMisconfigured(job))
        return job;
    const HttpRequest first = github::listSecretsRequest(m_config, 100);
    Pager<SecretInfo>::run(job, m_http, first, std::max(1, limit),
                           [this, first](const HttpResponse &response, qsizetype) -> Result<PageStep<SecretInfo>> {
                               if (!response.isSuccess())
                                   return githubError(response);
                               Result<SecretPage> page = parseSecrets(response.body);
                               if (!page.ok())
                                   return page.error();
                               const auto next = nextLink(response);
                               if (!next.ok())
                                   return next.error();
                               PageStep<SecretInfo> step{std::move(page.value().items), {}, {}};
                               if (*next && !step.items.isEmpty())
                                   step.next = github::followLink(first, **next);
                               return step;
                           });
    return job;
}

Job<PullRequest> *GithubClient::createPullRequest(const PullRequestDraft &draft)
{
    auto *job = new Job<PullRequest>(this);
    if (failIfMisconfigured(job))
        return job;
    if (draft.title.trimmed().isEmpty() || draft.head.isEmpty() || draft.base.isEmpty()) {
        job->finish(makeError(ErrorKind::Config, tr("A pull request needs a title, a head branch and a base branch.")));
        return job;
    }
    job->send(m_http, github::createPullRequestRequest(m_config, draft), [job](const Result<HttpResponse> &r) {
        if (!r.ok())
            return job->finish(r.error());
        job->finish(r->isSuccess() ? parsePullRequest(r->body) : Result<PullRequest>(githubError(*r)));
    });
    return job;
}

Job<CommitComparison> *GithubClient::compareCommits(const QString &base, const QString &head)
{
    auto *job = new Job<CommitComparison>(this);
    if (failIfMisconfigured(job))
        return job;
    if (base.trimmed().isEmpty() || head.trimmed().isEmpty()) {
        job->finish(makeError(ErrorKind::Config, tr("A comparison needs two commits.")));
        return job;
    }
    job->send(m_http, github::compareRequest(m_config, base, head), [job](const Result<HttpResponse> &r) {
        if (!r.ok())
            return job->finish(r.error());
        job->finish(r->isSuccess() ? parseCompare(r->body) : Result<CommitComparison>(githubError(*r)));
    });
    return job;
}

Job<QList<DependabotAlert>> *GithubClient::listDependabotAlerts(const DependabotQuery &query)
{
    auto *job = new Job<QList<DependabotAlert>>(this);
    if (failIfMisconfigured(job))
        return job;
    const int limit = std::max(1, query.limit);
    const GithubConfig config = m_config;
    Pager<DependabotAlert>::run(
        job, m_http, github::dependabotAlertsRequest(config, query, std::min(limit, query.pageSize), {}), limit,
        [this, config, query, limit](const HttpResponse &response,
                                     qsizetype collected) -> Result<PageStep<DependabotAlert>> {
            if (!response.isSuccess())
                return githubError(response);
            Result<QList<DependabotAlert>> alerts = parseDependabotAlerts(response.body);
            if (!alerts.ok())
                return alerts.error();
            const auto next = nextLink(response);
            if (!next.ok())
                return next.error();
            PageStep<DependabotAlert> step{std::move(alerts.value()), {}, {}};
            const qsizetype remaining = limit - collected - step.items.size();
            if (*next && !step.items.isEmpty() && remaining > 0) {
                const QString after = QUrlQuery(**next).queryItemValue(QStringLiteral("after"), QUrl::FullyDecoded);
                if (after.isEmpty())
                    return makeError(ErrorKind::BadResponse,
                                     tr("GitHub's next-page link for Dependabot alerts has no 'after' cursor."));
                step.next = github::dependabotAlertsRequest(
                    config, query, int(std::min<qsizetype>(remaining, query.pageSize)), after);
                step.cursor = after;
            }
            return step;
        });
    return job;
}

Job<QString> *GithubClient::currentUser()
{
    auto *job = new Job<QString>(this);
    if (m_config.token.isEmpty() || !m_config.baseUrl.isValid()) {
        job->finish(makeError(ErrorKind::Config, tr("No GitHub token is configured.")));
        return job;
    }
    job->send(m_http, github::currentUserRequest(m_config), [job](const Result<HttpResponse> &r) {
        if (!r.ok())
            return job->finish(r.error());
        if (!r->isSuccess())
            return job->finish(githubError(*r));
        const QString login = QJsonDocument::fromJson(r->body).object().value(QLatin1String("login")).toString();
        if (login.isEmpty())
            return job->finish(makeError(ErrorKind::BadResponse, tr("GitHub's /user answer has no login.")));
        job->finish(sanitizeForDisplay(login).left(100));
    });
    return job;
}

Job<QList<PullRequest>> *GithubClient::findPullRequests(const QString &branch)
{
    auto *job = new Job<QList<PullRequest>>(this);
    if (failIfMisconfigured(job))
        return job;
    job->send(m_http, github::openPullsForHeadRequest(m_config, branch), [job](const Result<HttpResponse> &r) {
        if (!r.ok())
            return job->finish(r.error());
        if (!r->isSuccess())
            return job->finish(githubError(*r));
        const QJsonDocument doc = QJsonDocument::fromJson(r->body);
        if (!doc.isArray())
            return job->finish(makeError(ErrorKind::BadResponse, tr("GitHub's pull request list is not a JSON array.")));
        QList<PullRequest> out;
        for (const QJsonValue &v : doc.array()) {
            auto pr = parsePullRequest(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
            if (!pr)
                return job->finish(pr.error());
            out << pr.value();
        }
        job->finish(out);
    });
    return job;
}

} // namespace opsdeck
