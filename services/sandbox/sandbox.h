#pragma once

#include "core/result.h"
#include "sandbox/sandboxfaults.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QUrl>

#include <map>
#include <memory>
#include <optional>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;

namespace opsdeck {

class ProviderRoutes;
class SandboxRouter;
class SandboxWorld;
struct SandboxReply;
struct SandboxRequest;

struct SandboxOptions {
    quint16 port = 0;  // 0 = a free port
    quint64 seed = 42;
    QDateTime now = QDateTime::currentDateTimeUtc();  // the simulated 30 days end here
};

// A local HTTP server on loopback that imitates the Vercel, GitHub, OpenAI and Anthropic
// APIs of docs/api-reference.md (plus the product's health endpoint) over a seeded, simulated
// production. OpsDeck's demo mode and the HTTP peer of the integration tests.
class Sandbox : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Sandbox)

public:
    static constexpr char kVercelToken[] = "demo-vercel-token";
    static constexpr char kGithubToken[] = "demo-github-token";
    static constexpr char kOpenAiKey[] = "demo-openai-admin-key";
    static constexpr char kAnthropicKey[] = "demo-anthropic-admin-key";
    // The product's runtime keys (rotated and pushed to GitHub Actions secrets).
    static constexpr char kOpenAiApiKey[] = "sk-proj-demo-openai-runtime-key-0001";
    static constexpr char kAnthropicApiKey[] = "sk-ant-api03-demo-anthropic-runtime-key-0001AA";
    static constexpr char kVercelProjectId[] = "prj_demo_web";
    static constexpr char kVercelProjectName[] = "web";
    static constexpr char kVercelTeamId[] = "team_demo";
    static constexpr char kVercelTeamSlug[] = "acme";
    static constexpr char kGithubRepo[] = "acme/web";

    explicit Sandbox(SandboxOptions options = {}, QObject *parent = nullptr);
    ~Sandbox() override;

    Result<quint16> start();
    bool isRunning() const { return m_port != 0; }
    quint16 port() const { return m_port; }

    QUrl baseUrl() const;  // http://127.0.0.1:PORT
    QUrl vercelApi() const;
    QUrl githubApi() const;
    QUrl openaiApi() const;
    QUrl anthropicApi() const;
    QUrl healthUrl() const;

    // provider: "vercel", "github", "openai", "anthropic" or "health".
    void setFaults(const QString &provider, const SandboxFaults &faults);
    SandboxFaults faults(const QString &provider) const;

    // Requests whose full path (e.g. "/vercel/v6/deployments") starts with pathPrefix.
    int requestCount(const QString &pathPrefix) const;
    int rollbackPostCount() const { return m_rollbackPosts; }
    std::optional<QByteArray> decryptedSecret(const QString &name) const;
    // A new valid credential of kind, as the provider's console would make it (SandboxWorld::issueKey).
    QByteArray issueKey(const QString &kind, const QString &name = {});

    SandboxWorld &world() { return *m_world; }
    const SandboxWorld &world() const { return *m_world; }
    QDateTime nowUtc() const;  // options.now plus the time since construction

Q_SIGNALS:
    void requestServed(const QString &method, const QString &path, int status);

private:
    struct Provider;
    void handle(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    SandboxReply answer(Provider &provider, SandboxRequest &request, bool *truncate);
    void send(QHttpServerResponder &responder, const SandboxReply &reply, bool truncate);

    SandboxOptions m_options;
    std::unique_ptr<SandboxWorld> m_world;
    std::unique_ptr<QHttpServer> m_server;
    std::map<QString, std::unique_ptr<Provider>> m_providers;
    QHash<QString, SandboxFaults> m_faults;
    QHash<QString, int> m_counts;
    QElapsedTimer m_clock;
    quint16 m_port = 0;
    int m_rollbackPosts = 0;
    quint64 m_requestSeq = 0;
};

} // namespace opsdeck
