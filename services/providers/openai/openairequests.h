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

} // namespace openai
} // namespace opsdeck
