#pragma once

#include "core/result.h"
#include "net/httprequest.h"
#include "providers/providererror.h"
#include "providers/vercel/types.h"

#include <QByteArray>

namespace opsdeck {

// Pure parsers for Vercel REST responses (api-reference.md section 1). Every field is optional
// and type-checked; problems become ErrorKind::BadResponse naming the field.

// GET /v6/deployments: {"pagination": {..., "next": ms|null}, "deployments": [...]}
Result<DeploymentPage> parseDeployments(const QByteArray &body);
// GET /v13/deployments/{idOrUrl}: one deployment, keyed `id` (a `uid` is accepted too).
Result<Deployment> parseDeployment(const QByteArray &body);
// GET /v9/projects/{idOrName}, including lastAliasRequest.
Result<Project> parseProject(const QByteArray &body);
// GET /v10/projects: {"projects": [...], "pagination": {...}}
Result<ProjectPage> parseProjects(const QByteArray &body);
// One NDJSON line of the runtime-logs stream.
Result<RuntimeLogLine> parseRuntimeLogLine(const QByteArray &line);
bool isRuntimeLogDelimiter(const RuntimeLogLine &line);
// A whole runtime-logs body at once (see RuntimeLogCollector for the streaming form).
RuntimeLogResult parseRuntimeLogs(const QByteArray &ndjson, const RuntimeLogQuery &query = {});
// GET vercel.com/api/logs/request-logs (undocumented): {"rows": [...], "hasMoreRows": bool}
Result<RequestLogPage> parseRequestLogs(const QByteArray &body);

// {"error": {"code", "message"}}; empty fields when the body is something else.
ApiErrorBody parseVercelError(const QByteArray &body);
// Error for a non-2xx response: 401/403 Auth, 404 NotFound, 409/422 Conflict, 429 RateLimited.
Error vercelError(const HttpResponse &response);

} // namespace opsdeck
