#pragma once

#include "providers/github/types.h"
#include "core/job.h"
#include "providers/providererror.h"

#include <QObject>

namespace opsdeck {

class HttpClient;

// GitHub REST client (api-reference.md section 2). Every call returns a Job parented to this
// client; see JobBase for the finished()/cancel() contract.
class GithubClient : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GithubClient)
public:
    explicit GithubClient(HttpClient &http, GithubConfig config, QObject *parent = nullptr);
    ~GithubClient() override;

    const GithubConfig &config() const { return m_config; }

    // Newest first; follows Link rel="next" (ETag-cached pages) until query.limit runs.
    Job<QList<WorkflowRun>> *listWorkflowRuns(const WorkflowRunQuery &query);
    Job<WorkflowRun> *getRun(qint64 runId);
    // 201 with an empty body = accepted. Never retried automatically.
    Job<ActionReceipt> *rerun(qint64 runId);
    Job<ActionReceipt> *rerunFailedJobs(qint64 runId);

    // GET /user: the login the token belongs to (validates a token; needs no repository).
    Job<QString> *currentUser();
    Job<SecretsPublicKey> *getPublicKey();
    // Validates the name, fetches the repository key, seals the value and PUTs it. On a 4xx
    // answer to the PUT (other than auth and rate limits) the key is fetched again and the PUT
    // repeated once. The value never leaves this process unencrypted.
    Job<SecretWriteResult> *putSecret(const QString &name, const QByteArray &value);
    Job<QList<SecretInfo>> *listSecrets(int limit = 1000);

    Job<PullRequest> *createPullRequest(const PullRequestDraft &draft);
    // The open pull requests whose head is branch of this repository (newest first).
    Job<QList<PullRequest>> *findPullRequests(const QString &branch);
    // The commits in head that base lacks (oldest first) and how the two relate. One request:
    // GitHub lists at most 250 commits; totalCommits tells when there are more.
    Job<CommitComparison> *compareCommits(const QString &base, const QString &head);
    // Cursor pagination from the Link header (`after`), never `page`.
    Job<QList<DependabotAlert>> *listDependabotAlerts(const DependabotQuery &query = {});

private:
    template <typename T>
    bool failIfMisconfigured(Job<T> *job);
    Job<ActionReceipt> *postAction(const HttpRequest &request);
    void putSecretAttempt(Job<SecretWriteResult> *job, const QString &name, const QByteArray &value, int attempt);
    // The next page from the Link header; an error for a link to a foreign host.
    Result<std::optional<QUrl>> nextLink(const HttpResponse &response) const;

    HttpClient &m_http;
    GithubConfig m_config;
};

} // namespace opsdeck
