#pragma once

#include "sandbox/providerroutes.h"

namespace opsdeck {

class SandboxWorld;

// The product's own health endpoint (GET /app/api/health): no credentials, 20-200 ms of
// seeded latency per request.
class HealthRoutes final : public ProviderRoutes
{
public:
    explicit HealthRoutes(SandboxWorld &world) : m_world(world) {}

    void install(SandboxRouter &router) override;
    std::optional<SandboxReply> checkAuth(const SandboxRequest &request) override;
    SandboxReply notFound(const SandboxRequest &request) const override;
    std::optional<SandboxReply> fault(SandboxFault kind, const SandboxFaults &faults,
                                      const SandboxRequest &request) const override;
    int latencyMs(const SandboxRequest &request) override;

private:
    SandboxWorld &m_world;
};

} // namespace opsdeck
