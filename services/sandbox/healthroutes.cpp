#include "sandbox/healthroutes.h"

#include "sandbox/sandboxworld.h"

namespace opsdeck {

void HealthRoutes::install(SandboxRouter &router)
{
    router.add("GET", QStringLiteral("/api/health"), [this](const SandboxRequest &request) {
        Q_UNUSED(request);
        const QString commit = m_world.deployment(m_world.productionDeploymentId())
                                   ? m_world.deployment(m_world.productionDeploymentId())->sha.left(7)
                                   : QString();
        return SandboxReply::json(QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                                              {QStringLiteral("version"), m_world.appVersion()},
                                              {QStringLiteral("commit"), commit},
                                              {QStringLiteral("database"), QStringLiteral("ok")}});
    });
}

std::optional<SandboxReply> HealthRoutes::checkAuth(const SandboxRequest &request)
{
    Q_UNUSED(request);
    return std::nullopt;
}

SandboxReply HealthRoutes::notFound(const SandboxRequest &request) const
{
    Q_UNUSED(request);
    return SandboxReply::json(QJsonObject{{QStringLiteral("error"), QStringLiteral("Not Found")}}, 404);
}

std::optional<SandboxReply> HealthRoutes::fault(SandboxFault kind, const SandboxFaults &faults,
                                                const SandboxRequest &request) const
{
    Q_UNUSED(request);
    if (kind == SandboxFault::SpendLimit)
        return std::nullopt;
    if (kind == SandboxFault::RateLimit) {
        SandboxReply reply = SandboxReply::json(QJsonObject{{QStringLiteral("error"), QStringLiteral("Too Many Requests")}}, 429);
        if (faults.retryAfterSec > 0)
            reply.setHeader("Retry-After", QByteArray::number(faults.retryAfterSec));
        return reply;
    }
    const int status = kind == SandboxFault::Overloaded ? 503 : 500;
    return SandboxReply::json(QJsonObject{{QStringLiteral("status"), QStringLiteral("error")},
                                          {QStringLiteral("error"), QStringLiteral("database unreachable")}},
                              status);
}

int HealthRoutes::latencyMs(const SandboxRequest &request)
{
    return request.path == QLatin1String("/api/health") ? m_world.nextHealthLatencyMs() : 0;
}

} // namespace opsdeck
