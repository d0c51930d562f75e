#pragma once

#include "core/result.h"
#include "costs/costseries.h"
#include "costs/pricetable.h"

#include <QDate>
#include <QList>
#include <QString>

namespace opsdeck {

// One model's token usage over a period, from OpenAI's completions usage or Anthropic's usage
// report, in the categories prices have.
struct ModelUsage {
    QString provider;
    QString model;
    qint64 uncachedInputTokens = 0;  // OpenAI: input_tokens - input_cached_tokens
    qint64 cacheReadTokens = 0;      // OpenAI: input_cached_tokens; Anthropic: cache_read_input_tokens
    qint64 cacheWrite5mTokens = 0;
    qint64 cacheWrite1hTokens = 0;
    qint64 outputTokens = 0;
    qint64 requests = 0;

    qint64 totalTokens() const;
};

struct UsagePeriod {
    QDate from;
    QDate to;
    QList<ModelUsage> models;          // one entry per provider and model
    QList<ProviderProblem> problems;   // providers whose usage could not be read

    int days() const { return from.isValid() && to >= from ? int(from.daysTo(to)) + 1 : 0; }
    const ModelUsage *find(const QString &model) const;
};

// What usage costs at a price: tokens x price per 1M tokens / 1e6, per category.
double priceUsage(const ModelUsage &usage, const ModelPrice &price);

// Move sharePercent of fromModel's tokens (same mix of input, cache and output) to toModel.
struct WhatIf {
    QString fromModel;
    QString toModel;
    double sharePercent = 0;
};

// Monthly figures scale the period to 30 days.
struct WhatIfResult {
    double fromModelMonthlyUsd = 0;  // all of fromModel's usage at its list price
    double currentMonthlyUsd = 0;    // the moved share, on fromModel
    double proposedMonthlyUsd = 0;   // the same tokens on toModel
    double savingMonthlyUsd = 0;     // current - proposed; negative when toModel costs more
    qint64 tokensMovedPerMonth = 0;
    int periodDays = 0;
    QDate fromPriceAsOf;
    QDate toPriceAsOf;
};

Result<WhatIfResult> whatIf(const UsagePeriod &usage, const PriceTable &prices, const WhatIf &request);

} // namespace opsdeck
