// HttpClient against scripted local peers (127.0.0.1): a plain GET, JSON bodies, cancellation, ETags,
// streaming, invalid URLs and the system proxy. Retries, timeouts, limits, redirects and TLS have
// their own files (test_httpclient_*.cpp); the shared helpers are in tests/support/httptest.h.
#include "core/clock.h"
#include "net/httpclient.h"
#include "httptest.h"
#include "rawhttppeer.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QPointer>

using namespace opsdeck;
using namespace opsdeck::test;

TEST_CASE("a GET succeeds with a User-Agent, credentials and rate-limit state", "[http]")
{
    RawHttpPeer peer;
    peer.enqueue(RawHttpPeer::response(200, {{"Content-Type", "application/json"}, {"x-ratelimit-limit", "5000"},
                                             {"x-ratelimit-remaining", "4999"}, {"x-ratelimit-reset", "1795935600"},
                                             {"x-ratelimit-used", "1"}},
                                       R"({"ok":true})"));
    HttpClient client;
    HttpRequest req = get(peer.url(QStringLiteral("/repos/o/r")));
    req.provider = QStringLiteral("github");
    req.headers = {{"Accept", "application/vnd.github+json"}};
    req.authHeaders = {{"Authorization", "Bearer test-token-not-real"}};
    const auto result = run(client, req);
    REQUIRE(result.ok());
    CHECK(result->status == 200);
    CHECK(result->body == R"({"ok":true})");
    CHECK(result->attempts == 1);
    CHECK(result->header("content-type") == "application/json");
    REQUIRE(peer.requestCount() == 1);
    const RawHttpRequest seen = peer.requests().first();
    CHECK(seen.method == "GET");
    CHECK(seen.target == "/repos/o/r");
    CHECK(seen.header("user-agent") == QByteArray("OpsDeck/" OPSDECK_VERSION));
    CHECK(seen.header("authorization") == "Bearer test-token-not-real");
    CHECK(seen.header("accept") == "application/vnd.github+json");
    const RateLimitInfo limits = client.rateLimit(QStringLiteral("github"));
    CHECK(limits.limit == 5000);
    CHECK(limits.remaining == 4999);
    CHECK(limits.resetEpoch == 1795935600);
    CHECK(limits.used == 1);
    CHECK(client.rateLimit(QStringLiteral("vercel")).remaining == -1);
}

TEST_CASE("a JSON body gets Content-Type application/json; overrides are kept", "[http]")
{
    RawHttpPeer peer;
    peer.enqueue(RawHttpPeer::response(201, {}, "{}"));
    peer.enqueue(RawHttpPeer::response(201, {}, "{}"));
    HttpClient client;
    HttpRequest req = get(peer.url(QStringLiteral("/v1/things")));
    req.method = "POST";
    req.body = R"({"name":"x"})";
    REQUIRE(run(client, req).ok());
    req.headers = {{"Content-Type", "application/vnd.custom+json"}, {"User-Agent", "Custom/1"}};
    REQUIRE(run(client, req).ok());
    REQUIRE(peer.requestCount() == 2);
    CHECK(peer.requests()[0].header("content-type") == "application/json");
    CHECK(peer.requests()[0].body == R"({"name":"x"})");
    CHECK(peer.requests()[1].header("content-type") == "application/vnd.custom+json");
    CHECK(peer.requests()[1].header("user-agent") == "Custom/1");
}

TEST_CASE("cancel finishes exactly once with Cancelled", "[http][cancel]")
{
    RawHttpPeer peer;
    peer.setDefaultAnswer(hangingAnswer());
    HttpClient client;
    QPointer<HttpReply> reply = client.send(get(peer.url()));
    auto outcome = watch(reply);
    REQUIRE(waitUntil([&] { return peer.requestCount() == 1; }));
    reply->cancel();
    REQUIRE(outcome->result);
    CHECK_FALSE(outcome->result->ok());
    CHECK(outcome->result->error().kind == ErrorKind::Cancelled);
    if (reply)
        reply->cancel();  // a second cancel changes nothing
    idle(100);
    CHECK(outcome->finishedCount == 1);
    CHECK(reply.isNull());  // deleted itself after finishing
}

TEST_CASE("destroying the client with requests in flight does not crash", "[http][cancel]")
{
    RawHttpPeer peer;
    peer.setDefaultAnswer(hangingAnswer());
    auto *client = new HttpClient;
    QPointer<HttpReply> reply = client->send(get(peer.url()));
    auto outcome = watch(reply);
    REQUIRE(waitUntil([&] { return peer.requestCount() == 1; }));
    delete client;
    idle(100);
    CHECK(reply.isNull());
    CHECK(outcome->finishedCount == 0);  // stopped silently: no slot runs on a half-destroyed owner
}

TEST_CASE("ETag: a 304 is answered from the cache per credential", "[http][etag]")
{
    RawHttpPeer peer;
    peer.setHandler([](const RawHttpRequest &r) {
        if (r.header("if-none-match") == "\"v1\"")
            return RawHttpAnswer{RawHttpPeer::response(304, {{"ETag", "\"v1\""}, {"x-ratelimit-remaining", "4990"}})};
        return RawHttpAnswer{RawHttpPeer::response(200, {{"ETag", "\"v1\""}, {"Content-Type", "application/json"}}, R"([1,2,3])")};
    });
    HttpClient client;
    HttpRequest req = get(peer.url(QStringLiteral("/repos/o/r/actions/runs")));
    req.useEtagCache = true;
    req.provider = QStringLiteral("github");
    req.authHeaders = {{"Authorization", "Bearer token-one-not-real"}};

    const auto first = run(client, req);
    REQUIRE(first.ok());
    CHECK_FALSE(first->fromCache);
    const auto second = run(client, req);
    REQUIRE(second.ok());
    CHECK(second->status == 200);
    CHECK(second->fromCache);
    CHECK(second->body == "[1,2,3]");
    CHECK(second->header("content-type") == "application/json");
    CHECK(client.rateLimit(QStringLiteral("github")).remaining == 4990);
    REQUIRE(peer.requestCount() == 2);
    CHECK_FALSE(peer.requests()[0].hasHeader("if-none-match"));
    CHECK(peer.requests()[1].header("if-none-match") == "\"v1\"");

    req.authHeaders = {{"Authorization", "Bearer token-two-not-real"}};  // another identity
    const auto third = run(client, req);
    REQUIRE(third.ok());
    CHECK_FALSE(third->fromCache);
    CHECK_FALSE(peer.requests()[2].hasHeader("if-none-match"));

    req.useEtagCache = false;
    REQUIRE(run(client, req).ok());
    CHECK_FALSE(peer.requests()[3].hasHeader("if-none-match"));
}

TEST_CASE("streaming emits chunks as they arrive", "[http][stream]")
{
    const QByteArray body = "{\"line\":1}\n{\"line\":2}\n{\"line\":3}\n{\"line\":4}\n";
    RawHttpPeer peer;
    peer.setDefaultAnswer({RawHttpPeer::head(200, {{"Connection", "close"}}) + body, 40, 20, 0, false, true});
    HttpClient client;
    HttpRequest req = get(peer.url(QStringLiteral("/logs")));
    req.streaming = true;
    req.maxBodyBytes = 0;  // unlimited for streams
    auto outcome = watch(client.send(req));
    REQUIRE(waitUntil([&] { return !outcome->chunks.isEmpty(); }));
    CHECK_FALSE(outcome->result);  // data arrives before the end of the response
    REQUIRE(waitUntil([&] { return outcome->result.has_value(); }));
    REQUIRE(outcome->result->ok());
    CHECK(outcome->chunks.size() > 1);
    CHECK(outcome->chunks.join() == body);
}

TEST_CASE("an invalid URL fails asynchronously with a Config error", "[http]")
{
    HttpClient client;
    const auto result = run(client, get(QUrl(QStringLiteral("file:///etc/passwd"))));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == ErrorKind::Config);
}

TEST_CASE("the system proxy (http_proxy) carries requests to other hosts, never loopback ones", "[http][proxy]")
{
    RawHttpPeer proxy;
    proxy.setDefaultAnswer({RawHttpPeer::response(200, {{"Content-Type", "text/plain"}}, "via proxy")});
    RawHttpPeer direct;
    direct.setDefaultAnswer({RawHttpPeer::response(200, {{"Content-Type", "text/plain"}}, "direct")});
    const QByteArray before = qgetenv("http_proxy");
    const QByteArray noProxyBefore = qgetenv("no_proxy");
    qputenv("http_proxy", QStringLiteral("http://127.0.0.1:%1").arg(proxy.port()).toLatin1());
    qunsetenv("no_proxy");
    struct Restore {
        QByteArray value, noProxy;
        ~Restore()
        {
            value.isNull() ? qunsetenv("http_proxy") : qputenv("http_proxy", value);
            if (!noProxy.isNull())
                qputenv("no_proxy", noProxy);
        }
    } restore{before, noProxyBefore};

    HttpClient client;
    const auto remote = run(client, get(QUrl(QStringLiteral("http://api.example.invalid/v1/thing"))));
    REQUIRE(remote.ok());
    CHECK(remote->body == "via proxy");
    REQUIRE(proxy.requestCount() == 1);
    CHECK(proxy.requests().first().target == "http://api.example.invalid/v1/thing");  // absolute form: a proxy request

    const auto local = run(client, get(direct.url(QStringLiteral("/health"))));
    REQUIRE(local.ok());
    CHECK(local->body == "direct");
    CHECK(proxy.requestCount() == 1);
}
