#include <catch2/catch.hpp>

#include "net/retrypolicy.h"

#include <QDateTime>

#include <random>

using namespace opsdeck;

namespace {

const qint64 kNow = QDateTime(QDate(2026, 11, 29), QTime(7, 0), Qt::UTC).toMSecsSinceEpoch();

HttpResponse response(int status, HeaderList headers = {}, QByteArray body = {})
{
    HttpResponse r;
    r.status = status;
    r.headers = std::move(headers);
    r.body = std::move(body);
    return r;
}

QByteArray epochSeconds(qint64 ms) { return QByteArray::number(ms / 1000); }

} // namespace

TEST_CASE("every row of the retry table classifies its plain status", "[retry]")
{
    for (const RetryRule &rule : retryRuleTable()) {
        INFO("status " << rule.status << " " << rule.reason);
        if (rule.status == 0) {
            CHECK(classifyTransportFailure(true).decision == rule.decision);
            continue;
        }
        const Classification c = classifyResponse(response(rule.status), kNow);
        CHECK(c.decision == rule.decision);
        CHECK(c.reason == QString::fromLatin1(rule.reason));
        CHECK(c.minWaitMs == 0);
    }
}

TEST_CASE("H1: transient statuses retry, client errors do not", "[retry]")
{
    for (int status : {408, 429, 500, 502, 503, 504, 529}) {
        INFO(status);
        CHECK(classifyResponse(response(status), kNow).decision == RetryDecision::Retry);
    }
    for (int status : {200, 201, 304, 400, 401, 403, 404, 409, 422, 501}) {
        INFO(status);
        CHECK(classifyResponse(response(status), kNow).decision == RetryDecision::DoNotRetry);
    }
    CHECK(classifyTransportFailure(true).decision == RetryDecision::Retry);
    CHECK(classifyTransportFailure(false).decision == RetryDecision::DoNotRetry);
}

TEST_CASE("Anthropic spend-limit 429 is never retried, a plain rate_limit_error is", "[retry]")
{
    const auto spendType = response(429, {{"retry-after", "30"}},
        R"({"type":"error","error":{"type":"enforced_spend_limit_reached","message":"limit"}})");
    const Classification a = classifyResponse(spendType, kNow);
    CHECK(a.decision == RetryDecision::DoNotRetry);
    CHECK(a.reason.contains(QStringLiteral("spend")));

    const auto spendMessage = response(429, {},
        R"({"type":"error","error":{"type":"rate_limit_error","message":"You have reached your Spend Limit for this month"}})");
    CHECK(classifyResponse(spendMessage, kNow).decision == RetryDecision::DoNotRetry);

    const auto rateLimit = response(429, {{"retry-after", "30"}},
        R"({"type":"error","error":{"type":"rate_limit_error","message":"Number of requests has exceeded your rate limit"}})");
    const Classification b = classifyResponse(rateLimit, kNow);
    CHECK(b.decision == RetryDecision::Retry);
    CHECK(b.minWaitMs == 30'000);

    CHECK(classifyResponse(response(529, {}, R"({"type":"error","error":{"type":"overloaded_error"}})"), kNow).decision
          == RetryDecision::Retry);
}

TEST_CASE("GitHub primary rate limit waits until x-ratelimit-reset", "[retry][github]")
{
    const qint64 reset = kNow + 42'000;
    for (int status : {403, 429}) {
        INFO(status);
        const auto r = response(status, {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", epochSeconds(reset)}},
                                R"({"message":"API rate limit exceeded for user ID 1."})");
        const Classification c = classifyResponse(r, kNow);
        CHECK(c.decision == RetryDecision::Retry);
        CHECK(c.minWaitMs == 42'000);
    }
    // A 403 with quota left is a permission problem, not a rate limit.
    const auto forbidden = response(403, {{"x-ratelimit-remaining", "4999"}, {"x-ratelimit-reset", epochSeconds(reset)}},
                                    R"({"message":"Resource not accessible by integration"})");
    CHECK(classifyResponse(forbidden, kNow).decision == RetryDecision::DoNotRetry);
}

TEST_CASE("GitHub secondary rate limit: retry-after, else reset when exhausted, else 60 s", "[retry][github]")
{
    const QByteArray body = R"({"message":"You have exceeded a secondary rate limit. Please wait a few minutes."})";
    RetryPolicy policy;

    const Classification withHeader = classifyResponse(response(403, {{"Retry-After", "17"}}, body), kNow, policy);
    CHECK(withHeader.decision == RetryDecision::Retry);
    CHECK(withHeader.minWaitMs == 17'000);
    CHECK_FALSE(withHeader.growMinWait);

    const auto exhausted = response(429, {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", epochSeconds(kNow + 90'000)}}, body);
    CHECK(classifyResponse(exhausted, kNow, policy).minWaitMs == 90'000);

    const auto bare = response(403, {{"x-ratelimit-remaining", "12"}}, body);
    const Classification c = classifyResponse(bare, kNow, policy);
    CHECK(c.decision == RetryDecision::Retry);
    CHECK(c.minWaitMs >= 60'000);
    CHECK(c.growMinWait);

    policy.secondaryLimitMinMs = 75'000;
    CHECK(classifyResponse(bare, kNow, policy).minWaitMs == 75'000);
}

TEST_CASE("Vercel 429 waits until error.limit.reset", "[retry][vercel]")
{
    const QByteArray resetMsBody = R"({"error":{"code":"rate_limited","message":"Rate limit exceeded","limit":{"remaining":0,"reset":)"
        + QByteArray::number((kNow + 5'000) / 1000) + R"(,"resetMs":)" + QByteArray::number(kNow + 5'250) + "}}}";
    const Classification c = classifyResponse(response(429, {}, resetMsBody), kNow);
    CHECK(c.decision == RetryDecision::Retry);
    CHECK(c.minWaitMs == 5'250);

    const QByteArray resetOnly = R"({"error":{"code":"rate_limited","limit":{"reset":)" + QByteArray::number((kNow + 8'000) / 1000) + "}}}";
    CHECK(classifyResponse(response(429, {}, resetOnly), kNow).minWaitMs == 8'000);
}

TEST_CASE("Retry-After: seconds, HTTP-date, garbage and past dates", "[retry][retry-after]")
{
    CHECK(parseRetryAfterMs("120", kNow) == 120'000);
    CHECK(parseRetryAfterMs(" 0 ", kNow) == 0);
    CHECK(parseRetryAfterMs("Sun, 29 Nov 2026 07:02:00 GMT", kNow) == 120'000);
    CHECK(parseRetryAfterMs("Sun, 29 Nov 2026 07:00:00 GMT", kNow) == 0);
    CHECK_FALSE(parseRetryAfterMs("Sun, 29 Nov 2026 06:59:59 GMT", kNow));  // past
    CHECK_FALSE(parseRetryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT", kNow));
    CHECK_FALSE(parseRetryAfterMs("banana", kNow));
    CHECK_FALSE(parseRetryAfterMs("", kNow));
    CHECK_FALSE(parseRetryAfterMs("-5", kNow));
    CHECK_FALSE(parseRetryAfterMs("1.5", kNow));
    CHECK_FALSE(parseRetryAfterMs("Sun, 31 Feb 2026 07:02:00 GMT", kNow));
    CHECK_FALSE(parseRetryAfterMs("Sun, 29 Nov 2026 07:02:00 PST", kNow));
    // Absurd values mean "not soon", never an overflow into the past.
    const auto huge = parseRetryAfterMs("99999999999999", kNow);
    REQUIRE(huge);
    CHECK(*huge > 365LL * 24 * 3600 * 1000);

    // Garbage falls back to normal backoff: the response is still retried, without a minimum.
    const Classification c = classifyResponse(response(503, {{"Retry-After", "banana"}}), kNow);
    CHECK(c.decision == RetryDecision::Retry);
    CHECK(c.minWaitMs == 0);
    CHECK(classifyResponse(response(503, {{"retry-after", "Sun, 29 Nov 2026 07:02:00 GMT"}}), kNow).minWaitMs == 120'000);
}

TEST_CASE("rate-limit headers are parsed case-insensitively", "[retry]")
{
    const RateLimitInfo info = parseRateLimitHeaders({{"X-RateLimit-Limit", "5000"}, {"x-ratelimit-remaining", "4987"},
                                                      {"X-RATELIMIT-RESET", "1795935600"}, {"x-ratelimit-used", "13"},
                                                      {"Retry-After", "7"}, {"x-ratelimit-resource", "core"}});
    CHECK(info.limit == 5000);
    CHECK(info.remaining == 4987);
    CHECK(info.resetEpoch == 1795935600);
    CHECK(info.used == 13);
    CHECK(info.retryAfterSec == 7);
    CHECK(parseRateLimitHeaders({{"x-ratelimit-remaining", "lots"}}).isEmpty());
}

TEST_CASE("backoff is full jitter within the exponential cap and never below the minimum", "[retry][backoff]")
{
    RetryPolicy policy;  // base 500 ms, cap 60 s
    CHECK(backoffDelayMs(policy, 0, 0, [] { return 0.0; }) == 0);
    CHECK(backoffDelayMs(policy, 0, 0, [] { return 0.999999; }) == 499);
    CHECK(backoffDelayMs(policy, 3, 0, [] { return 0.999999; }) == 3999);
    CHECK(backoffDelayMs(policy, 20, 0, [] { return 0.999999; }) == 59'999);  // capped
    CHECK(backoffDelayMs(policy, 0, 120'000, [] { return 0.0; }) == 120'000);
    for (int attempt = 0; attempt < 8; ++attempt) {
        const qint64 d = backoffDelayMs(policy, attempt, 120'000, [] { return 0.999999; });
        CHECK(d >= 120'000);
        CHECK(d < 120'000 + policy.maxDelayMs);
    }
}

TEST_CASE("H2: 1000 clients told Retry-After 120 do not come back in the same second", "[retry][backoff]")
{
    const RetryPolicy policy;
    std::mt19937_64 engine(20261129);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const auto minWait = parseRetryAfterMs("120", kNow);
    REQUIRE(minWait);

    QHash<qint64, int> buckets;
    for (int client = 0; client < 1000; ++client) {
        const qint64 delay = backoffDelayMs(policy, 0, *minWait, [&] { return uniform(engine); });
        REQUIRE(delay >= 120'000);
        ++buckets[delay / 1000];
    }
    int fullest = 0;
    for (int count : std::as_const(buckets))
        fullest = std::max(fullest, count);
    CHECK(fullest <= 50);  // no 1 s bucket holds more than 5 %

    // The same holds for a shared GitHub reset time.
    buckets.clear();
    for (int client = 0; client < 1000; ++client)
        ++buckets[backoffDelayMs(policy, 0, 300'000, [&] { return uniform(engine); }) / 1000];
    fullest = 0;
    for (int count : std::as_const(buckets))
        fullest = std::max(fullest, count);
    CHECK(fullest <= 50);
}
