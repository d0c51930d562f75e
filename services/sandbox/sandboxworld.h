#pragma once

#include <QHash>
#include <QSet>

#include "sandbox/sandboxcosts.h"
#include "sandbox/sandboxtypes.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>

#include <optional>

namespace opsdeck {

// The simulated production behind the sandbox: everything seeded from one number, plus the
// state that requests change (rollbacks, re-runs, secrets, pull requests, API key status).
// Also the ground truth that tests compare the served JSON with.
class SandboxWorld
{
public:
    SandboxWorld(quint64 seed, const QDateTime &now);
    ~SandboxWorld();
    Q_DISABLE_COPY_MOVE(SandboxWorld)

    static constexpr char kProjectId[] = "prj_demo_web";
    static constexpr char kProjectName[] = "web";
    static constexpr char kTeamId[] = "team_demo";
    static constexpr char kTeamSlug[] = "acme";
    static constexpr char kRepoOwner[] = "acme";
    static constexpr char kRepoName[] = "web";
    static constexpr char kProductionDomain[] = "web.acme.com";

    quint64 seed() const { return m_seed; }
    qint64 startMs() const { return m_startMs; }

    // Vercel
    const QList<SandboxDeployment> &deployments() const { return m_deployments; }  // newest first
    const SandboxDeployment *deployment(const QString &idOrUrl) const;
    QString productionDeploymentId() const { return m_productionId; }
    QStringList aliasesOf(const QString &deploymentId) const;
    std::optional<SandboxAliasRequest> lastAliasRequest() const { return m_aliasRequest; }
    void startAliasRequest(const QString &type, const QString &deploymentId, qint64 nowMs);
    // Moves a pending rollback/promote on; poll = a GET of the project (the CLI's status poll).
    void advanceAliasRequest(qint64 nowMs, bool poll);
    void setNextAliasRequestFails(bool fail) { m_nextAliasFails = fail; }
    const QList<SandboxLogLine> &runtimeLogs() const { return m_logs; }
    QString runtimeLogsDeploymentId() const { return m_logsDeploymentId; }  // where that traffic went
    const QList<SandboxEnvVar> &envVars() const { return m_envVars; }

    // GitHub
    const QList<SandboxRun> &runs() const { return m_runs; }  // newest first
    const SandboxRun *run(qint64 id) const;
    void rerun(qint64 id, qint64 nowMs);
    void cancelRun(qint64 id, qint64 nowMs);
    void advanceRuns(qint64 nowMs, bool poll);
    QByteArray secretsPublicKey() const { return m_publicKey; }
    QString secretsKeyId() const { return m_keyId; }
    const QList<SandboxSecret> &secrets() const { return m_secrets; }  // by name
    enum class SecretWrite { Created, Updated, WrongKeyId, Undecryptable, TooLarge };
    SecretWrite putSecret(const QString &name, const QByteArray &encryptedBase64, const QString &keyId,
                          qint64 nowMs);
    bool deleteSecret(const QString &name);
    std::optional<QByteArray> decryptedSecret(const QString &name) const;
    const QList<SandboxPullRequest> &pullRequests() const { return m_pulls; }
    const SandboxPullRequest &addPullRequest(SandboxPullRequest pr);
    const QList<SandboxAlert> &alerts() const { return m_alerts; }

    // Anthropic API keys
    const QList<SandboxApiKey> &apiKeys() const { return m_apiKeys; }
    SandboxApiKey *apiKey(const QString &id);

    // Credentials, for validation and rotation (api-reference.md section 6). kind: vercel-token,
    // github-token, openai-admin-key, openai-api-key, anthropic-admin-key or anthropic-api-key.
    // issueKey makes a new valid value as the provider's console would; OpenAI's keys and Anthropic's
    // API keys also get an entry in their provider's key list.
    QByteArray issueKey(const QString &kind, qint64 nowMs, const QString &name = {});
    bool acceptsKey(const QString &kind, const QByteArray &value) const;
    const QList<SandboxOpenAiKey> &openaiKeys() const { return m_openaiKeys; }
    bool deleteOpenAiKey(const QString &projectId, const QString &id);
    static constexpr char kOpenAiProjectId[] = "proj_demo_web";

    // OpenAI and Anthropic spend
    const SandboxCosts &costs() const { return m_costs; }
    double costUsd(const QString &provider, const QDate &day) const { return m_costs.costUsd(provider, day); }
    double totalCostUsd(const QDate &day) const { return m_costs.totalCostUsd(day); }
    QDate spikeDay() const { return m_costs.spikeDay(); }

    // The product's health endpoint
    int nextHealthLatencyMs();
    // A week of the health endpoint as a monitor would have seen it, for the GUI demo's history:
    // one probe every intervalMinutes up to `until`, latency following the day (busier in the
    // afternoon, UTC) with rare slow probes, and one short outage two days before (latency -1: down).
    // Its own RNG stream, so the live endpoint's answers do not change.
    QList<std::pair<QDateTime, int>> healthHistory(const QDateTime &until, int days, int intervalMinutes) const;
    QString appVersion() const { return QStringLiteral("1.42.0"); }

private:
    void setProduction(const QString &deploymentId);
    static QString openAiRedacted(const QByteArray &value);
    static QString anthropicHint(const QByteArray &value);

    quint64 m_seed;
    qint64 m_startMs;
    QList<SandboxDeployment> m_deployments;
    QString m_productionId;
    std::optional<SandboxAliasRequest> m_aliasRequest;
    bool m_nextAliasFails = false;
    QList<SandboxLogLine> m_logs;
    QString m_logsDeploymentId;
    QList<SandboxEnvVar> m_envVars;
    QList<SandboxRun> m_runs;
    QByteArray m_publicKey;
    QByteArray m_secretKey;
    QString m_keyId;
    QList<SandboxSecret> m_secrets;
    QList<SandboxPullRequest> m_pulls;
    QList<SandboxAlert> m_alerts;
    QList<SandboxApiKey> m_apiKeys;
    QList<SandboxOpenAiKey> m_openaiKeys;
    QHash<QString, QSet<QByteArray>> m_tokens;  // vercel-token, github-token, anthropic-admin-key
    quint64 m_keyState;
    SandboxCosts m_costs;
    quint64 m_healthState;
};

} // namespace opsdeck
