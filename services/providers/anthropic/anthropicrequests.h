#pragma once

#include "net/httprequest.h"
#include "providers/anthropic/types.h"

#include <QDateTime>
#include <QStringList>

namespace opsdeck {

// Pure builders for Anthropic's Admin API: RFC 3339 times, bracket array parameters
// (group_by[]=model), x-api-key as the auth header and anthropic-version pinned.
namespace anthropic {

HttpRequest costReportRequest(const AnthropicConfig &config, const QDateTime &start, const QDateTime &end,
                              const QStringList &groupBy, const QString &page);
HttpRequest usageReportRequest(const AnthropicConfig &config, const QDateTime &start, const QDateTime &end,
                               const QStringList &groupBy, const QString &page);
HttpRequest listApiKeysRequest(const AnthropicConfig &config, const QString &status, const QString &afterId);
// GET /v1/models with the configured key (a runtime key: validation before rotation).
HttpRequest modelsRequest(const AnthropicConfig &config);
HttpRequest updateApiKeyRequest(const AnthropicConfig &config, const QString &keyId, const QString &status);

QString rfc3339(const QDateTime &time);  // 2026-01-01T00:00:00Z

} // namespace anthropic
} // namespace opsdeck
