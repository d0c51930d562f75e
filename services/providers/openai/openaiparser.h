#pragma once

#include "core/result.h"
#include "net/httprequest.h"
#include "providers/openai/types.h"
#include "providers/providererror.h"

#include <optional>

namespace opsdeck {

// Pure parsers for OpenAI's organization Costs and Usage APIs (api-reference.md section 3).

// {"object":"page","has_more","next_page","data":[{"start_time", "results":[{"amount":{"value",
// "currency"}, "line_item", "project_id"}]}]}. amount.value may be a number or a numeric string;
// null, non-numeric and non-finite values are errors, never 0.
Result<CostPage> parseOpenAiCosts(const QByteArray &body);
Result<UsagePage> parseOpenAiCompletionsUsage(const QByteArray &body);

// A dollar amount sent as a JSON string: "12.50", "-0.3", "1e-3". Nullopt for anything else.
std::optional<double> parseDecimalString(const QString &text);

// {"object":"list","data":[{id, name, redacted_value, created_at, ...}], "first_id", "last_id",
// "has_more"}: admin keys or a project's API keys.
Result<OpenAiKeyPage> parseOpenAiKeys(const QByteArray &body);
// GET /v1/models: {"object":"list","data":[{"id","object":"model",...}]}; the number of models.
Result<int> parseOpenAiModels(const QByteArray &body);

ApiErrorBody parseOpenAiError(const QByteArray &body);
Error openAiError(const HttpResponse &response);

} // namespace opsdeck
