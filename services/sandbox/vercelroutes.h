#pragma once

#include "sandbox/providerroutes.h"

namespace opsdeck {

class SandboxWorld;
struct SandboxDeployment;

// Vercel REST API (api-reference.md section 1): deployments, projects, instant rollback and
// promote. Log endpoints live in VercelLogRoutes.
class VercelRoutes final : public ProviderRoutes
{
public:
    explicit VercelRoutes(SandboxWorld &world) : m_world(world) {}

    void install(SandboxRouter &router) override;
    std::optional<SandboxReply> checkAuth(const SandboxRequest &request) override;
    SandboxReply notFound(const SandboxRequest &request) const override;
    std::optional<SandboxReply> fault(SandboxFault kind, const SandboxFaults &faults,
                                      const SandboxRequest &request) const override;
    void prepare(const SandboxRequest &request) override;

    static SandboxReply error(int status, const QString &code, const QString &message);
    // teamId=team_demo or slug=acme selects the team; another team is refused (403); without
    // either, the request runs against the personal account, which owns nothing here.
    enum class Scope { Team, Personal, Refused };
    static Scope scopeOf(const SandboxRequest &request);
    static bool isProject(const QString &idOrName);

private:
    QJsonObject deploymentJson(const SandboxDeployment &d) const;
    QJsonObject singleDeploymentJson(const SandboxDeployment &d, bool withGitRepoInfo) const;
    QJsonObject projectJson() const;
    SandboxReply listDeployments(const SandboxRequest &request) const;
    SandboxReply getDeployment(const SandboxRequest &request) const;
    SandboxReply getProject(const SandboxRequest &request);
    SandboxReply listProjects(const SandboxRequest &request) const;
    SandboxReply listEnv(const SandboxRequest &request) const;
    SandboxReply changeProduction(const SandboxRequest &request, const QString &type);
    SandboxReply rollbackAliases(const SandboxRequest &request) const;

    SandboxWorld &m_world;
};

} // namespace opsdeck
