#pragma once

#include "net/httprequest.h"
#include "providers/vercel/types.h"

#include <optional>

namespace opsdeck {

// Pure builders for the Vercel requests of api-reference.md section 1: the paths are appended
// to config.baseUrl, every request carries the team scope and the bearer token (auth header).
namespace vercel {

HttpRequest listDeploymentsRequest(const VercelConfig &config, const DeploymentQuery &query, int pageSize,
                                   std::optional<qint64> until);
HttpRequest getDeploymentRequest(const VercelConfig &config, const QString &idOrUrl);
HttpRequest currentUserRequest(const VercelConfig &config);  // GET /v2/user
HttpRequest getProjectRequest(const VercelConfig &config);
HttpRequest listProjectsRequest(const VercelConfig &config, int pageSize, const QString &from, const QString &search);
// Documented: POST /v1/projects/{p}/rollback/{d}?description=...; legacy: POST /v9/... with {}.
HttpRequest rollbackRequest(const VercelConfig &config, const QString &deploymentId, const QString &description,
                            bool legacyV9);
HttpRequest promoteRequest(const VercelConfig &config, const QString &deploymentId);
HttpRequest runtimeLogsRequest(const VercelConfig &config, const QString &deploymentId, const RuntimeLogQuery &query);
HttpRequest buildEventsRequest(const VercelConfig &config, const QString &idOrUrl, bool follow);
HttpRequest envVarsRequest(const VercelConfig &config);  // names and targets, never decrypt
HttpRequest requestLogsRequest(const VercelConfig &config, const RequestLogQuery &query, int page);

// The host serving request-logs (see VercelConfig::requestLogsBaseUrl).
QUrl requestLogsBase(const VercelConfig &config);

} // namespace vercel
} // namespace opsdeck
