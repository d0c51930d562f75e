#pragma once

#include "backups/restoredrill.h"
#include "config/profile.h"
#include "runbook/checkresult.h"
#include "runbook/runbook.h"

#include <QJsonObject>
#include <QObject>

#include <functional>

namespace opsdeck {

class Clock;
class ProviderSource;

// What the checks need from the application.
struct CheckEnv {
    ProviderSource *providers = nullptr;
    Profile profile;
    Clock *clock = nullptr;
    // Health latencies of the last 24 h (ms) before this run, for the probe P95; may be empty.
    QList<double> recentHealthLatenciesMs;
    // The state of the profile's restore tests (restore a backup, check it), from the local store; unset: not known.
    std::function<DrillStatus()> restoreDrill;
    // When each credential of the profile was last stored (keychain name -> time; a missing or invalid
    // time: not known), from the keychain's bookkeeping (never the values); unset: not known.
    std::function<QHash<QString, QDateTime>()> credentialsStoredAt;
};

using CheckDone = std::function<void(CheckResult)>;

// One function per check kind; each calls done exactly once (on owner's thread).
void runHealthCheck(const CheckEnv &env, const RunbookItem &item, QObject *owner, CheckDone done);
void runErrorsCheck(const CheckEnv &env, const RunbookItem &item, QObject *owner, CheckDone done);
void runApiUsageCheck(const CheckEnv &env, const RunbookItem &item, QObject *owner, CheckDone done);
void runWorkflowsCheck(const CheckEnv &env, const RunbookItem &item, QObject *owner, CheckDone done);
void runDeploymentsCheck(const CheckEnv &env, const RunbookItem &item, QObject *owner, CheckDone done);
// The last restore test: pass within 7 days, warn when older or none, fail when the last one failed.
void runRestoreDrillCheck(const CheckEnv &env, const RunbookItem &item, QObject *owner, CheckDone done);
// Credential rotation (monthly): fail when a credential is overdue, warn when one is due within 14
// days, pass when every known one is in date, no data when no rotation date is known.
void runCredentialsDueCheck(const CheckEnv &env, const RunbookItem &item, QObject *owner, CheckDone done);
// npm audit in the profile's project (weekly, the runbook's --audit-level=moderate): fail when an
// advisory is moderate or above, no data without a project folder.
void runNpmAuditCheck(const CheckEnv &env, const RunbookItem &item, QObject *owner, CheckDone done);
// When the project's .github/SECURITY.md last changed, and in which commit (monthly review; libgit2).
void runSecurityPolicyCheck(const CheckEnv &env, const RunbookItem &item, QObject *owner, CheckDone done);

// What an alert needs that no daily item measures: the database's connections in use against
// max_connections ("dbConnectionsPercent"). Calls done exactly once, with no metric when the profile has
// no database or it cannot be reached (the alert then says it had no data).
void collectDatabaseMetrics(const CheckEnv &env, QObject *owner, std::function<void(QJsonObject)> done);

// Nearest-rank percentile (p in 0..100) over raw values; -1 when empty.
double nearestRankPercentile(QList<double> values, double p);

} // namespace opsdeck
