#pragma once

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>
#include <utility>

namespace opsdeck {

// One priced part of a day's usage: an OpenAI line item or an Anthropic cost description.
struct SandboxCostLine {
    QString label;      // "gpt-5.4, input" | "Claude Sonnet 4.6 Usage - Output Tokens"
    QString tokenType;  // Anthropic token_type (empty for web search)
    QString costType;   // Anthropic cost_type: tokens | web_search
    qint64 micros = 0;  // micro-dollars
};

// One model's usage on one UTC day at one provider.
struct SandboxUsage {
    QString provider;            // openai | anthropic
    QDate day;
    QString model;
    QString group;               // OpenAI project_id; Anthropic workspace_id (empty = default)
    QString apiKeyId;
    qint64 inputTokens = 0;      // OpenAI: all input incl. cached; Anthropic: uncached input
    qint64 cachedTokens = 0;     // OpenAI cached input; Anthropic cache reads
    qint64 cacheWriteTokens = 0; // Anthropic 5-minute cache writes
    qint64 outputTokens = 0;
    qint64 requests = 0;
    qint64 webSearches = 0;
    QList<SandboxCostLine> lines;

    qint64 micros() const;
};

// One page of time buckets [start, end) in seconds, and where the next page starts.
struct SandboxBucketPage {
    QList<std::pair<qint64, qint64>> buckets;
    std::optional<qint64> next;
};

// Thirty days of OpenAI and Anthropic spend ending at 'now', with exactly one spike day whose
// total is over $50. Holds the ground truth the sandbox's cost endpoints are built from.
class SandboxCosts
{
public:
    void generate(quint64 seed, const QDateTime &now);

    const QList<SandboxUsage> &usage() const { return m_usage; }
    QList<QDate> days() const;  // the last 30 days, oldest first; the last one is today (partial)
    static constexpr int kHistoryDays = 180;  // usage exists this far back (the older days without a spike)
    QDate spikeDay() const { return m_spikeDay; }
    double costUsd(const QString &provider, const QDate &day) const;
    double totalCostUsd(const QDate &day) const;
    // Rows of a provider whose usage overlaps [fromSec, toSec); token counts are scaled down
    // for buckets shorter than a day so that the buckets of a day add up to the day.
    QList<SandboxUsage> usageBetween(const QString &provider, qint64 fromSec, qint64 toSec) const;
    qint64 nowSec() const { return m_nowSec; }

    static QStringList anthropicApiKeyIds();
    // Buckets of widthSec from `from` (snapped down to the width) while they start before `to`
    // and not after nowSec; at most `limit`, the first one starting at `cursor` when given.
    static SandboxBucketPage bucketPage(qint64 from, qint64 to, qint64 nowSec, qint64 widthSec, int limit,
                                        std::optional<qint64> cursor);

private:
    QList<SandboxUsage> m_usage;
    QDate m_spikeDay;
    QDate m_today;
    qint64 m_nowSec = 0;
};

} // namespace opsdeck
