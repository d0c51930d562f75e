#pragma once

#include <QByteArray>
#include <QDate>
#include <QList>
#include <QString>

namespace opsdeck {

// Plain records of the simulated production. Times are epoch milliseconds unless named otherwise.

struct SandboxDeployment {
    QString uid;                 // dpl_...
    QString url;                 // host only
    qint64 created = 0;
    qint64 buildingAt = 0;
    qint64 ready = 0;
    QString state;               // READY | ERROR | ...
    bool production = false;     // target "production" (false = preview, target null)
    bool rollbackCandidate = false;
    bool promoted = false;       // has served production traffic (readySubstate PROMOTED)
    QString creatorUid;
    QString creatorName;
    QString sha;
    QString message;
    QString ref;                 // branch
    QString authorName;
    QString errorCode;
    QString errorMessage;
};

struct SandboxAliasRequest {
    QString type;                // rollback | promote
    QString toDeploymentId;
    QString fromDeploymentId;
    qint64 requestedAt = 0;
    QString jobStatus;           // pending | in-progress | succeeded | failed
    int polls = 0;               // project GETs seen since the request
    bool willFail = false;
};

struct SandboxLogLine {
    QString rowId;
    qint64 timestampMs = 0;
    QString level;               // info | warning | error
    QString message;
    QString source;              // serverless | edge-function | ...
    QString requestMethod;
    QString requestPath;
    int statusCode = 200;
    QString requestId;
};

struct SandboxRun {
    qint64 id = 0;
    qint64 workflowId = 0;
    QString name;
    QString path;                // .github/workflows/ci.yml
    QString displayTitle;
    int runNumber = 0;
    int runAttempt = 1;
    QString event;
    QString status;              // queued | in_progress | completed
    QString conclusion;          // empty = null
    QString headBranch;
    QString headSha;
    QString actor;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    qint64 runStartedAt = 0;
    int ticks = 0;               // runs GETs seen since the last re-run request
    qint64 rerunAt = 0;
};

struct SandboxSecret {
    QString name;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    bool hasPlaintext = false;
    QByteArray plaintext;
};

struct SandboxPullRequest {
    int number = 0;
    QString title;
    QString body;
    QString head;
    QString base;
    QString headSha;
    QString user;
    bool draft = false;
    QString state;               // open | closed
    qint64 createdAt = 0;
};

struct SandboxAlert {
    int number = 0;
    QString state;               // open | fixed | dismissed | auto_dismissed
    QString packageName;
    QString manifestPath;
    QString scope;               // runtime | development
    QString ghsaId;
    QString cveId;
    QString summary;
    QString severity;            // low | medium | high | critical
    QString vulnerableRange;
    QString firstPatched;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    qint64 fixedAt = 0;
    qint64 dismissedAt = 0;
};

struct SandboxApiKey {
    QString id;                  // apikey_...
    QString name;
    QString status;              // active | inactive | archived
    qint64 createdAt = 0;
    QString createdBy;
    QString hint;
    QString workspaceId;         // empty = default workspace (null)
    QByteArray value;            // the key itself (empty: seeded without one, it cannot authenticate)
};

// A project environment variable (GET /v10/projects/{id}/env). value is what a decrypt would
// show: the sandbox never sends it without decrypt=true.
struct SandboxEnvVar {
    QString id;                  // env_...
    QString key;
    QString type;                // plain | encrypted | sensitive | system
    QStringList targets;         // production, preview, development
    QString gitBranch;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    QString value;
};

// An OpenAI admin key (projectId empty) or a project's API key.
struct SandboxOpenAiKey {
    QString id;                  // key_...
    QString name;
    QString projectId;
    qint64 createdAt = 0;        // ms
    QByteArray value;            // empty: seeded without one
    QString redacted;            // "sk-proj-abc...wxyz"
};

} // namespace opsdeck
