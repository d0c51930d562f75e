#pragma once

#include "core/result.h"
#include "providers/providersource.h"

#include <QObject>

#include <functional>

namespace opsdeck {

class AppContext;

// Builds provider clients for the active profile once their credential is resolved:
// demo → the sandbox's fake tokens; CLI → environment first; then the system keychain.
// A missing credential is a Config error naming the variable and the keychain entry.
// Clients are parented to `owner`.
class ProviderFactory final : public ProviderSource
{
public:
    explicit ProviderFactory(AppContext &context);

    void credential(const QString &kindName, QObject *owner, std::function<void(const Result<QByteArray> &)> done);

    void vercel(QObject *owner, std::function<void(const Result<VercelClient *> &)> done) override;
    void github(QObject *owner, std::function<void(const Result<GithubClient *> &)> done) override;
    void openai(QObject *owner, std::function<void(const Result<OpenAiClient *> &)> done) override;
    void anthropic(QObject *owner, std::function<void(const Result<AnthropicClient *> &)> done) override;
    HealthProbe *health(QObject *owner) override;
    // DATABASE_URL of the profile with database-password (a missing password is left to the server to
    // judge: peer/trust auth, ~/.pgpass); in demo mode, the demo database once a page has started it.
    void database(QObject *owner, std::function<void(const Result<PgConnectionInfo> &)> done) override;

private:
    AppContext &m_context;
};

} // namespace opsdeck
