#pragma once

#include "core/result.h"
#include "providers/vercel/types.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace opsdeck {

enum class RollbackKind { Rollback, Promote };
QString rollbackKindName(RollbackKind kind);  // "rollback" / "promote"

// One side of a plan: the deployment serving production now, or the one it moves to.
struct PlanDeployment {
    QString id;
    QString url;
    QString target;  // production / preview / staging
    QString commitSha;
    QString commitMessage;  // first line, sanitised
    QString commitRef;
    QString creator;
    QDateTime createdAt;

    static PlanDeployment from(const Deployment &d);
};

struct PlanCommit {
    QString sha;
    QString message;  // first line, sanitised
    QString author;
    QDateTime date;
};

// What a rollback or promote will do, prepared before anything is sent. Built once by buildRollbackPlan() and
// never changed afterwards: execute() recomputes hash() and refuses a plan that differs from the
// hash the user confirmed.
struct RollbackPlan {
    RollbackKind kind = RollbackKind::Rollback;
    QString projectId;
    QString projectName;
    QString teamId;
    QString teamSlug;  // empty when unknown
    PlanDeployment current;
    PlanDeployment target;
    qint64 targetAgeMs = 0;  // preparedAt - target.createdAt
    QStringList domains;     // production aliases that move to the target
    QString staleNote;       // what Vercel keeps from the old build
    QList<PlanCommit> commitsBetween;  // oldest first
    bool commitsLeaveProduction = true;  // true: the commits above stop serving (target is older)
    QString commitsNote;     // why commitsBetween is empty or partial (no repo, compare failed...)
    QStringList warnings;
    QString reason;
    QDateTime preparedAt;

    // "team/project" when the team slug is known, else the project name (the phrase typed to confirm, case-sensitive).
    QString confirmationPhrase() const;
    // A copy with another reason (the dialog asks for it next to the confirmation): a new hash.
    RollbackPlan withReason(const QString &newReason) const;
    QJsonObject toJson() const;
    QString hash() const;  // hex SHA-256 of the canonical JSON of toJson()
    // Several lines for a terminal or the log pane.
    QString describe() const;
};

struct PlanInputs {
    RollbackKind kind = RollbackKind::Rollback;
    Project project;
    Deployment current;
    Deployment target;
    QString teamId;
    QString teamSlug;
    std::optional<QList<PlanCommit>> commits;  // nullopt: not compared (see commitsNote)
    QString commitsNote;
    QString reason;
    QDateTime now;
};

// Pure: validates the inputs (target READY, not already production, a rollback only to a former
// production deployment, no alias job running) and returns the plan or a Conflict error.
Result<RollbackPlan> buildRollbackPlan(const PlanInputs &inputs);

// Conflict when production moved since the plan was made, or another alias job is running.
Status checkPlanStillCurrent(const RollbackPlan &plan, const Project &project, const QDateTime &now);

// The team slug from a Vercel inspector URL "https://vercel.com/<slug>/<project>/<id>".
QString teamSlugFromInspectorUrl(const QString &inspectorUrl, const QString &projectName);

// "3 days 4 hours", "25 minutes"...
QString formatAge(qint64 ms);

} // namespace opsdeck
