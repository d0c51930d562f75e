#pragma once

#include "core/job.h"

#include <QObject>


namespace opsdeck {

class AnthropicClient;
struct PgConnectionInfo;
class GithubClient;
class HealthProbe;
class OpenAiClient;
class VercelClient;

// Gives checks and services provider clients for the active profile, credentials resolved.
// The app's ProviderClients implements it; the clients and the jobs are parented to `owner`.
class ProviderSource
{
public:
    virtual ~ProviderSource() = default;
    virtual Job<VercelClient *> *vercel(QObject *owner) = 0;
    virtual Job<GithubClient *> *github(QObject *owner) = 0;
    virtual Job<OpenAiClient *> *openai(QObject *owner) = 0;
    virtual Job<AnthropicClient *> *anthropic(QObject *owner) = 0;
    virtual HealthProbe *health(QObject *owner) = 0;
    // The profile's PostgreSQL database, password resolved; a Config error when there is none to reach.
    virtual Job<PgConnectionInfo> *database(QObject *owner) = 0;
};

} // namespace opsdeck
