#include "usecases/troubleshootusecase.h"

#include "providers/vercel/vercelclient.h"
#include "usecases/providerclients.h"
#include "core/clock.h"
#include "usecases/session.h"

#include <QCoreApplication>
#include <QPointer>

#include <algorithm>

namespace opsdeck {

namespace {
// Runs start(client) once the profile's Vercel client exists; the client is a child of job, so
// dropping the job ends the request, and cancelling it cancels the request.
template <typename T, typename Start>
Job<T> *withVercel(ProviderClients &providers, QObject *parent, Start start)
{
    auto *job = new Job<T>(parent);
    providers.vercel(job)->onFinished(job, [job, start](const Result<VercelClient *> &client) {
        if (!client)
            return job->finish(client.error());
        Job<T> *inner = start(client.value());
        inner->onFinished(job, [job](const Result<T> &r) { job->finish(r); });
        job->setAbort([inner = QPointer<JobBase>(inner)] {
            if (inner)
                inner->cancel();
        });
    });
    return job;
}
QString sourceName(CredentialLocation location)
{
    switch (location) {
    case CredentialLocation::Keychain:
        return QStringLiteral("keychain");
    case CredentialLocation::Environment:
        return QStringLiteral("environment");
    case CredentialLocation::Demo:
        return QStringLiteral("demo");
    case CredentialLocation::KeychainUnavailable:
        return QStringLiteral("unavailable");
    case CredentialLocation::MissingFromKeychain:
    case CredentialLocation::NotSet:
        break;
    }
    return QStringLiteral("not-set");
}
} // namespace

TroubleshootUseCase::TroubleshootUseCase(Session &session, ProviderClients &providers, CredentialsUseCase &credentials)
    : m_session(session), m_providers(providers), m_credentials(credentials)
{
}

Job<Deployment> *TroubleshootUseCase::deployment(const QString &idOrUrl, QObject *parent)
{
    return withVercel<Deployment>(m_providers, parent, [idOrUrl](VercelClient *c) { return c->getDeployment(idOrUrl); });
}

Job<BuildLog> *TroubleshootUseCase::buildLog(const QString &idOrUrl, bool follow,
                                             std::function<void(const QList<BuildEvent> &)> onEvents, QObject *parent)
{
    return withVercel<BuildLog>(m_providers, parent, [idOrUrl, follow, onEvents](VercelClient *c) {
        return c->buildLog(idOrUrl, follow, onEvents);
    });
}

std::optional<CredentialKind> TroubleshootUseCase::credentialFor(const QString &variable, const Profile &profile)
{
    for (const CredentialKind &kind : credentialKinds()) {
        if (profile.githubSecretsFor(kind.name, kind.githubSecrets).contains(variable))
            return kind;
    }
    for (const CredentialKind &kind : credentialKinds()) {
        if (kind.envVars.contains(variable))
            return kind;
    }
    return std::nullopt;
}

Job<EnvironmentReport> *TroubleshootUseCase::environment(QObject *parent)
{
    const Profile profile = m_session.profile();
    CredentialsUseCase &credentials = m_credentials;
    auto *job = withVercel<QList<EnvVar>>(m_providers, parent, [](VercelClient *c) { return c->envVars(); });
    return then<EnvironmentReport>(
        job,
        [profile, &credentials](const Result<QList<EnvVar>> &vars) -> Job<EnvironmentReport> * {
            if (!vars)
                return Job<EnvironmentReport>::done(vars.error());
            EnvironmentReport report;
            report.project = profile.vercelProject;
            report.rows = envMatrix(vars.value());
            report.productionVsPreview = diffTargets(report.rows, QStringLiteral("production"), QStringLiteral("preview"));
            auto *linked = new Job<EnvironmentReport>();
            credentials.list(linked)->onFinished(linked, [linked, found = report, profile](const Result<CredentialList> &list) {
                EnvironmentReport report = found;
                QHash<QString, CredentialStatus> byName;
                if (list) {
                    for (const CredentialStatus &s : list->rows)
                        byName.insert(s.kind.name, s);
                    if (list->keychainError)
                        report.credentialsProblem = list->keychainError->message;
                } else {
                    report.credentialsProblem = list.error().message;
                }
                for (const EnvRow &row : std::as_const(report.rows)) {
                    const auto kind = credentialFor(row.key, profile);
                    if (!kind)
                        continue;
                    const CredentialStatus status = byName.value(kind->name);
                    report.credentials.insert(row.key, EnvCredentialLink{kind->name, kind->label, status.storedAt, status.due,
                                                                         sourceName(status.location)});
                }
                linked->finish(report);
            });
            return linked;
        },
        parent);
}

QString TroubleshootUseCase::quickFixId(QuickFixKind kind)
{
    switch (kind) {
    case QuickFixKind::ErrorRate:
        return QStringLiteral("error-rate");
    case QuickFixKind::SlowResponses:
        return QStringLiteral("slow-responses");
    case QuickFixKind::DeploymentFailed:
        return QStringLiteral("deployment-failed");
    }
    return {};
}

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("TroubleshootUseCase", text);
}

QString ago(const QDateTime &t, const QDateTime &now)
{
    if (!t.isValid())
        return tr("at an unknown time");
    const qint64 minutes = t.secsTo(now) / 60;
    if (minutes < 60)
        return tr("%1 min ago").arg(std::max<qint64>(0, minutes));
    if (minutes < 48 * 60)
        return tr("%1 h ago").arg(minutes / 60);
    return tr("%1 days ago").arg(minutes / (24 * 60));
}

// Error rate high: production since the last good deployment, and that one as the rollback target.
Result<QuickFixPlan> planErrorRate(const QList<Deployment> &deployments, const QString &productionId, const QDateTime &now)
{
    QuickFixPlan plan;
    plan.kind = QuickFixKind::ErrorRate;
    plan.productionId = productionId;
    bool pastCurrent = productionId.isEmpty();
    for (const Deployment &d : deployments) {
        if (d.target != QLatin1String("production"))
            continue;
        if (!pastCurrent) {
            plan.sinceIds << d.id;
            pastCurrent = d.id == productionId;
            continue;
        }
        if (d.id != productionId && d.state == QLatin1String("READY") && d.isRollbackCandidate.value_or(true)) {
            plan.deploymentId = d.id;
            break;
        }
        plan.sinceIds << d.id;
    }
    const auto current = std::find_if(deployments.cbegin(), deployments.cend(), [&](const Deployment &d) { return d.id == productionId; });
    plan.lookedAt = tr("Looked at the %1 most recent deployments: production is %2, live since %3.")
                        .arg(deployments.size())
                        .arg(productionId.isEmpty() ? tr("unknown") : productionId,
                             current != deployments.cend() ? ago(current->readyAt.isValid() ? current->readyAt : current->createdAt, now)
                                                           : tr("before them"));
    if (plan.deploymentId.isEmpty()) {
        plan.advice = tr("No earlier production deployment can be rolled back to among them: look at the errors and "
                         "fix forward, or list more deployments.");
    } else {
        plan.advice = tr("If the errors began with %1, roll back to %2, the last good production deployment "
                         "(preview below; nothing changes until you confirm).")
                          .arg(plan.sinceIds.isEmpty() ? productionId : plan.sinceIds.join(QStringLiteral(", ")), plan.deploymentId);
    }
    return plan;
}
} // namespace

Job<QuickFixPlan> *TroubleshootUseCase::quickFix(QuickFixKind kind, QObject *parent)
{
    if (kind == QuickFixKind::SlowResponses) {
        QuickFixPlan plan;
        plan.kind = kind;
        plan.lookedAt = tr("Slow responses are mostly slow statements: the database's slowest statements by mean time "
                           "(pg_stat_statements) are listed.");
        plan.advice = tr("Select the slowest one and choose \"Index this…\": OpsDeck suggests the index from its WHERE "
                         "clause and builds it with CREATE INDEX CONCURRENTLY after a preview. The slow-statement log "
                         "(log_min_duration_statement, 1 s in the runbook) is set below the list.");
        return Job<QuickFixPlan>::done(plan, parent);
    }
    const QDateTime now = m_session.clock().nowUtc();
    if (kind == QuickFixKind::ErrorRate) {
        return withVercel<QuickFixPlan>(m_providers, parent, [now](VercelClient *c) {
            DeploymentQuery q;
            q.limit = 20;
            Job<QList<Deployment>> *listed = c->listDeployments(q);
            Job<Project> *project = c->getProject();
            auto *plan = new Job<QuickFixPlan>(c);
            whenAll(plan, listed, project)->onFinished(plan, [plan, now](const Result<std::tuple<Result<QList<Deployment>>, Result<Project>>> &r) {
                const auto &[list, project] = r.value();
                if (!list)
                    return plan->finish(list.error());
                if (!project)
                    return plan->finish(project.error());
                plan->finish(planErrorRate(list.value(), project->productionDeploymentId, now));
            });
            return plan;
        });
    }
    // Deployment failed: the newest failed deployment and the environment's production gap.
    auto *failed = withVercel<QList<Deployment>>(m_providers, nullptr, [](VercelClient *c) {
        DeploymentQuery q;
        q.limit = 20;
        q.states = {QStringLiteral("ERROR")};
        return c->listDeployments(q);
    });
    Job<EnvironmentReport> *env = environment(nullptr);
    return then<QuickFixPlan>(
        whenAll(nullptr, failed, env),
        [now](const Result<std::tuple<Result<QList<Deployment>>, Result<EnvironmentReport>>> &r) -> Result<QuickFixPlan> {
            const auto &[list, report] = r.value();
            if (!list)
                return list.error();
            QuickFixPlan plan;
            plan.kind = QuickFixKind::DeploymentFailed;
            QStringList looked{tr("Looked at the 20 most recent failed deployments")};
            if (report) {
                plan.envDiff = report->productionVsPreview;
                looked << tr("the project's environment variables (%1 names)").arg(report->rows.size());
            }
            plan.lookedAt = looked.join(tr(" and ")) + QLatin1Char('.');
            if (list->isEmpty()) {
                plan.advice = tr("No deployment failed recently.");
                return plan;
            }
            const Deployment &d = list->first();
            plan.deploymentId = d.id;
            QStringList advice{tr("%1 failed %2%3: its build log is open at the first failing line.")
                                   .arg(d.id, ago(d.createdAt, now),
                                        d.errorMessage.isEmpty() ? QString() : QStringLiteral(" (") + d.errorMessage + QLatin1Char(')'))};
            if (!report)
                advice << tr("The environment variables could not be read: %1").arg(report.error().message);
            else if (!plan.envDiff.onlyInB.isEmpty())
                advice << tr("Preview has variables production lacks: %1.").arg(plan.envDiff.onlyInB.join(QStringLiteral(", ")));
            else
                advice << tr("Production has every variable preview has.");
            advice << tr("Test the build locally with npm run build.");
            plan.advice = advice.join(QLatin1Char(' '));
            return plan;
        },
        parent);
}

} // namespace opsdeck
