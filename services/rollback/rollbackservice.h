#pragma once

#include "core/clock.h"
#include "providers/health/types.h"
#include "core/job.h"
#include "providers/providererror.h"
#include "rollback/rollbackplan.h"

#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QUrl>

namespace opsdeck {

class AuditLog;
class GithubClient;
class HealthProbe;
class VercelClient;
struct Profile;

struct RollbackRequest {
    QString target;  // deployment id or URL
    RollbackKind kind = RollbackKind::Rollback;
    QString reason;
};

struct RollbackServiceOptions {
    QList<QUrl> healthUrls;          // re-checked after the alias job succeeded
    QString teamSlug;                // when known from the profile; else read from the inspector URL
    bool waitForAliasJob = true;     // false: return once Vercel accepted the request (--no-wait)
    qint64 aliasTimeoutMs = 120'000;  // then "accepted, not confirmed": accepted is not done
    qint64 pollIntervalMs = 1000;
    int healthTimeoutMs = 10'000;
    QString githubNote;              // why no GitHub client was given (shown instead of the commits)

    // Health URLs and the team slug (a vercelTeam that is not a "team_" id) from the profile.
    static RollbackServiceOptions forProfile(const Profile &profile);
};

// After Vercel accepted the POST.
enum class RollbackStatus { Succeeded, AcceptedUnconfirmed, Failed };
QString rollbackStatusName(RollbackStatus status);  // succeeded, accepted-not-confirmed, failed

struct HealthAfter {
    bool checked = false;
    bool ok = false;
    QList<HealthResult> results;
};

struct RollbackOutcome {
    RollbackStatus status = RollbackStatus::Failed;
    QString from;
    QString to;
    QString jobStatus;  // the last lastAliasRequest.jobStatus seen; "accepted" when not polled
    HealthAfter healthAfter;
    ActionReceipt receipt;
    QString planHash;
    QString message;       // one line for the user
    QString auditWarning;  // non-empty when the closing audit entry could not be written

    // The CLI contract: {"from", "to", "jobStatus", "healthAfter"} plus status, planHash, message.
    QJsonObject toJson() const;
};

// Rollback and promote with their safety rules: a plan first (the dry run is the same code path),
// executed at most once, only while production still matches it, the alias job followed to the
// end (accepted is not done), health re-checked, and every attempt in the audit trail, written
// before the POST (fail closed: no audit entry, no POST). The GUI and the CLI both go through here.
class RollbackService : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RollbackService)
public:
    // github and health may be null (no repository configured / no health check).
    RollbackService(VercelClient &vercel, GithubClient *github, HealthProbe *health, AuditLog &audit, Clock &clock,
                    RollbackServiceOptions options, QObject *parent = nullptr);
    ~RollbackService() override;

    const RollbackServiceOptions &options() const { return m_options; }

    // Reads the project, both deployments and (when a repository is configured) the commits
    // between them; changes nothing. The dry run is exactly this.
    Job<RollbackPlan> *prepare(const RollbackRequest &request);

    // Refuses (with an audit entry, without a POST) when confirmedHash is not plan.hash(), when
    // this plan already ran or another one is running, or when production moved (stale plan).
    // An Error means production was not changed by this call; progress() reports each step.
    Job<RollbackOutcome> *execute(const RollbackPlan &plan, const QString &confirmedHash);

    // The user looked at the plan and walked away (cancelled attempts are audited too).
    Status recordCancelled(const RollbackPlan &plan, const QString &why);

    bool isExecuting() const { return m_executing; }

private:
    struct Execution;
    Status audit(const RollbackPlan &plan, const QString &outcome, const QJsonObject &extra);
    void refuse(Job<RollbackOutcome> *job, const RollbackPlan &plan, const QString &outcome, const Error &error);
    void post(const std::shared_ptr<Execution> &run);
    void recheckAfterPostError(const std::shared_ptr<Execution> &run, const Error &postError);
    void waitForJob(const std::shared_ptr<Execution> &run);
    void checkHealth(const std::shared_ptr<Execution> &run);
    void finishAccepted(const std::shared_ptr<Execution> &run);

    VercelClient &m_vercel;
    GithubClient *m_github;
    HealthProbe *m_health;
    AuditLog &m_audit;
    Clock &m_clock;
    RollbackServiceOptions m_options;
    QSet<QString> m_executedHashes;
    bool m_executing = false;
};

} // namespace opsdeck
