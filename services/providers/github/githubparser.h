#pragma once

#include "core/result.h"
#include "net/httprequest.h"
#include "providers/github/types.h"
#include "providers/providererror.h"

#include <QByteArray>

namespace opsdeck {

// Pure parsers for GitHub REST responses (api-reference.md section 2).

// GET /repos/{o}/{r}/actions/runs: {"total_count": N, "workflow_runs": [...]}
Result<WorkflowRunPage> parseWorkflowRuns(const QByteArray &body);
Result<WorkflowRun> parseWorkflowRun(const QByteArray &body);
// GET .../actions/secrets/public-key: {"key_id", "key"}; the key must decode to 32 bytes.
Result<SecretsPublicKey> parsePublicKey(const QByteArray &body);
// GET .../actions/secrets: {"total_count", "secrets": [{name, created_at, updated_at}]}
Result<SecretPage> parseSecrets(const QByteArray &body);
Result<PullRequest> parsePullRequest(const QByteArray &body);
// GET .../compare/{base}...{head}: {status, ahead_by, behind_by, total_commits, commits: [...]}
Result<CommitComparison> parseCompare(const QByteArray &body);
// GET .../dependabot/alerts: a top-level JSON array.
Result<QList<DependabotAlert>> parseDependabotAlerts(const QByteArray &body);

// {"message", "documentation_url", "errors": [...]}
ApiErrorBody parseGithubError(const QByteArray &body);
// 401/403 Auth, 403/429 with x-ratelimit-remaining: 0 or a secondary-limit message RateLimited,
// 404 NotFound, 409/422 Conflict; "Dependabot alerts are disabled" Config.
Error githubError(const HttpResponse &response);

} // namespace opsdeck
