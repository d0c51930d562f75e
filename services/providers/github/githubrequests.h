#pragma once

#include "core/result.h"
#include "net/httprequest.h"
#include "providers/github/types.h"

namespace opsdeck {

// Pure builders for the GitHub requests of api-reference.md section 2. Paths are appended to
// config.baseUrl (Enterprise: .../api/v3); every request pins the API version and carries the
// bearer token as an auth header.
namespace github {

HttpRequest listWorkflowRunsRequest(const GithubConfig &config, const WorkflowRunQuery &query, int perPage);
HttpRequest getRunRequest(const GithubConfig &config, qint64 runId);
HttpRequest rerunRequest(const GithubConfig &config, qint64 runId, bool failedJobsOnly);
HttpRequest currentUserRequest(const GithubConfig &config);  // GET /user
HttpRequest openPullsForHeadRequest(const GithubConfig &config, const QString &branch);
HttpRequest publicKeyRequest(const GithubConfig &config);
HttpRequest putSecretRequest(const GithubConfig &config, const QString &name, const QByteArray &encryptedValue,
                             const QString &keyId);
HttpRequest listSecretsRequest(const GithubConfig &config, int perPage);
// GET /repos/{o}/{r}/compare/{base}...{head}: commits in head that base lacks.
HttpRequest compareRequest(const GithubConfig &config, const QString &base, const QString &head);
HttpRequest createPullRequestRequest(const GithubConfig &config, const PullRequestDraft &draft);
// Cursor pagination only: `after` comes from the previous Link header; `page` is never sent.
HttpRequest dependabotAlertsRequest(const GithubConfig &config, const DependabotQuery &query, int perPage,
                                    const QString &after);
// The same request pointed at a Link rel="next" URL (used as given, not rebuilt).
HttpRequest followLink(const HttpRequest &previous, const QUrl &next);

// Actions secret names: letters, digits and '_', not starting with a digit or "GITHUB_".
Status validateSecretName(const QString &name);
constexpr qsizetype kMaxSecretBytes = 48 * 1024;

} // namespace github
} // namespace opsdeck
