#pragma once

#include "sandbox/providerroutes.h"

namespace opsdeck {

class SandboxWorld;

// OpenAI organization Costs and Usage APIs (api-reference.md section 3): daily buckets,
// repeated group_by parameters, opaque next_page cursors.
class OpenAiRoutes final : public ProviderRoutes
{
public:
    explicit OpenAiRoutes(SandboxWorld &world) : m_world(world) {}

    void install(SandboxRouter &router) override;
    std::optional<SandboxReply> checkAuth(const SandboxRequest &request) override;
    SandboxReply notFound(const SandboxRequest &request) const override;
    std::optional<SandboxReply> fault(SandboxFault kind, const SandboxFaults &faults,
                                      const SandboxRequest &request) const override;
    void finish(const SandboxRequest &request, SandboxReply &reply) override;

    static SandboxReply error(int status, const QString &message, const QString &type,
                              const QString &param = {}, const QString &code = {});

private:
    SandboxReply costs(const SandboxRequest &request) const;
    // Admin keys (projectId empty) or a project's API keys: after/limit paging, has_more, last_id.
    SandboxReply listKeys(const SandboxRequest &request, const QString &projectId) const;
    SandboxReply deleteKey(const SandboxRequest &request, const QString &projectId, const QString &keyId);
    SandboxReply usage(const SandboxRequest &request, const QString &kind) const;

    SandboxWorld &m_world;
};

} // namespace opsdeck
