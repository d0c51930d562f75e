#pragma once

#include "sandbox/providerroutes.h"

namespace opsdeck {

class SandboxWorld;
struct SandboxRun;

// GitHub REST API (api-reference.md section 2): workflow runs and re-runs, rate-limit headers
// on every answer, ETags with 304, Link pagination. Secrets, pull requests and Dependabot
// alerts live in GithubSecretRoutes and GithubAlertRoutes.
class GithubRoutes final : public ProviderRoutes
{
public:
    explicit GithubRoutes(SandboxWorld &world);

    void install(SandboxRouter &router) override;
    std::optional<SandboxReply> checkAuth(const SandboxRequest &request) override;
    SandboxReply notFound(const SandboxRequest &request) const override;
    std::optional<SandboxReply> fault(SandboxFault kind, const SandboxFaults &faults,
                                      const SandboxRequest &request) const override;
    void prepare(const SandboxRequest &request) override;
    void finish(const SandboxRequest &request, SandboxReply &reply) override;

    static SandboxReply error(int status, const QString &message, const QJsonArray &errors = {});
    static bool isRepo(const SandboxRequest &request);  // args 0 and 1 = acme/web
    // per_page (default 30, max 100) and 1-based page from the query.
    static std::pair<int, int> pageParams(const SandboxRequest &request);
    // Link header for page-number pagination, or empty when everything fits on one page.
    static QByteArray pageLinks(const SandboxRequest &request, int page, int perPage, qsizetype total);
    static qint64 rateLimit() { return 5000; }

private:
    QJsonObject runJson(const SandboxRequest &request, const SandboxRun &run) const;
    SandboxReply listRuns(const SandboxRequest &request, const QString &workflow);
    SandboxReply getRun(const SandboxRequest &request);
    SandboxReply rerun(const SandboxRequest &request, bool failedOnly);
    SandboxReply cancel(const SandboxRequest &request);
    SandboxReply rateLimitStatus(const SandboxRequest &request) const;
    void rateHeaders(SandboxReply &reply) const;

    SandboxWorld &m_world;
    qint64 m_remaining;
    qint64 m_resetSec;
};

} // namespace opsdeck
