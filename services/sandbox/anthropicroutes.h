#pragma once

#include "sandbox/providerroutes.h"

namespace opsdeck {

class SandboxWorld;

// Anthropic Admin API (api-reference.md section 4): cost report (amounts as decimal strings in
// cents), usage report, API keys. x-api-key and anthropic-version are required; every answer
// carries a request-id.
class AnthropicRoutes final : public ProviderRoutes
{
public:
    explicit AnthropicRoutes(SandboxWorld &world) : m_world(world) {}

    void install(SandboxRouter &router) override;
    std::optional<SandboxReply> checkAuth(const SandboxRequest &request) override;
    SandboxReply notFound(const SandboxRequest &request) const override;
    std::optional<SandboxReply> fault(SandboxFault kind, const SandboxFaults &faults,
                                      const SandboxRequest &request) const override;
    void finish(const SandboxRequest &request, SandboxReply &reply) override;

    static SandboxReply error(const SandboxRequest &request, int status, const QString &type, const QString &message);

private:
    SandboxReply costReport(const SandboxRequest &request) const;
    SandboxReply usageReport(const SandboxRequest &request) const;
    SandboxReply listKeys(const SandboxRequest &request) const;
    SandboxReply getKey(const SandboxRequest &request) const;
    SandboxReply updateKey(const SandboxRequest &request);

    SandboxWorld &m_world;
};

} // namespace opsdeck
