// HttpClient redirects against scripted local peers: credentials stay on the original origin, and the
// rules for origins and downgrades.
#include "core/clock.h"
#include "net/httpclient.h"
#include "net/redirectrules.h"
#include "httptest.h"
#include "rawhttppeer.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

using namespace opsdeck;
using namespace opsdeck::test;

TEST_CASE("redirects keep credentials on the original origin only", "[http][redirect]")
{
    RawHttpPeer origin;
    RawHttpPeer foreign;
    foreign.setDefaultAnswer({RawHttpPeer::response(200, {}, "foreign body")});
    HttpClient client;
    HttpRequest req = get(origin.url(QStringLiteral("/start")));
    req.headers = {{"Accept", "application/json"}};
    req.authHeaders = {{"Authorization", "Bearer test-token-not-real"}, {"x-api-key", "test-key-not-real"}};

    SECTION("302 to another host strips Authorization and x-api-key")
    {
        origin.enqueue(RawHttpPeer::response(302, {{"Location", foreign.url(QStringLiteral("/landing")).toEncoded()}}));
        const auto result = run(client, req);
        REQUIRE(result.ok());
        CHECK(result->status == 200);
        CHECK(result->body == "foreign body");
        CHECK(result->finalUrl == foreign.url(QStringLiteral("/landing")));
        REQUIRE(foreign.requestCount() == 1);
        const RawHttpRequest seen = foreign.requests().first();
        CHECK_FALSE(seen.hasHeader("authorization"));
        CHECK_FALSE(seen.hasHeader("x-api-key"));
        CHECK(seen.header("accept") == "application/json");
        CHECK(origin.requests().first().header("authorization") == "Bearer test-token-not-real");
    }
    SECTION("a relative redirect on the same origin keeps them")
    {
        origin.enqueue(RawHttpPeer::response(301, {{"Location", "/moved?page=2"}}));
        origin.enqueue(RawHttpPeer::response(200, {}, "moved body"));
        const auto result = run(client, req);
        REQUIRE(result.ok());
        CHECK(result->body == "moved body");
        REQUIRE(origin.requestCount() == 2);
        CHECK(origin.requests()[1].target == "/moved?page=2");
        CHECK(origin.requests()[1].header("x-api-key") == "test-key-not-real");
    }
    SECTION("303 after POST turns into a GET without the body")
    {
        req.method = "POST";
        req.body = R"({"a":1})";
        origin.enqueue(RawHttpPeer::response(303, {{"Location", foreign.url(QStringLiteral("/result")).toEncoded()}}));
        REQUIRE(run(client, req).ok());
        REQUIRE(foreign.requestCount() == 1);
        CHECK(foreign.requests().first().method == "GET");
        CHECK(foreign.requests().first().body.isEmpty());
    }
    SECTION("redirect loops stop")
    {
        origin.setDefaultAnswer({RawHttpPeer::response(302, {{"Location", "/again"}})});
        const auto result = run(client, req);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().kind == ErrorKind::BadResponse);
        CHECK(origin.requestCount() == 6);  // the original plus 5 redirects
    }
}

TEST_CASE("redirect rules for origins and downgrades", "[http][redirect]")
{
    const QUrl api(QStringLiteral("https://api.github.com/x"));
    CHECK(isSameOrigin(api, QUrl(QStringLiteral("https://API.github.com:443/y"))));
    CHECK_FALSE(isSameOrigin(api, QUrl(QStringLiteral("https://api.github.com:8443/x"))));
    CHECK_FALSE(isSameOrigin(api, QUrl(QStringLiteral("http://api.github.com/x"))));
    CHECK_FALSE(isSameOrigin(api, QUrl(QStringLiteral("https://evil.example/x"))));
    CHECK(redirectRefusal(api, QUrl(QStringLiteral("http://api.github.com/x"))).has_value());
    CHECK(redirectRefusal(api, QUrl(QStringLiteral("file:///etc/passwd"))).has_value());
    CHECK_FALSE(redirectRefusal(api, QUrl(QStringLiteral("https://objects.githubusercontent.com/y"))).has_value());
    CHECK_FALSE(redirectRefusal(QUrl(QStringLiteral("http://h.test/")), QUrl(QStringLiteral("https://h.test/"))).has_value());
}
