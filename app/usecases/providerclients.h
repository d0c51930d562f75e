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

    Job<VercelClient *> *vercel(QObject *owner) override;
    Job<GithubClient *> *github(QObject *owner) override;
    Job<OpenAiClient *> *openai(QObject *owner) override;
    Job<AnthropicClient *> *anthropic(QObject *owner) override;
    HealthProbe *health(QObject *owner) override;
    // GitHub for another repository (owner/name) with the profile's token and API.
    Job<GithubClient *> *githubFor(const QString &repo, QObject *owner);
    Job<PgConnectionInfo> *database(QObject *owner) override;

private:
    Session &m_session;
    CredentialResolver &m_credentials;
};

} // namespace opsdeck
