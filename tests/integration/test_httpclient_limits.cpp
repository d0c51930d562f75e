// HttpClient limits and redaction against scripted local peers: the response size cap, a compressed
// bomb, and log lines that never carry a secret.
#include "core/clock.h"
#include "net/httpclient.h"
#include "httptest.h"
#include "rawhttppeer.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

using namespace opsdeck;
using namespace opsdeck::test;

TEST_CASE("responses over the size cap are aborted", "[http][cap]")
{
    RawHttpPeer peer;
    HttpClient client;
    SECTION("announced by Content-Length, default 10 MiB cap")
    {
        peer.enqueue({RawHttpPeer::head(200, {{"Content-Length", "20971520"}}) + "xxxx", 0, 1, 0, false, false});
        const auto result = run(client, get(peer.url()));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().kind == ErrorKind::BadResponse);
        CHECK(result.error().message == QStringLiteral("response larger than 10 MiB"));
    }
    SECTION("counted while reading a body without Content-Length")
    {
        peer.enqueue({RawHttpPeer::head(200, {{"Connection", "close"}}) + QByteArray(300 * 1024, 'x'), 0, 1, 0, false, true});
        HttpRequest req = get(peer.url());
        req.maxBodyBytes = 64 * 1024;
        const auto result = run(client, req);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().kind == ErrorKind::BadResponse);
        CHECK(result.error().message == QStringLiteral("response larger than 64 KiB"));
    }
    SECTION("a body exactly at the cap is fine")
    {
        peer.enqueue(RawHttpPeer::response(200, {}, QByteArray(1000, 'y')));
        HttpRequest req = get(peer.url());
        req.maxBodyBytes = 1000;
        const auto result = run(client, req);
        REQUIRE(result.ok());
        CHECK(result->body.size() == 1000);
    }
}

TEST_CASE("a compressed bomb is stopped, not inflated in memory", "[http][cap]")
{
    // 40 MiB of zeros deflate to about 40 KiB: far over the 40:1 ratio and the 10 MiB cap.
    const QByteArray bomb = qCompress(QByteArray(40 * 1024 * 1024, '\0'), 9).mid(4);
    RawHttpPeer peer;
    peer.enqueue(RawHttpPeer::response(200, {{"Content-Encoding", "deflate"}}, bomb));
    HttpClient client;
    const auto result = run(client, get(peer.url()));
    REQUIRE_FALSE(result.ok());
    INFO(result.error().toString().toStdString());
    CHECK(result.error().kind == ErrorKind::BadResponse);
}

TEST_CASE("log lines carry method and status and attempt but never a secret", "[http][redaction]")
{
    const QByteArray githubToken = "ghp_SENTINELnotreal0123456789abcdef";
    const QByteArray apiKey = "sentinel-api-key-not-real-42";
    const QByteArray queryToken = "sentinel-query-token-not-real";
    RawHttpPeer peer;
    peer.enqueue(RawHttpPeer::response(404, {}, "nope"));
    HttpClient client;
    QStringList log;
    QObject::connect(&client, &HttpClient::logLine, [&](const QString &line) { log << line; });

    HttpRequest req = get(peer.url(QStringLiteral("/x?access_token=") + QString::fromLatin1(queryToken)));
    req.provider = QStringLiteral("github");
    req.authHeaders = {{"Authorization", "token " + githubToken}, {"x-api-key", apiKey}};
    const auto ok = run(client, req);
    REQUIRE(ok.ok());

    // A refused connection: Qt's error text names the URL, which holds the token.
    auto *closed = new RawHttpPeer;
    const QUrl dead = closed->url(QStringLiteral("/y?token=") + QString::fromLatin1(apiKey));
    delete closed;
    HttpRequest deadReq = get(dead);
    deadReq.authHeaders = req.authHeaders;
    const auto failed = run(client, deadReq);
    REQUIRE_FALSE(failed.ok());

    REQUIRE(log.size() == 2);
    CHECK(log.first().startsWith(QStringLiteral("[github] GET http://127.0.0.1:")));
    CHECK(log.first().contains(QStringLiteral("-> 404")));
    CHECK(log.first().contains(QStringLiteral("attempt 1/5")));
    const QString everything = log.join(QLatin1Char('\n')) + failed.error().toString();
    for (const QByteArray &secret : {githubToken, apiKey, queryToken}) {
        INFO(secret.constData());
        CHECK_FALSE(everything.contains(QString::fromLatin1(secret)));
    }
}
