#pragma once

#include "providers/vercel/logtypes.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace opsdeck {

struct VercelConfig {
    QUrl baseUrl = QUrl(QStringLiteral("https://api.vercel.com"));
    QString token;
    QString teamId;     // team scope (?teamId=); empty = personal account
    QString projectId;  // id or name
    // The undocumented request-logs endpoint lives on vercel.com, not api.vercel.com. Empty:
    // https://vercel.com for the real API, baseUrl otherwise (the sandbox serves both).
    QUrl requestLogsBaseUrl;
};

struct Deployment {
    QString id;                // uid ("dpl_...") in lists, id in the single view
    QString name;
    QString projectId;
    QString url;               // host only; empty while the upload is incomplete (null)
    QString state;             // readyState, else state: BUILDING, ERROR, READY, ...
    QString readySubstate;     // STAGED / ROLLING / PROMOTED, only when READY
    QString target;            // "production", "staging" or "preview" (null target)
    QDateTime createdAt;       // UTC
    QDateTime buildingAt;
    QDateTime readyAt;
    QString creator;           // username, else githubLogin, else email, else uid
    QString creatorUid;
    QString commitSha;
    QString commitMessage;
    QString commitRef;         // branch
    QString source;            // git, cli, redeploy...
    QString inspectorUrl;
    QStringList aliases;       // single view only
    std::optional<bool> isRollbackCandidate;
    std::optional<bool> aliasAssigned;
    QString errorCode;
    QString errorMessage;
};

struct DeploymentPage {
    QList<Deployment> items;
    std::optional<qint64> next;  // pagination.next: goes back as `until`; nullopt = last page
};

struct DeploymentQuery {
    int limit = 10;             // total wanted, across pages
    int pageSize = 100;         // per request (Vercel caps it at 100)
    QString target;             // "production" / "preview"; empty = any
    bool rollbackCandidate = false;
    QStringList states;         // READY, ERROR, ...; empty = any
};

// project.lastAliasRequest: the state of the latest rollback/promote alias job.
struct AliasRequest {
    QString jobStatus;          // pending, in-progress, succeeded, failed, skipped
    QDateTime requestedAt;
    QString toDeploymentId;
    QString fromDeploymentId;
    QString type;               // rollback / promote
};

struct Project {
    QString id;
    QString name;
    QString accountId;
    QString framework;
    QDateTime createdAt;
    QDateTime updatedAt;
    QString productionDeploymentId;  // targets.production.id when present
    std::optional<AliasRequest> lastAliasRequest;
};

struct ProjectPage {
    QList<Project> items;
    QString next;  // pagination.next (number or token) as text; empty = last page
};

} // namespace opsdeck
