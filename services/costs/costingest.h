#pragma once

#include "costs/costseries.h"
#include "costs/whatif.h"
#include "providers/anthropic/types.h"
#include "providers/openai/types.h"

#include <QDateTime>
#include <QList>

namespace opsdeck {

// Provider rows -> one figure per day and model (pure). Names from the API are stripped of
// control characters and escapes before they are kept.

// "gpt-5.4, input" -> "gpt-5.4"; a line item without ", " is its own model.
QString modelOfLineItem(const QString &lineItem);
// Rows of GET /v1/organization/costs grouped by line_item.
QList<CostFigure> figuresFromOpenAi(const QList<CostRow> &rows, const QDateTime &fetchedAt);
// Rows of the cost report grouped by description: the model field, else the cost type
// (web_search, code_execution...), else the description. amountUsd is already cents / 100.
QList<CostFigure> figuresFromAnthropic(const QList<AnthropicCostRow> &rows, const QDateTime &fetchedAt);

// Usage rows grouped by model, summed over the days.
QList<ModelUsage> usageFromOpenAi(const QList<UsageRow> &rows);
QList<ModelUsage> usageFromAnthropic(const QList<AnthropicUsageRow> &rows);

// The label for rows the provider did not attribute to a model.
QString unattributedModel();

} // namespace opsdeck
