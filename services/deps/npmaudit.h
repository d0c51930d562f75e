#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace opsdeck {

// One advisory of `npm audit --json` (auditReportVersion 2): a "via" object of a vulnerability.
struct AuditAdvisory {
    QString id;               // the advisory's number ("source") or its GHSA id from the URL
    QString package;          // the vulnerable package
    QString title;
    QString severity;         // info, low, moderate, high, critical
    QString url;
    QString vulnerableRange;  // "<1.0.1"
    bool isDirect = false;
    bool fixAvailable = false;
};

struct AuditReport {
    QMap<QString, int> bySeverity;  // info, low, moderate, high, critical (all five present)
    QList<AuditAdvisory> advisories;
    int total() const;
    // Advisories at or above severity ("moderate": moderate, high and critical).
    int atLeast(const QString &severity) const;
};

// `npm audit --json` output. npm prints a line or two before the JSON sometimes: they are skipped.
Result<AuditReport> parseNpmAudit(const QByteArray &output);

// What `npm audit fix --dry-run --json` would change.
struct AuditFixChange {
    QString package;
    QString from;
    QString to;
};
Result<QList<AuditFixChange>> parseNpmAuditFixDryRun(const QByteArray &output);

// Severity order (info 0 .. critical 4); -1 for anything else.
int severityRank(const QString &severity);

// Whether version satisfies an npm range made of comparators (<, <=, >, >=, =, a bare version or *),
// space-separated for "and", "||" for "or" (the form advisories use). A range it cannot read is false.
bool satisfiesRange(const QString &version, const QString &range);
// The lowest published release above current that the vulnerable range does not contain.
QString firstPatchedVersion(const QString &current, const QString &vulnerableRange, const QStringList &published);

} // namespace opsdeck
