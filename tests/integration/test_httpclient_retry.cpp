// HttpClient retries against scripted local peers: Retry-After, backoff, the attempt limit, which
// requests may be sent again, the time budget and GitHub's secondary limit. Retry waits run on a
// ManualClock; no test sleeps for a backoff.
#include "core/clock.h"
#include "net/httpclient.h"
#include "httptest.h"
#include "rawhttppeer.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

using namespace opsdeck;
using namespace opsdeck::test;

TEST_CASE("503 with Retry-After 120 is retried no earlier than 120 s later", "[http][retry]")
{
    RawHttpPeer peer;
    peer.enqueue(RawHttpPeer::response(503, {{"Retry-After", "120"}}, "busy"));
    peer.enqueue(RawHttpPeer::response(200, {}, "fine"));
    ManualClock clock;
    HttpClient client(clock);
    auto outcome = watch(client.send(get(peer.url(QStringLiteral("/status")))));

    REQUIRE(waitUntil([&] { return clock.scheduledDelays().size() == 2; }));  // deadline + retry
    const qint64 delay = clock.scheduledDelays().last();
    CHECK(delay >= 120'000);
    CHECK(delay <= 120'000 + client.retryPolicy().maxDelayMs);

    clock.advance(delay - 1);
    idle(150);
    CHECK(peer.requestCount() == 1);  // nothing reached the server before the allowed time
    CHECK_FALSE(outcome->result);

    clock.advance(1);
    REQUIRE(waitUntil([&] { return outcome->result.has_value(); }));
    REQUIRE(outcome->result->ok());
    CHECK((*outcome->result)->status == 200);
    CHECK((*outcome->result)->body == "fine");
    CHECK((*outcome->result)->attempts == 2);
    CHECK(peer.requestCount() == 2);
}

TEST_CASE("Retry-After garbage falls back to normal backoff", "[http][retry]")
{
    RawHttpPeer peer;
    peer.enqueue(RawHttpPeer::response(503, {{"Retry-After", "banana"}}));
    peer.enqueue(RawHttpPeer::response(200, {}, "fine"));
    ManualClock clock;
    HttpClient client(clock);
    auto outcome = watch(client.send(get(peer.url())));
    REQUIRE(waitUntil([&] { return clock.scheduledDelays().size() == 2; }));
    CHECK(clock.scheduledDelays().last() < client.retryPolicy().baseDelayMs);
    driveRetries(clock, outcome);
    CHECK((*outcome->result)->status == 200);
}

TEST_CASE("a persistent 503 gives up after 5 attempts and returns the last response", "[http][retry]")
{
    RawHttpPeer peer;
    peer.setDefaultAnswer({RawHttpPeer::response(503, {}, "still busy")});
    ManualClock clock;
    HttpClient client(clock);
    QStringList log;
    QObject::connect(&client, &HttpClient::logLine, [&](const QString &line) { log << line; });
    auto outcome = watch(client.send(get(peer.url())));
    driveRetries(clock, outcome);
    REQUIRE(outcome->result->ok());
    CHECK((*outcome->result)->status == 503);
    CHECK((*outcome->result)->attempts == 5);
    CHECK(peer.requestCount() == 5);
    INFO(log.join(QLatin1Char('\n')).toStdString());
    CHECK(log.size() == 5);
    CHECK(log.last().contains(QStringLiteral("giving up")));
}

TEST_CASE("requests that must not be retried reach the server once", "[http][retry]")
{
    RawHttpPeer peer;
    ManualClock clock;
    HttpClient client(clock);
    HttpRequest req = get(peer.url(QStringLiteral("/v1/messages")));
    int expectedStatus = 0;

    SECTION("POST 503")
    {
        req.method = "POST";
        req.body = "{}";
        peer.enqueue(RawHttpPeer::response(503, {{"Retry-After", "1"}}));
        expectedStatus = 503;
    }
    SECTION("401")
    {
        peer.enqueue(RawHttpPeer::response(401, {}, R"({"message":"Bad credentials"})"));
        expectedStatus = 401;
    }
    SECTION("Anthropic spend-limit 429")
    {
        peer.enqueue(RawHttpPeer::response(429, {{"retry-after", "5"}},
            R"({"type":"error","error":{"type":"enforced_spend_limit_reached","message":"Spend limit reached"}})"));
        expectedStatus = 429;
    }
    const auto result = run(client, req);
    REQUIRE(result.ok());
    CHECK(result->status == expectedStatus);
    CHECK(result->attempts == 1);
    idle(100);
    CHECK(clock.scheduledDelays().size() == 1);  // only the deadline, no retry
    CHECK(peer.requestCount() == 1);
}

TEST_CASE("a wait beyond the time budget returns the 429 at once", "[http][retry]")
{
    RawHttpPeer peer;
    peer.enqueue(RawHttpPeer::response(429, {{"Retry-After", "3600"}}, R"({"error":{"type":"rate_limit_error"}})"));
    ManualClock clock;
    HttpClient client(clock);
    QStringList log;
    QObject::connect(&client, &HttpClient::logLine, [&](const QString &line) { log << line; });
    const auto result = run(client, get(peer.url()));
    REQUIRE(result.ok());
    CHECK(result->status == 429);
    CHECK(result->rateLimit.retryAfterSec == 3600);
    CHECK(clock.scheduledDelays().size() == 1);  // the deadline only
    REQUIRE(log.size() == 1);
    CHECK(log.first().contains(QStringLiteral("giving up")));
}

TEST_CASE("GitHub secondary limit without headers waits 60 s and then longer", "[http][retry][github]")
{
    const QByteArray secondary = RawHttpPeer::response(403, {{"x-ratelimit-remaining", "4000"}},
        R"({"message":"You have exceeded a secondary rate limit and have been temporarily blocked from content creation."})");
    RawHttpPeer peer;
    peer.enqueue(secondary);
    peer.enqueue(secondary);
    peer.enqueue(RawHttpPeer::response(200, {}, "[]"));
    ManualClock clock;
    HttpClient client(clock);
    auto outcome = watch(client.send(get(peer.url(QStringLiteral("/repos/o/r/pulls")))));
    driveRetries(clock, outcome);
    REQUIRE(outcome->result->ok());
    CHECK((*outcome->result)->status == 200);
    const QList<qint64> delays = clock.scheduledDelays();  // deadline, retry 1, retry 2
    REQUIRE(delays.size() == 3);
    CHECK(delays[1] >= 60'000);
    CHECK(delays[2] >= 120'000);
}

TEST_CASE("a connection cut mid-body is retried for GET, not for POST", "[http][retry]")
{
    const QByteArray cut = RawHttpPeer::head(200, {{"Content-Length", "100"}}) + "only ten b";
    RawHttpPeer peer;
    peer.enqueue(cut);
    peer.enqueue(RawHttpPeer::response(200, {}, "complete"));
    ManualClock clock;
    HttpClient client(clock);
    auto outcome = watch(client.send(get(peer.url())));
    driveRetries(clock, outcome);
    REQUIRE(outcome->result->ok());
    CHECK((*outcome->result)->body == "complete");
    CHECK((*outcome->result)->attempts == 2);

    RawHttpPeer postPeer;
    postPeer.enqueue(cut);
    HttpRequest post = get(postPeer.url());
    post.method = "POST";
    post.body = "{}";
    const auto result = run(client, post);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == ErrorKind::Network);
    idle(100);
    CHECK(postPeer.requestCount() == 1);
}

TEST_CASE("a connection closed before any answer: GET is sent again, POST and PATCH exactly once", "[http][retry]")
{
    const RawHttpAnswer silentClose{QByteArray()};  // reads the request, closes without a byte
    ManualClock clock;
    HttpClient client(clock);

    RawHttpPeer getPeer;
    getPeer.enqueue(silentClose);
    getPeer.enqueue(RawHttpPeer::response(200, {}, "complete"));
    auto outcome = watch(client.send(get(getPeer.url())));
    driveRetries(clock, outcome);
    REQUIRE(outcome->result->ok());
    CHECK((*outcome->result)->body == "complete");
    CHECK(getPeer.requestCount() == 2);

    for (const QByteArray &method : {QByteArray("POST"), QByteArray("PATCH")}) {
        INFO(method.toStdString());
        RawHttpPeer peer;
        peer.enqueue(silentClose);
        peer.setDefaultAnswer({RawHttpPeer::response(200, {}, "{}")});
        HttpRequest req = get(peer.url(QStringLiteral("/v9/projects/web/rollback/dpl_1")));
        req.method = method;
        req.body = R"({"reason":"bad deploy"})";
        const auto result = run(client, req);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().kind == ErrorKind::Network);
        CHECK(result.error().message.contains(QStringLiteral("may or may not have been applied")));
        idle(300);
        REQUIRE(peer.requestCount() == 1);
        CHECK(peer.requests().first().body == R"({"reason":"bad deploy"})");
        CHECK(peer.requests().first().header("content-length") == "23");
    }

    // An empty POST body goes out once too.
    RawHttpPeer emptyPeer;
    emptyPeer.enqueue(silentClose);
    emptyPeer.setDefaultAnswer({RawHttpPeer::response(200, {}, "{}")});
    HttpRequest empty = get(emptyPeer.url());
    empty.method = "POST";
    CHECK_FALSE(run(client, empty).ok());
    idle(300);
    CHECK(emptyPeer.requestCount() == 1);
}
