#pragma once

#include "core/result.h"
#include "logs/rotationplanner.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

namespace opsdeck {

class AuditLog;

struct RotationOutcome {
    RotationItem item;
    bool done = false;  // compress/delete carried out
    QString error;      // why a planned compress/delete did not happen
};

struct RotationReport {
    QString folder;
    QList<RotationOutcome> outcomes;  // one per plan item, in plan order
    int compressed = 0;
    int deleted = 0;
    int kept = 0;
    int skipped = 0;
    int failed = 0;
    qint64 bytesFreed = 0;
    bool ok() const { return failed == 0; }
};

// Log rotation for one folder. preview() scans the folder (lstat, never
// following links; /proc for writers) and runs the pure RotationPlanner; run() executes exactly that
// plan, re-checking each file (same inode, size and mtime, still not open for writing) before
// touching it, so a dry run lists what the run does. Both block: call them off the GUI thread.
class LogRotator
{
    Q_DECLARE_TR_FUNCTIONS(LogRotator)

public:
    static Result<QList<RotationCandidate>> scan(const QString &folder, const RotationPolicy &policy,
                                                 QString *canonicalFolder = nullptr);
    static Result<RotationPlan> preview(const QString &folder, const RotationPolicy &policy, const QDateTime &now);
    static RotationReport run(const RotationPlan &plan);

    // The one audit entry of a run: action "logs.rotate", target the folder, details with counts.
    static Status recordAudit(AuditLog &audit, const RotationReport &report);
    static QJsonObject auditDetails(const RotationReport &report);

    static QJsonArray planToJson(const RotationPlan &plan);        // cli.md rows: file, action, reason
    static QJsonArray reportToJson(const RotationReport &report);  // the same rows plus the result
};

} // namespace opsdeck
