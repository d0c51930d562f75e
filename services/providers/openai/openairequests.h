#pragma once

#include "net/httprequest.h"
#include "providers/openai/types.h"

#include <QDateTime>

namespace opsdeck {

// Pure builders for OpenAI's organization endpoints: Unix-second times, daily buckets, repeated
// array parameters (group_by=a&group_by=b), the cursor as `page`, the admin key as a bearer token.
namespace openai {

HttpRequest costsRequest(const OpenAiConfig &config, const QDateTime &start, const QDateTime &end,
                         const QStringList &groupBy, const QString &page);
HttpRequest completionsUsageRequest(const OpenAiConfig &config, const QDateTime &start, const QDateTime &end,
                                    const QStringList &groupBy, const QString &page);

// Key management and validation (rotation). The configured key is the bearer token: an admin key for
// the organization endpoints, a project key for /v1/models.
HttpRequest modelsRequest(const OpenAiConfig &config);
HttpRequest listAdminKeysRequest(const OpenAiConfig &config, const QString &after);
HttpRequest deleteAdminKeyRequest(const OpenAiConfig &config, const QString &keyId);
HttpRequest listProjectKeysRequest(const OpenAiConfig &config, const QString &projectId, const QString &after);
HttpRequest deleteProjectKeyRequest(const OpenAiConfig &config, const QString &projectId, const QString &keyId);

} // namespace openai
} // namespace opsdeck
