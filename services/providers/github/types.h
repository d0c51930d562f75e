#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUrl>

namespace opsdeck {

struct GithubConfig {
    QUrl baseUrl = QUrl(QStringLiteral("https://api.github.com"));  // Enterprise: https://host/api/v3
    QString token;
    QString owner;
    QString repo;
};

struct WorkflowRun {
    qint64 id = 0;
    QString name;
    QString displayTitle;
    qint64 runNumber = 0;
    int runAttempt = 0;
    QString event;
    QString status;      // queued, in_progress, completed, ...
    QString conclusion;  // empty until completed; success, failure, cancelled, ...
    QString headBranch;
    QString headSha;
    QString htmlUrl;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime runStartedAt;
    qint64 workflowId = 0;
    QString actor;
    QString triggeringActor;
};

struct WorkflowRunPage {
    QList<WorkflowRun> items;
    qint64 totalCount = 0;
};

struct WorkflowRunQuery {
    int limit = 20;       // total across pages
    int pageSize = 100;   // per_page (GitHub caps it at 100)
    QString status;       // a status or a conclusion (e.g. "failure")
    QString branch;
    QString created;      // date range, e.g. ">=2026-01-01"
};

struct SecretsPublicKey {
    QString keyId;
    QByteArray key;  // base64 of the 32-byte Curve25519 key, as GitHub sent it
};

struct SecretInfo {
    QString name;
    QDateTime createdAt;
    QDateTime updatedAt;
};

struct SecretPage {
    QList<SecretInfo> items;
    qint64 totalCount = 0;
};

struct SecretWriteResult {
    bool created = false;  // 201 created, else 204 updated
    QString keyId;         // the key the value was sealed for
    int attempts = 1;      // 2 when the key had to be fetched again
};

struct PullRequestDraft {
    QString title;
    QString head;  // branch, or user:branch for a fork
    QString base;
    QString body;
    bool draft = false;
};

struct PullRequest {
    qint64 number = 0;
    QString htmlUrl;
    QString state;
    bool draft = false;
    QString headRef;
    QString headSha;
    QString baseRef;
    QString user;
    QDateTime createdAt;
};

// GET /repos/{o}/{r}/compare/{base}...{head}
struct CommitSummary {
    QString sha;
    QString message;      // the whole message, sanitised (newlines kept)
    QString authorName;   // commit.author.name
    QString authorLogin;  // author.login; empty when GitHub could not map the author to a user
    QDateTime date;       // commit.author.date
    QString htmlUrl;
};

struct CommitComparison {
    QString status;       // ahead, behind, identical, diverged
    int aheadBy = 0;
    int behindBy = 0;
    int totalCommits = 0;
    QList<CommitSummary> commits;  // in head but not in base, oldest first (at most 250 per answer)
    QString htmlUrl;
};

struct DependabotAlert {
    qint64 number = 0;
    QString state;            // open, dismissed, fixed, auto_dismissed
    QString ecosystem;
    QString packageName;
    QString manifestPath;
    QString scope;            // development / runtime
    QString ghsaId;
    QString cveId;
    QString summary;
    QString severity;         // low, medium, high, critical
    QString vulnerableRange;
    QString firstPatchedVersion;
    QString htmlUrl;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime fixedAt;
    QDateTime dismissedAt;
};

struct DependabotQuery {
    int limit = 100;
    int pageSize = 100;
    QString state = QStringLiteral("open");  // comma list
    QString severity;                        // comma list
};

} // namespace opsdeck
