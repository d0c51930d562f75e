// HttpClient against scripted local peers (127.0.0.1): retries, timeouts, caps, redirects,
// redaction, cancellation, ETags. Retry waits run on a ManualClock; no test sleeps for a backoff.
#include <catch2/catch.hpp>

#include "core/clock.h"
#include "net/httpclient.h"
#include "net/redirectrules.h"
#include "rawhttppeer.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QPointer>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <optional>

using namespace opsdeck;
using namespace opsdeck::test;

namespace {

struct Outcome {
    std::optional<Result<HttpResponse>> result;
    int finishedCount = 0;
    QList<QByteArray> chunks;
};

std::shared_ptr<Outcome> watch(HttpReply *reply)
{
    auto outcome = std::make_shared<Outcome>();
    QObject::connect(reply, &HttpReply::finished, [outcome](const Result<HttpResponse> &r) {
        outcome->result = r;
        ++outcome->finishedCount;
    });
    QObject::connect(reply, &HttpReply::chunk, [outcome](const QByteArray &data) { outcome->chunks << data; });
    return outcome;
}

Result<HttpResponse> run(HttpClient &client, HttpRequest request, int timeoutMs = 5000)
{
    auto outcome = watch(client.send(std::move(request)));
    REQUIRE(waitUntil([&] { return outcome->result.has_value(); }, timeoutMs));
    return *outcome->result;
}

HttpRequest get(const QUrl &url)
{
    HttpRequest r;
    r.url = url;
    return r;
}

RawHttpAnswer hangingAnswer()
{
    RawHttpAnswer answer;
    answer.hang = true;
    return answer;
}

void idle(int ms) { waitUntil([] { return false; }, ms); }

// Runs queued retries on the manual clock until the reply finishes.
void driveRetries(ManualClock &clock, const std::shared_ptr<Outcome> &outcome)
{
    for (int i = 0; i < 20 && !outcome->result; ++i) {
        waitUntil([&] { return outcome->result.has_value() || clock.pendingCount() >= 2; }, 3000);
        if (!outcome->result)
            clock.runNext();  // the earliest item is the retry, the deadline (10 min) comes last
    }
    REQUIRE(waitUntil([&] { return outcome->result.has_value(); }, 3000));
}

// A throw-away certificate made with the openssl CLI: self-signed, for commonName, valid
// between the given dates (openssl ca -startdate/-enddate format) or for two days.
struct TestCertificate {
    QSslCertificate certificate;
    QSslKey key;
};

std::optional<TestCertificate> makeCertificate(const QString &commonName, const QString &start = {}, const QString &end = {})
{
    QTemporaryDir dir;
    if (!dir.isValid() || QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
        return std::nullopt;
    QFile index(dir.filePath(QStringLiteral("index.txt")));
    QFile serial(dir.filePath(QStringLiteral("serial")));
    QFile config(dir.filePath(QStringLiteral("ca.cnf")));
    if (!index.open(QIODevice::WriteOnly) || !serial.open(QIODevice::WriteOnly) || !config.open(QIODevice::WriteOnly))
        return std::nullopt;
    serial.write("01\n");
    config.write("[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\n"
                 "default_md = sha256\npolicy = p\n[p]\ncommonName = supplied\n");
    index.close();
    serial.close();
    config.close();
    auto openssl = [&](const QStringList &args) {
        QProcess p;
        p.setWorkingDirectory(dir.path());
        p.start(QStringLiteral("openssl"), args);
        return p.waitForFinished(30'000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    };
    QStringList validity{QStringLiteral("-days"), QStringLiteral("2")};
    if (!start.isEmpty())
        validity = QStringList{QStringLiteral("-startdate"), start, QStringLiteral("-enddate"), end};
    const bool made = openssl({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                               QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                               QStringLiteral("-keyout"), QStringLiteral("key.pem"), QStringLiteral("-out"), QStringLiteral("csr.pem"),
                               QStringLiteral("-subj"), QStringLiteral("/CN=") + commonName})
        && openssl(QStringList{QStringLiteral("ca"), QStringLiteral("-batch"), QStringLiteral("-config"), QStringLiteral("ca.cnf"),
                               QStringLiteral("-selfsign"), QStringLiteral("-keyfile"), QStringLiteral("key.pem"),
                               QStringLiteral("-in"), QStringLiteral("csr.pem"), QStringLiteral("-out"), QStringLiteral("cert.pem")}
                   + validity);
    if (!made)
        return std::nullopt;
    QFile cert(dir.filePath(QStringLiteral("cert.pem")));
    QFile key(dir.filePath(QStringLiteral("key.pem")));
    if (!cert.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly))
        return std::nullopt;
    TestCertificate out{QSslCertificate(cert.readAll()), QSslKey(key.readAll(), QSsl::Ec)};
    if (out.certificate.isNull() || out.key.isNull())
        return std::nullopt;
    return out;
}

} // namespace

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

TEST_CASE("TLS failures are hard errors that name the reason", "[http][tls]")
{
    if (!QSslSocket::supportsSsl()) {
        WARN("no TLS backend: skipped");
        return;
    }
    QString commonName = QStringLiteral("127.0.0.1");
    QString start;
    QString end;
    QString expected;
    SECTION("self-signed for another host")
    {
        commonName = QStringLiteral("wrong-host.invalid");
        expected = QStringLiteral("self-signed");
    }
    SECTION("expired")
    {
        start = QStringLiteral("20200101000000Z");
        end = QStringLiteral("20200102000000Z");
        expected = QStringLiteral("expired");
    }
    const auto cert = makeCertificate(commonName, start, end);
    if (!cert) {
        WARN("openssl CLI unavailable: skipped");
        return;
    }
    QSslServer server;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(cert->certificate);
    config.setPrivateKey(cert->key);
    server.setSslConfiguration(config);
    REQUIRE(server.listen(QHostAddress::LocalHost, 0));

    HttpClient client;
    HttpRequest req = get(QUrl(QStringLiteral("https://127.0.0.1:%1/").arg(server.serverPort())));
    req.authHeaders = {{"Authorization", "Bearer test-token-not-real"}};
    const auto result = run(client, req);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == ErrorKind::Network);
    INFO(result.error().toString().toStdString());
    CHECK(result.error().message.startsWith(QStringLiteral("TLS error: ")));
    CHECK(result.error().message.contains(expected, Qt::CaseInsensitive));
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

TEST_CASE("a CA bundle makes a private CA trusted, verification stays on", "[http][tls]")
{
    REQUIRE(QSslSocket::supportsSsl());
    const auto cert = makeCertificate(QStringLiteral("127.0.0.1"));
    REQUIRE(cert.has_value());
    QSslServer server;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(cert->certificate);
    config.setPrivateKey(cert->key);
    server.setSslConfiguration(config);
    REQUIRE(server.listen(QHostAddress::LocalHost, 0));
    QObject::connect(&server, &QTcpServer::pendingConnectionAvailable, &server, [&server] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                if (!socket->readAll().contains("\r\n\r\n"))
                    return;
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 7\r\nConnection: close\r\n\r\ntrusted");
                socket->disconnectFromHost();
            });
        }
    });
    const QUrl url(QStringLiteral("https://127.0.0.1:%1/").arg(server.serverPort()));

    HttpClient plain;
    const auto refused = run(plain, get(url));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.startsWith(QStringLiteral("TLS error: ")));

    QTemporaryDir dir;
    const QString bundle = dir.filePath(QStringLiteral("company-ca.pem"));
    QFile pem(bundle);
    REQUIRE(pem.open(QIODevice::WriteOnly));
    pem.write(cert->certificate.toPem());
    pem.close();
    HttpClient withCa;
    REQUIRE(withCa.addCaCertificates(bundle).ok());
    const auto trusted = run(withCa, get(url));
    INFO((trusted ? QString() : trusted.error().toString()).toStdString());
    REQUIRE(trusted.ok());
    CHECK(trusted->body == "trusted");

    // A file without a certificate is refused with a message naming it.
    const QString empty = dir.filePath(QStringLiteral("empty.pem"));
    QFile e(empty);
    REQUIRE(e.open(QIODevice::WriteOnly));
    e.write("not a certificate\n");
    e.close();
    const Status bad = withCa.addCaCertificates(empty);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.contains(QStringLiteral("empty.pem")));
}
