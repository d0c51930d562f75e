#pragma once

#include "providers/providersource.h"

namespace opsdeck {

class CredentialResolver;
class Session;

// Provider clients for the active profile, each built once its credential is resolved (checks,
// costs, rollback). A profile without the provider's project or repository is a Config error.
class ProviderClients final : public ProviderSource
{
public:
    ProviderClients(Session &session, CredentialResolver &credentials);

    void vercel(QObject *owner, std::function<void(const Result<VercelClient *> &)> done) override;
    void github(QObject *owner, std::function<void(const Result<GithubClient *> &)> done) override;
    void openai(QObject *owner, std::function<void(const Result<OpenAiClient *> &)> done) override;
    void anthropic(QObject *owner, std::function<void(const Result<AnthropicClient *> &)> done) override;
    HealthProbe *health(QObject *owner) override;
    // GitHub for another repository (owner/name) with the profile's token and API.
    void githubFor(const QString &repo, QObject *owner, std::function<void(const Result<GithubClient *> &)> done);
    void database(QObject *owner, std::function<void(const Result<PgConnectionInfo> &)> done) override;

private:
    Session &m_session;
    CredentialResolver &m_credentials;
};

} // namespace opsdeck
