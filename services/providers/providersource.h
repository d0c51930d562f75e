#pragma once

#include "core/result.h"

#include <QObject>

#include <functional>

namespace opsdeck {

class AnthropicClient;
struct PgConnectionInfo;
class GithubClient;
class HealthProbe;
class OpenAiClient;
class VercelClient;

// Gives checks and services provider clients for the active profile, credentials resolved.
// The app's ProviderClients implements it; clients are parented to `owner`.
class ProviderSource
{
public:
    virtual ~ProviderSource() = default;
    virtual void vercel(QObject *owner, std::function<void(const Result<VercelClient *> &)> done) = 0;
    virtual void github(QObject *owner, std::function<void(const Result<GithubClient *> &)> done) = 0;
    virtual void openai(QObject *owner, std::function<void(const Result<OpenAiClient *> &)> done) = 0;
    virtual void anthropic(QObject *owner, std::function<void(const Result<AnthropicClient *> &)> done) = 0;
    virtual HealthProbe *health(QObject *owner) = 0;
    // The profile's PostgreSQL database, password resolved; a Config error when there is none to reach.
    virtual void database(QObject *owner, std::function<void(const Result<PgConnectionInfo> &)> done) = 0;
};

} // namespace opsdeck
