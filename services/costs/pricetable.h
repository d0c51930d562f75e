#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QDate>
#include <QList>
#include <QString>

namespace opsdeck {

// One model's list price in US dollars per million tokens, and the date it was checked.
struct ModelPrice {
    QString provider;           // openai | anthropic
    QString model;              // API id, e.g. "gpt-5.4-mini", "claude-sonnet-4-6"
    double inputUsd = 0;        // uncached input
    double cachedInputUsd = 0;  // cache hit / cached input
    double cacheWrite5mUsd = 0; // Anthropic 5-minute cache write (OpenAI: the input price)
    double cacheWrite1hUsd = 0; // Anthropic 1-hour cache write
    double outputUsd = 0;
    QDate asOf;
    QString note;

    bool operator==(const ModelPrice &) const = default;
};

// The dated, editable price table behind the what-if. The default ships with OpsDeck (the JSON
// of resources/pricing/default.json, built in); a user's edited copy in the app data folder
// overrides it as a whole.
class PriceTable
{
public:
    QDate asOf() const { return m_asOf; }
    void setAsOf(QDate date) { m_asOf = date; }
    const QList<ModelPrice> &prices() const { return m_prices; }
    void setPrices(QList<ModelPrice> prices) { m_prices = std::move(prices); }
    bool isUserTable() const { return m_user; }
    void setUserTable(bool user) { m_user = user; }

    // Exact id first, then the longest id that prefixes `model` up to a '-' (dated snapshots
    // such as "gpt-5.4-mini-2026-03-17"). nullptr when unknown.
    const ModelPrice *find(const QString &model) const;

    // Missing cache prices follow the provider's rule (Anthropic: write 1.25x / 2x input, hit
    // 0.1x; OpenAI: no write premium). Prices must be finite, >= 0 and < $10,000 per 1M tokens;
    // a model may appear once.
    static Result<PriceTable> fromJson(const QByteArray &json);
    QByteArray toJson() const;
    Status validate() const;

    static QByteArray builtInJson();  // = resources/pricing/default.json
    static PriceTable builtIn();
    // The user's table when overridePath exists (a broken file is an error, never silently the
    // default), else the built-in one.
    static Result<PriceTable> load(const QString &overridePath);
    Status save(const QString &path) const;  // atomic replace
    static QString overridePath(const QString &dataDir);

private:
    QDate m_asOf;
    QList<ModelPrice> m_prices;
    bool m_user = false;
};

} // namespace opsdeck
