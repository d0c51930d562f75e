#pragma once

#include "sandbox/sandboxfaults.h"
#include "sandbox/sandboxrouter.h"

#include <optional>

namespace opsdeck {

enum class SandboxFault { RateLimit, ServerError, Overloaded, SpendLimit };

// What one imitated provider contributes to the sandbox: its routes (below its prefix), its
// credential check, and its own error bodies and headers.
class ProviderRoutes
{
public:
    virtual ~ProviderRoutes() = default;

    virtual void install(SandboxRouter &router) = 0;
    // nullopt when the request carries the right credential.
    virtual std::optional<SandboxReply> checkAuth(const SandboxRequest &request) = 0;
    virtual SandboxReply notFound(const SandboxRequest &request) const = 0;
    // The provider's answer for an injected fault; nullopt when the fault has no meaning here.
    virtual std::optional<SandboxReply> fault(SandboxFault kind, const SandboxFaults &faults,
                                              const SandboxRequest &request) const = 0;
    // Runs before routing (time-driven state changes).
    virtual void prepare(const SandboxRequest &request) { Q_UNUSED(request); }
    // Adds the provider's headers to every answer (rate limits, request ids, ETags).
    virtual void finish(const SandboxRequest &request, SandboxReply &reply) { Q_UNUSED(request); Q_UNUSED(reply); }
    // Extra simulated latency for this answer.
    virtual int latencyMs(const SandboxRequest &request) { Q_UNUSED(request); return 0; }
};

} // namespace opsdeck
