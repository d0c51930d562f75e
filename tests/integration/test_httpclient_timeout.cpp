// HttpClient deadlines against scripted local peers: the overall deadline on the injected clock, a
// server that never answers and one that trickles a byte at a time.
#include "core/clock.h"
#include "net/httpclient.h"
#include "httptest.h"
#include "rawhttppeer.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>

using namespace opsdeck;
using namespace opsdeck::test;

TEST_CASE("the overall deadline runs on the injected clock", "[http][timeout]")
{
    RawHttpPeer peer;
    peer.setDefaultAnswer(hangingAnswer());
    ManualClock clock;
    HttpClient client(clock);
    HttpRequest req = get(peer.url());
    req.deadlineMs = 90'000;
    auto outcome = watch(client.send(req));
    REQUIRE(waitUntil([&] { return peer.requestCount() == 1; }));
    clock.advance(89'999);
    idle(50);
    CHECK_FALSE(outcome->result);
    clock.advance(1);
    REQUIRE(waitUntil([&] { return outcome->result.has_value(); }));
    REQUIRE_FALSE(outcome->result->ok());
    CHECK(outcome->result->error().kind == ErrorKind::Timeout);
    CHECK(outcome->result->error().message.contains(QStringLiteral("90 s")));
}

TEST_CASE("a server that accepts and never answers times out", "[http][timeout]")
{
    RawHttpPeer peer;
    peer.setDefaultAnswer(hangingAnswer());
    HttpClient client;
    HttpRequest req = get(peer.url());
    req.transferTimeoutMs = 300;
    QElapsedTimer timer;
    timer.start();
    const auto result = run(client, req);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == ErrorKind::Timeout);
    CHECK(result.error().message.contains(QStringLiteral("127.0.0.1")));
    CHECK(timer.elapsed() >= 250);
    CHECK(timer.elapsed() < 3000);
    CHECK(peer.requestCount() == 1);
}

TEST_CASE("a 1-byte-per-100-ms trickle is aborted at the deadline", "[http][timeout]")
{
    RawHttpPeer peer;
    const QByteArray head = RawHttpPeer::head(200, {{"Content-Length", "200"}});
    peer.setDefaultAnswer({head + QByteArray(200, 'x'), 100, 1, int(head.size()), false, true});
    HttpClient client;
    HttpRequest req = get(peer.url());
    req.transferTimeoutMs = 300;  // never reached: a byte arrives every 100 ms
    req.deadlineMs = 800;
    QElapsedTimer timer;
    timer.start();
    const auto result = run(client, req);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == ErrorKind::Timeout);
    CHECK(result.error().message.contains(QStringLiteral("within")));
    CHECK(timer.elapsed() >= 700);
    CHECK(timer.elapsed() < 2500);
}
