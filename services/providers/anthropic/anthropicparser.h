#pragma once

#include "core/result.h"
#include "net/httprequest.h"
#include "providers/anthropic/types.h"
#include "providers/providererror.h"

#include <optional>

namespace opsdeck {

// Pure parsers for Anthropic's Admin API (api-reference.md section 4).

// cost_report: `amount` is a decimal STRING in cents; amountUsd = amount / 100, computed by
// moving the decimal point (no binary rounding before the final conversion).
Result<AnthropicCostPage> parseAnthropicCostReport(const QByteArray &body);
Result<AnthropicUsagePage> parseAnthropicUsageReport(const QByteArray &body);
Result<AnthropicApiKeyPage> parseAnthropicApiKeys(const QByteArray &body);
Result<AnthropicApiKey> parseAnthropicApiKey(const QByteArray &body);

// "123.45" (cents) -> 1.2345 (dollars); nullopt unless the text is a plain decimal number.
std::optional<double> centsToUsd(const QString &cents);

// {"type":"error","error":{"type","message"},"request_id"}
ApiErrorBody parseAnthropicError(const QByteArray &body);
// 429 enforced_spend_limit_reached: RateLimited saying the spend cap is reached; 529 overloaded.
Error anthropicError(const HttpResponse &response);

} // namespace opsdeck
