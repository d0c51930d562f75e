#pragma once

#include "config/profile.h"
#include "core/job.h"
#include "providers/vercel/buildlog.h"
#include "providers/vercel/types.h"
#include "usecases/credentialsusecase.h"

#include <QHash>
#include <QObject>

#include <functional>

namespace opsdeck {

class ProviderClients;
class Session;

// The runbook's quick fixes as guided actions: what was looked at, and where to go.
enum class QuickFixKind { ErrorRate, SlowResponses, DeploymentFailed };

struct QuickFixPlan {
    QuickFixKind kind = QuickFixKind::ErrorRate;
    QString lookedAt;        // one sentence: what OpsDeck read to make this plan
    QString advice;          // what to do next, in the runbook's words
    QString deploymentId;    // error rate: the last good production deployment to roll back to;
                             // deployment failed: the failed one whose build log to open
    QString productionId;    // serves production now
    QStringList sinceIds;    // error rate: production deployments since the last good one (newest first)
    EnvDiff envDiff;         // deployment failed: production against preview
};

// The runbook's "Deployment Failures" troubleshooting for the GUI and the CLI: a deployment's
// build log (live while it builds) and the project's environment variables (names only).
class TroubleshootUseCase
{
public:
    TroubleshootUseCase(Session &session, ProviderClients &providers, CredentialsUseCase &credentials);

    Job<Deployment> *deployment(const QString &idOrUrl, QObject *parent);
    // Every line reaches onEvents once, in order, as it arrives; the result is the whole log.
    Job<BuildLog> *buildLog(const QString &idOrUrl, bool follow, std::function<void(const QList<BuildEvent> &)> onEvents,
                            QObject *parent);
    Job<EnvironmentReport> *environment(QObject *parent);
    // Reads what the quick fix needs (recent deployments, the project, the environment) and says
    // what to open. Slow responses need nothing from a provider: the plan points at the database.
    Job<QuickFixPlan> *quickFix(QuickFixKind kind, QObject *parent);
    static QString quickFixId(QuickFixKind kind);  // error-rate | slow-responses | deployment-failed

    // The credential whose Actions secrets or environment variables include this name, if any.
    static std::optional<CredentialKind> credentialFor(const QString &variable, const Profile &profile);

private:
    Session &m_session;
    ProviderClients &m_providers;
    CredentialsUseCase &m_credentials;
};

} // namespace opsdeck
