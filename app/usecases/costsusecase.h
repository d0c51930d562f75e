#pragma once

#include "core/job.h"

#include <QDate>
#include <QObject>

#include <functional>
#include <memory>

namespace opsdeck {

class CostService;
class CredentialResolver;
class ProviderClients;
class Session;

// Spend of the active profile for the GUI and the CLI: the cost service over the profile's
// OpenAI and Anthropic clients, and this month's active users counted on the product database.
class CostsUseCase
{
public:
    CostsUseCase(Session &session, ProviderClients &providers, CredentialResolver &resolver);

    // A cost service over the profile's clients, with the user's price table in the session's data folder.
    CostService *makeService(QObject *parent);

    bool hasActiveUsersQuery() const;
    // Runs the profile's active-users query for month on its database (read only, with a statement
    // timeout) and stores the count in service for that month.
    Job<qint64> *countActiveUsers(CostService &service, QDate month, QObject *owner);

private:
    Session &m_session;
    ProviderClients &m_providers;
    CredentialResolver &m_resolver;
};

} // namespace opsdeck
