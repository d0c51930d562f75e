#include "costs/costingest.h"

#include "core/text.h"

#include <QHash>

namespace opsdeck {

namespace {
QString cleanName(const QString &raw)
{
    const QString s = sanitizeForDisplay(raw).trimmed();
    return s.isEmpty() ? unattributedModel() : s.left(200);
}

// Sums amounts per (day, model), in the order first seen.
QList<CostFigure> collect(const QString &provider, const QList<std::pair<QDate, QString>> &keys,
                          const QList<double> &amounts, const QDateTime &fetchedAt)
{
    QList<CostFigure> out;
    QHash<QString, qsizetype> index;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const auto &[day, model] = keys[i];
        if (!day.isValid())
            continue;
        const QString key = day.toString(Qt::ISODate) + QChar(0) + model;
        auto it = index.constFind(key);
        if (it == index.cend()) {
            index.insert(key, out.size());
            out.append(CostFigure{day, provider, model, amounts[i], fetchedAt.toUTC()});
        } else {
            out[*it].amountUsd += amounts[i];
        }
    }
    return out;
}

ModelUsage &slot(QList<ModelUsage> &list, const QString &provider, const QString &model)
{
    for (ModelUsage &u : list) {
        if (u.model == model)
            return u;
    }
    ModelUsage u;
    u.provider = provider;
    u.model = model;
    list.append(u);
    return list.last();
}
} // namespace

QString unattributedModel() { return QStringLiteral("unattributed"); }

QString modelOfLineItem(const QString &lineItem)
{
    const qsizetype comma = lineItem.indexOf(QStringLiteral(", "));
    return comma > 0 ? lineItem.left(comma) : lineItem;
}

QList<CostFigure> figuresFromOpenAi(const QList<CostRow> &rows, const QDateTime &fetchedAt)
{
    QList<std::pair<QDate, QString>> keys;
    QList<double> amounts;
    for (const CostRow &r : rows) {
        keys.append({r.day, cleanName(modelOfLineItem(r.lineItem))});
        amounts.append(r.amountUsd);
    }
    return collect(costprovider::openai(), keys, amounts, fetchedAt);
}

QList<CostFigure> figuresFromAnthropic(const QList<AnthropicCostRow> &rows, const QDateTime &fetchedAt)
{
    QList<std::pair<QDate, QString>> keys;
    QList<double> amounts;
    for (const AnthropicCostRow &r : rows) {
        const QString name = !r.model.trimmed().isEmpty() ? r.model : !r.costType.trimmed().isEmpty() ? r.costType : r.description;
        keys.append({r.day, cleanName(name)});
        amounts.append(r.amountUsd);
    }
    return collect(costprovider::anthropic(), keys, amounts, fetchedAt);
}

QList<ModelUsage> usageFromOpenAi(const QList<UsageRow> &rows)
{
    QList<ModelUsage> out;
    for (const UsageRow &r : rows) {
        ModelUsage &u = slot(out, costprovider::openai(), cleanName(r.model));
        // input_tokens includes the cached ones (api-reference.md section 5).
        u.uncachedInputTokens += std::max<qint64>(0, r.inputTokens - r.cachedTokens);
        u.cacheReadTokens += r.cachedTokens;
        u.outputTokens += r.outputTokens;
        u.requests += r.requests;
    }
    return out;
}

QList<ModelUsage> usageFromAnthropic(const QList<AnthropicUsageRow> &rows)
{
    QList<ModelUsage> out;
    for (const AnthropicUsageRow &r : rows) {
        ModelUsage &u = slot(out, costprovider::anthropic(), cleanName(r.model));
        u.uncachedInputTokens += r.uncachedInputTokens;
        u.cacheReadTokens += r.cacheReadInputTokens;
        u.cacheWrite5mTokens += r.cacheCreation5mTokens;
        u.cacheWrite1hTokens += r.cacheCreation1hTokens;
        u.outputTokens += r.outputTokens;
    }
    return out;
}

} // namespace opsdeck
