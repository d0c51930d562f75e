// The JSON assertion of a health probe: "status == ok" on a top-level key.
#include <catch2/catch.hpp>

#include "providers/health/healthassertion.h"

using namespace opsdeck;

namespace {
HealthAssertion assertion(const char *text)
{
    Result<HealthAssertion> a = HealthAssertion::parse(QString::fromLatin1(text));
    REQUIRE(a.ok());
    return a.value();
}
} // namespace

TEST_CASE("A health assertion passes only when the key holds the expected value")
{
    const HealthAssertion ok = assertion("status == ok");
    CHECK(ok.failureFor(R"({"status":"ok","db":"up"})").isEmpty());
    CHECK(ok.failureFor(R"({"status":"degraded"})") == QLatin1String("status is \"degraded\", expected \"ok\""));
    CHECK(ok.failureFor(R"({"state":"ok"})").contains(QLatin1String("no \"status\" field")));
    CHECK(ok.failureFor("<html>ok</html>").contains(QLatin1String("not a JSON object")));
    CHECK(ok.failureFor(R"(["ok"])").contains(QLatin1String("not a JSON object")));
    CHECK(ok.failureFor(R"({"status":"OK"})").contains(QLatin1String("expected")));  // case matters

    CHECK(assertion("status == \"all good\"").failureFor(R"({"status":"all good"})").isEmpty());
    CHECK(assertion("healthy == true").failureFor(R"({"healthy":true})").isEmpty());
    CHECK_FALSE(assertion("healthy == true").failureFor(R"({"healthy":false})").isEmpty());
    CHECK(assertion("healthy == true").failureFor(R"({"healthy":"true"})").isEmpty());  // text "true" too
    CHECK(assertion("code == 200").failureFor(R"({"code":200.0})").isEmpty());
    CHECK_FALSE(assertion("code == 200").failureFor(R"({"code":500})").isEmpty());
    CHECK(assertion("error == null").failureFor(R"({"error":null})").isEmpty());
}

TEST_CASE("A negated health assertion fails on the forbidden value")
{
    const HealthAssertion notDown = assertion("status != down");
    CHECK(notDown.negated());
    CHECK(notDown.failureFor(R"({"status":"ok"})").isEmpty());
    CHECK(notDown.failureFor(R"({"status":"down"})").contains(QLatin1String("expected anything else")));
}

TEST_CASE("Malformed health assertions are configuration errors")
{
    for (const char *bad : {"", "status", "status = ok", "== ok", "status == ", "a b == c", "status == ok extra"}) {
        INFO(bad);
        const Result<HealthAssertion> a = HealthAssertion::parse(QString::fromLatin1(bad));
        REQUIRE_FALSE(a.ok());
        CHECK(a.error().kind == ErrorKind::Config);
    }
}
