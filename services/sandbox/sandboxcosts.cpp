#include "sandbox/sandboxcosts.h"

#include "sandbox/sandboxformat.h"
#include "sandbox/sandboxrandom.h"

#include <cmath>

namespace opsdeck {

namespace {

using sandboxformat::kDaySec;

// USD per 1M tokens, from the default price table of api-reference.md section 5.
struct OpenAiModel {
    const char *id;
    double input, cached, output;
    const char *project;
    const char *apiKey;
};
constexpr OpenAiModel kOpenAi[] = {
    {"gpt-5.4", 2.50, 0.25, 15.00, "proj_demo_web", "key_demo_web_backend"},
    {"gpt-5.4-mini", 0.75, 0.075, 4.50, "proj_demo_jobs", "key_demo_batch_jobs"},
};

struct AnthropicModel {
    const char *id;
    const char *display;
    double input, write5m, read, output;
    int workspace;  // index into kWorkspaces
    int apiKey;     // index into anthropicApiKeyIds()
    bool webSearch;
};
constexpr const char *kWorkspaces[] = {"", "wrkspc_01SandboxBatchJobs0"};
constexpr AnthropicModel kAnthropic[] = {
    {"claude-sonnet-4-6", "Claude Sonnet 4.6", 3.00, 3.75, 0.30, 15.00, 0, 0, true},
    {"claude-haiku-4-5", "Claude Haiku 4.5", 1.00, 1.25, 0.10, 5.00, 1, 1, false},
    {"claude-opus-4-6", "Claude Opus 4.6", 5.00, 6.25, 0.50, 25.00, 0, 0, false},
};
constexpr qint64 kWebSearchMicros = 10'000;  // $10 per 1,000 searches

qint64 priced(qint64 tokens, double usdPerMillion)
{
    // tokens x ($ / 1e6 tokens) x 1e6 micro-dollars per dollar
    return std::llround(static_cast<double>(tokens) * usdPerMillion);
}

SandboxUsage openAiUsage(SandboxRandom &rng, const OpenAiModel &m, double dollars)
{
    SandboxUsage u;
    u.provider = QStringLiteral("openai");
    u.model = QString::fromLatin1(m.id);
    u.group = QString::fromLatin1(m.project);
    u.apiKeyId = QString::fromLatin1(m.apiKey);
    const double cachedShare = rng.uniform(0.3, 0.6);
    const double outputRatio = rng.uniform(0.06, 0.14);
    const double perInput = ((1 - cachedShare) * m.input + cachedShare * m.cached + outputRatio * m.output) / 1e6;
    u.inputTokens = std::llround(dollars / perInput);
    u.cachedTokens = std::llround(static_cast<double>(u.inputTokens) * cachedShare);
    u.outputTokens = std::llround(static_cast<double>(u.inputTokens) * outputRatio);
    u.requests = std::max<qint64>(1, u.inputTokens / rng.range(2500, 6000));
    const QString model = u.model;
    u.lines = {
        {model + QStringLiteral(", input"), {}, {}, priced(u.inputTokens - u.cachedTokens, m.input)},
        {model + QStringLiteral(", cached input"), {}, {}, priced(u.cachedTokens, m.cached)},
        {model + QStringLiteral(", output"), {}, {}, priced(u.outputTokens, m.output)},
    };
    return u;
}

SandboxUsage anthropicUsage(SandboxRandom &rng, const AnthropicModel &m, double dollars, double dayFraction)
{
    SandboxUsage u;
    u.provider = QStringLiteral("anthropic");
    u.model = QString::fromLatin1(m.id);
    u.group = QString::fromLatin1(kWorkspaces[m.workspace]);
    u.apiKeyId = SandboxCosts::anthropicApiKeyIds().at(m.apiKey);
    const double reads = rng.uniform(2.0, 5.0);
    const double writes = rng.uniform(0.1, 0.4);
    const double outputRatio = rng.uniform(0.15, 0.35);
    const qint64 searches = m.webSearch ? std::llround(static_cast<double>(rng.range(5, 40)) * dayFraction) : 0;
    const double perUncached = (m.input + reads * m.read + writes * m.write5m + outputRatio * m.output) / 1e6;
    const double tokenDollars = std::max(0.0, dollars - static_cast<double>(searches * kWebSearchMicros) / 1e6);
    u.inputTokens = std::llround(tokenDollars / perUncached);
    u.cachedTokens = std::llround(static_cast<double>(u.inputTokens) * reads);
    u.cacheWriteTokens = std::llround(static_cast<double>(u.inputTokens) * writes);
    u.outputTokens = std::llround(static_cast<double>(u.inputTokens) * outputRatio);
    u.requests = std::max<qint64>(1, u.inputTokens / rng.range(1500, 4000));
    u.webSearches = searches;
    const QString prefix = QString::fromLatin1(m.display) + QStringLiteral(" Usage - ");
    const QString tokens = QStringLiteral("tokens");
    u.lines = {
        {prefix + QStringLiteral("Input Tokens"), QStringLiteral("uncached_input_tokens"), tokens,
         priced(u.inputTokens, m.input)},
        {prefix + QStringLiteral("Output Tokens"), QStringLiteral("output_tokens"), tokens,
         priced(u.outputTokens, m.output)},
        {prefix + QStringLiteral("Input Tokens, Cache Read"), QStringLiteral("cache_read_input_tokens"), tokens,
         priced(u.cachedTokens, m.read)},
        {prefix + QStringLiteral("Input Tokens, Cache Write (5m)"),
         QStringLiteral("cache_creation.ephemeral_5m_input_tokens"), tokens, priced(u.cacheWriteTokens, m.write5m)},
    };
    if (searches > 0)
        u.lines.append({QStringLiteral("Web Search Usage"), {}, QStringLiteral("web_search"), searches * kWebSearchMicros});
    return u;
}

// Splits n between the parts so the parts add up to n exactly.
qint64 share(qint64 n, qint64 from, qint64 to, qint64 span)
{
    if (span <= 0)
        return 0;
    const auto at = [&](qint64 x) {
        return static_cast<qint64>(static_cast<long double>(n) * static_cast<long double>(x) / span);
    };
    return at(to) - at(from);
}

} // namespace

qint64 SandboxUsage::micros() const
{
    qint64 sum = 0;
    for (const SandboxCostLine &line : lines)
        sum += line.micros;
    return sum;
}

QStringList SandboxCosts::anthropicApiKeyIds()
{
    return {QStringLiteral("apikey_01SandboxWebBackend000"), QStringLiteral("apikey_01SandboxBatchJobs0000")};
}

void SandboxCosts::generate(quint64 seed, const QDateTime &now)
{
    SandboxRandom rng(seed ^ 0xC057C057ULL);
    const QDateTime utc = now.toUTC();
    m_today = utc.date();
    m_nowSec = utc.toSecsSinceEpoch();
    m_spikeDay = m_today.addDays(-rng.range(4, 8));
    m_usage.clear();
    const double todayFraction = static_cast<double>(QTime(0, 0).secsTo(utc.time())) / kDaySec;

    const auto generateDay = [this, todayFraction](SandboxRandom &random, const QDate &day) {
        const double fraction = day == m_today ? todayFraction : 1.0;
        const bool weekend = day.dayOfWeek() >= 6;
        const double base = random.uniform(19.0, 34.0) * (weekend ? 0.85 : 1.0);
        // The spike: a runaway batch job on the most expensive model.
        const double extra = day == m_spikeDay ? random.uniform(35.0, 45.0) : 0.0;
        const double openAiDollars = base * random.uniform(0.45, 0.6);
        const double anthropicDollars = base - openAiDollars;
        const double gptShare = random.uniform(0.6, 0.75);
        const double sonnetShare = random.uniform(0.55, 0.7);
        const double haikuShare = random.uniform(0.1, 0.2);
        const double openAi[] = {openAiDollars * gptShare, openAiDollars * (1 - gptShare)};
        const double anthropic[] = {anthropicDollars * sonnetShare, anthropicDollars * haikuShare,
                                    anthropicDollars * (1 - sonnetShare - haikuShare) + extra};
        for (int i = 0; i < 2; ++i) {
            SandboxUsage u = openAiUsage(random, kOpenAi[i], openAi[i] * fraction);
            u.day = day;
            if (u.inputTokens > 0)
                m_usage.append(u);
        }
        for (int i = 0; i < 3; ++i) {
            SandboxUsage u = anthropicUsage(random, kAnthropic[i], anthropic[i] * fraction, fraction);
            u.day = day;
            if (u.inputTokens > 0)
                m_usage.append(u);
        }
    };
    for (const QDate &day : days())
        generateDay(rng, day);
    // Older history, for "change against the previous period" up to the 90-day view: a stream of its
    // own, so the last 30 days stay what they always were for a given seed.
    SandboxRandom older(seed ^ 0x01DC057ULL);
    for (int back = kHistoryDays - 1; back >= int(days().size()); --back)
        generateDay(older, m_today.addDays(-back));
}

QList<QDate> SandboxCosts::days() const
{
    QList<QDate> out;
    for (int back = 29; back >= 0; --back)
        out.append(m_today.addDays(-back));
    return out;
}

double SandboxCosts::costUsd(const QString &provider, const QDate &day) const
{
    qint64 micros = 0;
    for (const SandboxUsage &u : m_usage) {
        if (u.day == day && (provider.isEmpty() || u.provider == provider))
            micros += u.micros();
    }
    return static_cast<double>(micros) / 1e6;
}

double SandboxCosts::totalCostUsd(const QDate &day) const
{
    return costUsd(QString(), day);
}

QList<SandboxUsage> SandboxCosts::usageBetween(const QString &provider, qint64 fromSec, qint64 toSec) const
{
    QList<SandboxUsage> out;
    for (const SandboxUsage &u : m_usage) {
        if (u.provider != provider)
            continue;
        const qint64 dayStart = QDateTime(u.day, QTime(0, 0), Qt::UTC).toSecsSinceEpoch();
        // Usage happened between midnight and the end of the day (or 'now' for today).
        const qint64 span = std::min(dayStart + kDaySec, std::max(m_nowSec, dayStart + 1)) - dayStart;
        const qint64 from = std::clamp(fromSec - dayStart, qint64(0), span);
        const qint64 to = std::clamp(toSec - dayStart, qint64(0), span);
        if (to <= from)
            continue;
        if (from == 0 && to == span) {
            out.append(u);
            continue;
        }
        SandboxUsage part = u;
        part.inputTokens = share(u.inputTokens, from, to, span);
        part.cachedTokens = share(u.cachedTokens, from, to, span);
        part.cacheWriteTokens = share(u.cacheWriteTokens, from, to, span);
        part.outputTokens = share(u.outputTokens, from, to, span);
        part.requests = share(u.requests, from, to, span);
        part.webSearches = share(u.webSearches, from, to, span);
        for (SandboxCostLine &line : part.lines)
            line.micros = share(line.micros, from, to, span);
        out.append(part);
    }
    return out;
}

SandboxBucketPage SandboxCosts::bucketPage(qint64 from, qint64 to, qint64 nowSec, qint64 widthSec, int limit,
                                           std::optional<qint64> cursor)
{
    SandboxBucketPage page;
    const qint64 snapped = widthSec == kDaySec ? sandboxformat::floorToDay(from) : from - ((from % widthSec) + widthSec) % widthSec;
    qint64 start = cursor.value_or(snapped);
    const qint64 end = std::min(to, nowSec);
    while (start < end) {
        if (page.buckets.size() == limit) {
            page.next = start;
            break;
        }
        page.buckets.append({start, start + widthSec});
        start += widthSec;
    }
    return page;
}

} // namespace opsdeck
