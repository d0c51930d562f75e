#include "net/retrypolicy.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace opsdeck {

namespace {

constexpr qint64 kMaxRetryAfterSeconds = 10LL * 365 * 24 * 3600;  // anything longer means "not soon"
constexpr qsizetype kMaxInspectedBody = 64 * 1024;

// Everything a rule needs to know about one response, computed once.
struct Context {
    int status = 0;
    QByteArray lowerBody;  // first 64 KiB, lower-cased
    QByteArray body;
    RateLimitInfo limits;
    std::optional<qint64> retryAfterMs;
    qint64 nowMs = 0;
};

std::optional<qint64> resetWaitMs(const Context &c)
{
    if (c.limits.resetEpoch < 0)
        return std::nullopt;
    return std::max<qint64>(0, c.limits.resetEpoch * 1000 - c.nowMs);
}

bool isRateLimitStatus(int status) { return status == 403 || status == 429; }

bool isSpendLimit(const Context &c)
{
    return c.status == 429
        && (c.lowerBody.contains("enforced_spend_limit_reached") || c.lowerBody.contains("spend limit")
            || c.lowerBody.contains("spend_limit"));
}

bool isSecondaryLimit(const Context &c)
{
    return isRateLimitStatus(c.status) && c.lowerBody.contains("secondary rate limit");
}

bool isPrimaryLimit(const Context &c) { return isRateLimitStatus(c.status) && c.limits.remaining == 0; }

// Vercel: {"error":{"code":"rate_limited","limit":{"reset":<epoch s>,"resetMs":<epoch ms>}}}
std::optional<qint64> vercelResetEpochMs(const QByteArray &body)
{
    if (body.size() > kMaxInspectedBody || !body.contains("rate_limited"))
        return std::nullopt;
    const QJsonObject error = QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toObject();
    if (error.value(QStringLiteral("code")).toString() != QStringLiteral("rate_limited"))
        return std::nullopt;
    const QJsonObject limit = error.value(QStringLiteral("limit")).toObject();
    const double resetMs = limit.value(QStringLiteral("resetMs")).toDouble(-1);
    if (resetMs > 0)
        return static_cast<qint64>(resetMs);
    const double reset = limit.value(QStringLiteral("reset")).toDouble(-1);
    if (reset > 0)
        return static_cast<qint64>(reset * 1000);
    return std::nullopt;
}

bool isVercelLimit(const Context &c) { return c.status == 429 && vercelResetEpochMs(c.body).has_value(); }

enum class WaitRule { Standard, Secondary, VercelBody };

// Rules that look beyond the status code, checked in order before the plain table.
struct SpecialRule {
    bool (*applies)(const Context &);
    RetryDecision decision;
    const char *reason;
    WaitRule wait;
};

constexpr SpecialRule kSpecialRules[] = {
    {isSpendLimit, RetryDecision::DoNotRetry, "spend limit reached", WaitRule::Standard},
    {isSecondaryLimit, RetryDecision::Retry, "secondary rate limit", WaitRule::Secondary},
    {isPrimaryLimit, RetryDecision::Retry, "rate limit exhausted", WaitRule::Standard},
    {isVercelLimit, RetryDecision::Retry, "rate limited", WaitRule::VercelBody},
};

// Retry-After first, then the reset time when nothing is left, then rule-specific minimums.
void fillWait(Classification &out, const Context &c, WaitRule rule, const RetryPolicy &policy)
{
    if (c.retryAfterMs) {
        out.minWaitMs = *c.retryAfterMs;
        return;
    }
    if (c.limits.remaining == 0) {
        if (const auto reset = resetWaitMs(c)) {
            out.minWaitMs = *reset;
            return;
        }
    }
    if (rule == WaitRule::VercelBody) {
        if (const auto resetMs = vercelResetEpochMs(c.body))
            out.minWaitMs = std::max<qint64>(0, *resetMs - c.nowMs);
    } else if (rule == WaitRule::Secondary) {
        out.minWaitMs = policy.secondaryLimitMinMs;
        out.growMinWait = true;
    }
}

std::optional<qint64> parseDigits(QByteArrayView text)
{
    const QByteArray trimmed = text.toByteArray().trimmed();
    if (trimmed.isEmpty() || trimmed.size() > 18)
        return std::nullopt;
    for (char ch : trimmed) {
        if (ch < '0' || ch > '9')
            return std::nullopt;
    }
    return trimmed.toLongLong();
}

// RFC 7231 IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
std::optional<QDateTime> parseImfFixdate(const QByteArray &value)
{
    static const QRegularExpression re(QStringLiteral(
        "^\\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\\s+(\\d{1,2})\\s+"
        "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\\s+(\\d{4})\\s+"
        "(\\d{2}):(\\d{2}):(\\d{2})\\s+GMT\\s*$"));
    const auto m = re.match(QString::fromLatin1(value));
    if (!m.hasMatch())
        return std::nullopt;
    static const QStringList months = {
        QStringLiteral("Jan"), QStringLiteral("Feb"), QStringLiteral("Mar"), QStringLiteral("Apr"),
        QStringLiteral("May"), QStringLiteral("Jun"), QStringLiteral("Jul"), QStringLiteral("Aug"),
        QStringLiteral("Sep"), QStringLiteral("Oct"), QStringLiteral("Nov"), QStringLiteral("Dec")};
    const QDate date(m.captured(3).toInt(), int(months.indexOf(m.captured(2))) + 1, m.captured(1).toInt());
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt());
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    return QDateTime(date, time, Qt::UTC);
}

} // namespace

const QList<RetryRule> &retryRuleTable()
{
    static const QList<RetryRule> table = {
        {0, RetryDecision::Retry, "connection reset"},
        {400, RetryDecision::DoNotRetry, "bad request"},
        {401, RetryDecision::DoNotRetry, "unauthorized"},
        {403, RetryDecision::DoNotRetry, "forbidden"},
        {404, RetryDecision::DoNotRetry, "not found"},
        {408, RetryDecision::Retry, "request timeout"},
        {409, RetryDecision::DoNotRetry, "conflict"},
        {422, RetryDecision::DoNotRetry, "unprocessable entity"},
        {429, RetryDecision::Retry, "too many requests"},
        {500, RetryDecision::Retry, "internal server error"},
        {501, RetryDecision::DoNotRetry, "not implemented"},
        {502, RetryDecision::Retry, "bad gateway"},
        {503, RetryDecision::Retry, "service unavailable"},
        {504, RetryDecision::Retry, "gateway timeout"},
        {529, RetryDecision::Retry, "overloaded"},
    };
    return table;
}

Classification classifyResponse(const HttpResponse &response, qint64 nowEpochMs, const RetryPolicy &policy)
{
    Context c;
    c.status = response.status;
    c.body = response.body;
    c.lowerBody = response.body.left(kMaxInspectedBody).toLower();
    c.limits = parseRateLimitHeaders(response.headers);
    c.retryAfterMs = parseRetryAfterMs(response.header("retry-after"), nowEpochMs);
    c.nowMs = nowEpochMs;

    Classification out;
    for (const SpecialRule &rule : kSpecialRules) {
        if (rule.applies(c)) {
            out.decision = rule.decision;
            out.reason = QString::fromLatin1(rule.reason);
            if (out.decision == RetryDecision::Retry)
                fillWait(out, c, rule.wait, policy);
            return out;
        }
    }
    const auto &table = retryRuleTable();
    const auto row = std::find_if(table.cbegin(), table.cend(),
                                  [&](const RetryRule &r) { return r.status != 0 && r.status == c.status; });
    if (row == table.cend()) {
        out.reason = QStringLiteral("HTTP %1").arg(c.status);
        return out;
    }
    out.decision = row->decision;
    out.reason = QString::fromLatin1(row->reason);
    if (out.decision == RetryDecision::Retry)
        fillWait(out, c, WaitRule::Standard, policy);
    return out;
}

Classification classifyTransportFailure(bool connectionReset)
{
    if (!connectionReset)
        return {RetryDecision::DoNotRetry, QStringLiteral("network error"), 0, false};
    const RetryRule &row = retryRuleTable().constFirst();
    return {row.decision, QString::fromLatin1(row.reason), 0, false};
}

std::optional<qint64> parseRetryAfterMs(const QByteArray &value, qint64 nowEpochMs)
{
    if (value.trimmed().isEmpty())
        return std::nullopt;
    if (const auto seconds = parseDigits(value))
        return std::min(*seconds, kMaxRetryAfterSeconds) * 1000;
    const auto date = parseImfFixdate(value);
    if (!date)
        return std::nullopt;
    const qint64 delta = date->toMSecsSinceEpoch() - nowEpochMs;
    if (delta < 0)
        return std::nullopt;
    return std::min(delta, kMaxRetryAfterSeconds * 1000);
}

RateLimitInfo parseRateLimitHeaders(const HeaderList &headers)
{
    RateLimitInfo info;
    for (const auto &[name, value] : headers) {
        const QByteArray key = name.toLower();
        qint64 *field = nullptr;
        if (key == "x-ratelimit-limit")
            field = &info.limit;
        else if (key == "x-ratelimit-remaining")
            field = &info.remaining;
        else if (key == "x-ratelimit-reset")
            field = &info.resetEpoch;
        else if (key == "x-ratelimit-used")
            field = &info.used;
        else if (key == "retry-after")
            field = &info.retryAfterSec;
        if (field) {
            if (const auto number = parseDigits(value))
                *field = *number;
        }
    }
    return info;
}

qint64 backoffDelayMs(const RetryPolicy &policy, int attempt, qint64 minWaitMs, std::function<double()> random01)
{
    const int shift = std::clamp(attempt, 0, 30);
    const qint64 base = std::max<qint64>(1, policy.baseDelayMs);
    const qint64 exponential = std::min(std::max<qint64>(0, policy.maxDelayMs), base << shift);
    const double r = std::clamp(random01 ? random01() : 0.5, 0.0, 1.0);
    if (minWaitMs <= 0)
        return static_cast<qint64>(std::floor(r * double(exponential)));
    const qint64 window = std::min(std::max<qint64>(0, policy.maxDelayMs), std::max(exponential, minWaitMs / 2));
    return minWaitMs + static_cast<qint64>(std::floor(r * double(window)));
}

} // namespace opsdeck
