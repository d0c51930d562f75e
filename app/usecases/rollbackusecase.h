#pragma once

#include "core/job.h"
#include "rollback/rollbackservice.h"

#include <QObject>

#include <functional>

namespace opsdeck {

class ProviderClients;
class Session;

// Rollback and promotion of the active profile's Vercel project: the one assembly of the
// RollbackService (Vercel required; GitHub only adds the commits between, its absence is a note).
class RollbackUseCase
{
public:
    RollbackUseCase(Session &session, ProviderClients &providers);

    RollbackServiceOptions options() const;  // from the profile
    // The service, parented to owner, with its clients as its children: deleting it ends them all.
    Job<RollbackService *> *service(const RollbackServiceOptions &options, QObject *owner);

private:
    Session &m_session;
    ProviderClients &m_providers;
};

} // namespace opsdeck
