#pragma once

#include "net/httprequest.h"

#include <QDateTime>
#include <QList>

#include <functional>
#include <optional>

namespace opsdeck {

enum class RetryDecision { Retry, DoNotRetry };

// Why a response or failure is (not) retried. One row per case in a table.
struct RetryRule {
    int status;               // HTTP status, or 0 for a transport failure
    RetryDecision decision;
    const char *reason;
};

struct RetryPolicy {
    int maxAttempts = 5;
    qint64 baseDelayMs = 500;
    qint64 maxDelayMs = 60'000;        // cap of the exponential term
    qint64 secondaryLimitMinMs = 60'000;  // GitHub secondary limit without retry-after
    qint64 maxWaitMs = 10 * 60 * 1000; // never wait longer than this for one retry
};

// Pure classification of one outcome: status, headers, body of the response.
struct Classification {
    RetryDecision decision = RetryDecision::DoNotRetry;
    QString reason;
    qint64 minWaitMs = 0;  // from Retry-After / reset headers / secondary-limit rule
    // The minimum doubles with every further retry (GitHub secondary limit without headers:
    // "wait at least 60 s, then back off exponentially").
    bool growMinWait = false;
};

// The plain per-status table (special cases such as rate-limit 403s and spend limits are
// checked before it). Statuses not listed are never retried.
const QList<RetryRule> &retryRuleTable();

Classification classifyResponse(const HttpResponse &response, qint64 nowEpochMs,
                                const RetryPolicy &policy = {});
Classification classifyTransportFailure(bool connectionReset);

// Retry-After as delta-seconds or HTTP-date; nullopt for garbage or a past date.
std::optional<qint64> parseRetryAfterMs(const QByteArray &value, qint64 nowEpochMs);
RateLimitInfo parseRateLimitHeaders(const HeaderList &headers);

// Full-jitter exponential backoff: rand(0, min(maxDelay, base * 2^attempt)) when the server set
// no minimum. With a server-imposed minimum (Retry-After, reset time) the jitter is added on
// top of it, over a window of min(maxDelay, max(base * 2^attempt, minWaitMs / 2)), so clients
// that were all told "come back at T" do not all come back at exactly T. Never below minWaitMs.
qint64 backoffDelayMs(const RetryPolicy &policy, int attempt, qint64 minWaitMs, std::function<double()> random01);

} // namespace opsdeck
