#include "costs/whatif.h"

#include <QCoreApplication>

#include <cmath>

namespace opsdeck {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(opsdeck::WhatIf)
};
constexpr double kMonthDays = 30.0;
} // namespace

qint64 ModelUsage::totalTokens() const
{
    return uncachedInputTokens + cacheReadTokens + cacheWrite5mTokens + cacheWrite1hTokens + outputTokens;
}

const ModelUsage *UsagePeriod::find(const QString &model) const
{
    for (const ModelUsage &u : models) {
        if (u.model == model)
            return &u;
    }
    return nullptr;
}

double priceUsage(const ModelUsage &u, const ModelPrice &p)
{
    const auto part = [](qint64 tokens, double perMillion) { return static_cast<double>(tokens) * perMillion / 1e6; };
    return part(u.uncachedInputTokens, p.inputUsd) + part(u.cacheReadTokens, p.cachedInputUsd)
        + part(u.cacheWrite5mTokens, p.cacheWrite5mUsd) + part(u.cacheWrite1hTokens, p.cacheWrite1hUsd)
        + part(u.outputTokens, p.outputUsd);
}

Result<WhatIfResult> whatIf(const UsagePeriod &usage, const PriceTable &prices, const WhatIf &request)
{
    const auto config = [](const QString &message) { return makeError(ErrorKind::Config, message); };
    if (!std::isfinite(request.sharePercent) || request.sharePercent < 0 || request.sharePercent > 100)
        return config(Tr::tr("The share to move must be between 0 and 100 %."));
    if (request.fromModel == request.toModel)
        return config(Tr::tr("Choose two different models."));
    if (usage.days() <= 0)
        return config(Tr::tr("No usage period to base the estimate on."));
    const ModelUsage *from = usage.find(request.fromModel);
    if (!from || from->totalTokens() == 0)
        return config(Tr::tr("%1 has no recorded usage in the period.").arg(request.fromModel));
    const ModelPrice *fromPrice = prices.find(request.fromModel);
    if (!fromPrice)
        return config(Tr::tr("%1 is not in the price table.").arg(request.fromModel));
    const ModelPrice *toPrice = prices.find(request.toModel);
    if (!toPrice)
        return config(Tr::tr("%1 is not in the price table.").arg(request.toModel));

    const double toMonth = kMonthDays / usage.days();
    const double share = request.sharePercent / 100.0;
    WhatIfResult r;
    r.periodDays = usage.days();
    r.fromModelMonthlyUsd = priceUsage(*from, *fromPrice) * toMonth;
    r.currentMonthlyUsd = r.fromModelMonthlyUsd * share;
    r.proposedMonthlyUsd = priceUsage(*from, *toPrice) * toMonth * share;
    r.savingMonthlyUsd = r.currentMonthlyUsd - r.proposedMonthlyUsd;
    r.tokensMovedPerMonth = std::llround(static_cast<double>(from->totalTokens()) * toMonth * share);
    r.fromPriceAsOf = fromPrice->asOf;
    r.toPriceAsOf = toPrice->asOf;
    return r;
}

} // namespace opsdeck
