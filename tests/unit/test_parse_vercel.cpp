// What OpsDeck reads from Vercel and what it sends there (api-reference.md section 1).
#include <catch2/catch.hpp>

#include "providers/vercel/runtimelogcollector.h"
#include "providers/vercel/vercelparser.h"
#include "providers/vercel/vercelrequests.h"
#include "testsupport.h"

#include <QUrlQuery>

using namespace opsdeck;
using opsdeck::test::fixture;

namespace {
QDateTime utcMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

HttpResponse response(int status, const QByteArray &body)
{
    HttpResponse r;
    r.status = status;
    r.body = body;
    return r;
}

VercelConfig sandboxConfig()
{
    VercelConfig c;
    c.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:8123/vercel"));
    c.token = QStringLiteral("test-token-not-real");
    c.teamId = QStringLiteral("team_acme");
    c.projectId = QStringLiteral("prj_a1");
    return c;
}

QString query(const HttpRequest &r, const char *key)
{
    return QUrlQuery(r.url).queryItemValue(QString::fromLatin1(key), QUrl::FullyDecoded);
}
} // namespace

TEST_CASE("A deployments page becomes typed deployments with the cursor for the next page")
{
    const auto page = parseDeployments(fixture(QStringLiteral("vercel/deployments_page1.json")));
    REQUIRE(page.ok());
    REQUIRE(page->items.size() == 3);
    REQUIRE(page->next == 1767225000000);

    const Deployment &live = page->items.at(0);
    CHECK(live.id == QLatin1String("dpl_8fQk2"));
    CHECK(live.state == QLatin1String("READY"));  // readyState wins over a stale state
    CHECK(live.target == QLatin1String("production"));
    CHECK(live.url == QLatin1String("web-x7k2-acme.vercel.app"));
    CHECK(live.createdAt == utcMs(1767225600000));
    CHECK(live.createdAt.timeSpec() == Qt::UTC);
    CHECK(live.readyAt == utcMs(1767225712000));
    CHECK(live.creator == QLatin1String("maria"));
    CHECK(live.commitSha == QLatin1String("3f9c1e0"));
    CHECK(live.commitRef == QLatin1String("main"));
    CHECK(live.commitMessage == QLatin1String("fix login redirect"));  // escape and bidi override stripped
    CHECK(live.isRollbackCandidate == true);

    const Deployment &uploading = page->items.at(1);
    CHECK(uploading.url.isEmpty());  // url null while the upload is incomplete
    CHECK(uploading.state == QLatin1String("BUILDING"));  // no readyState: falls back to state
    CHECK(uploading.target == QLatin1String("preview"));  // target null = preview
    CHECK(uploading.creator == QLatin1String("octo-dev"));  // no username: githubLogin
    CHECK_FALSE(uploading.isRollbackCandidate.has_value());

    const Deployment &failed = page->items.at(2);
    CHECK(failed.creator == QLatin1String("ops@example.invalid"));  // only an email
    CHECK(failed.target == QLatin1String("staging"));
    CHECK(failed.isRollbackCandidate == false);
}

TEST_CASE("The last deployments page has no next cursor")
{
    const auto page = parseDeployments(fixture(QStringLiteral("vercel/deployments_last.json")));
    REQUIRE(page.ok());
    CHECK_FALSE(page->next.has_value());
    REQUIRE(page->items.size() == 1);
    CHECK(page->items.at(0).creator == QLatin1String("u_9"));
}

TEST_CASE("Broken deployment lists are errors that name Vercel and the field, never empty lists")
{
    struct Case {
        const char *fixture;
        const char *mentions;
    };
    const Case cases[] = {
        {"vercel/deployments_wrongtype.json", "'deployments' is a string, expected an array"},
        {"vercel/deployments_missing_uid.json", "deployments[0].id' is missing"},
        {"vercel/deployments_bad_created.json", "deployments[0].created' is a string"},
        {"vercel/deployments_no_pagination.json", "'pagination' is missing"},
        {"vercel/html_error.html", "HTML page"},
        {"vercel/deployments_truncated.json", "malformed or cut off"},
    };
    for (const Case &c : cases) {
        INFO(c.fixture);
        const auto page = parseDeployments(fixture(QString::fromLatin1(c.fixture)));
        REQUIRE_FALSE(page.ok());
        CHECK(page.error().kind == ErrorKind::BadResponse);
        CHECK(page.error().message.contains(QLatin1String("Vercel")));
        CHECK(page.error().message.contains(QString::fromUtf8(c.mentions)));
    }
    const auto empty = parseDeployments(QByteArray());
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().message.contains(QLatin1String("empty")));
}

TEST_CASE("A single deployment uses `id`, aliases and the build error")
{
    const auto d = parseDeployment(fixture(QStringLiteral("vercel/deployment_single.json")));
    REQUIRE(d.ok());
    CHECK(d->id == QLatin1String("dpl_6bb2"));
    CHECK(d->createdAt == utcMs(1767225000000));
    CHECK(d->aliases == QStringList{QStringLiteral("web.acme.com"), QStringLiteral("www.acme.com")});
    CHECK(d->aliasAssigned == true);  // a timestamp means assigned
    CHECK(d->errorCode == QLatin1String("BUILD_FAILED"));
}

TEST_CASE("A project carries the state of its last alias job")
{
    const auto p = parseProject(fixture(QStringLiteral("vercel/project.json")));
    REQUIRE(p.ok());
    CHECK(p->productionDeploymentId == QLatin1String("dpl_8fQk2"));
    REQUIRE(p->lastAliasRequest.has_value());
    CHECK(p->lastAliasRequest->jobStatus == QLatin1String("in-progress"));
    CHECK(p->lastAliasRequest->toDeploymentId == QLatin1String("dpl_5cc3"));
    CHECK(p->lastAliasRequest->requestedAt == utcMs(1767225900000));
    CHECK(p->lastAliasRequest->type == QLatin1String("rollback"));

    const auto none = parseProject(fixture(QStringLiteral("vercel/project_no_alias.json")));
    REQUIRE(none.ok());
    CHECK_FALSE(none->lastAliasRequest.has_value());
    CHECK(none->productionDeploymentId == QLatin1String("dpl_8fQk2"));  // [unsure] nesting: bare id too

    const auto bad = parseProject(fixture(QStringLiteral("vercel/project_alias_bad.json")));
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.contains(QLatin1String("lastAliasRequest.jobStatus")));
}

TEST_CASE("Project lists accept a continuation token as the next cursor")
{
    const auto page = parseProjects(fixture(QStringLiteral("vercel/projects.json")));
    REQUIRE(page.ok());
    CHECK(page->items.size() == 2);
    CHECK(page->next == QLatin1String("eyJpZCI6InByal9iMiJ9"));
}

TEST_CASE("Runtime logs: lines until the delimiter, malformed lines counted, not guessed")
{
    const RuntimeLogResult r = parseRuntimeLogs(fixture(QStringLiteral("vercel/runtime_logs.ndjson")));
    REQUIRE(r.lines.size() == 3);
    CHECK(r.reachedDelimiter);
    CHECK(r.malformedLines == 1);
    CHECK_FALSE(r.truncatedTail);
    const RuntimeLogLine &err = r.lines.at(1);
    CHECK(err.level == QLatin1String("error"));
    CHECK(err.message.startsWith(QLatin1String("TypeError: x is undefined\n")));  // stack traces keep lines
    CHECK(err.requestPath == QLatin1String("/api/me"));
    CHECK(err.responseStatusCode == 500);
    CHECK(err.timestamp == utcMs(1767225800123));
    for (const RuntimeLogLine &l : r.lines)
        CHECK(l.message != QLatin1String("after the delimiter"));
}

TEST_CASE("Runtime logs tolerate a stream that ends inside a line")
{
    const RuntimeLogResult r = parseRuntimeLogs(fixture(QStringLiteral("vercel/runtime_logs_truncated.ndjson")));
    REQUIRE(r.lines.size() == 1);
    CHECK(r.lines.at(0).message == QLatin1String("first"));
    CHECK(r.truncatedTail);
    CHECK(r.malformedLines == 0);
    CHECK_FALSE(r.reachedDelimiter);
}

TEST_CASE("Runtime logs fed in arbitrary chunks give the same lines, honour since and the line cap")
{
    const QByteArray body = fixture(QStringLiteral("vercel/runtime_logs.ndjson"));
    for (int chunkSize : {1, 7, 64, 4096}) {
        INFO("chunk size " << chunkSize);
        RuntimeLogCollector collector({});
        for (qsizetype i = 0; i < body.size() && !collector.isDone(); i += chunkSize)
            collector.feed(body.mid(i, chunkSize));
        collector.finish();
        CHECK(collector.result().lines.size() == 3);
        CHECK(collector.result().reachedDelimiter);
        CHECK(collector.takeNewLines().size() == 3);
        CHECK(collector.takeNewLines().isEmpty());
    }
    RuntimeLogQuery recent;
    recent.since = utcMs(1767225800500);
    CHECK(parseRuntimeLogs(body, recent).lines.size() == 1);  // only the warning is newer
    RuntimeLogQuery capped;
    capped.maxLines = 2;
    const RuntimeLogResult two = parseRuntimeLogs(body, capped);
    CHECK(two.lines.size() == 2);
    CHECK_FALSE(two.reachedDelimiter);
}

TEST_CASE("Request logs accept ms and ISO timestamps and keep the worst level")
{
    const auto page = parseRequestLogs(fixture(QStringLiteral("vercel/request_logs.json")));
    REQUIRE(page.ok());
    CHECK(page->hasMoreRows);
    REQUIRE(page->items.size() == 2);
    CHECK(page->items.at(0).level == QLatin1String("error"));
    CHECK(page->items.at(0).messages.size() == 2);
    CHECK(page->items.at(0).timestamp == utcMs(1767225800000));
    CHECK(page->items.at(1).timestamp == utcMs(1767225800500));
}

TEST_CASE("Vercel error bodies map to error kinds with the code in the detail")
{
    const QByteArray forbidden = fixture(QStringLiteral("vercel/error_forbidden.json"));
    const Error auth = vercelError(response(403, forbidden));
    CHECK(auth.kind == ErrorKind::Auth);
    CHECK(auth.httpStatus == 403);
    CHECK(auth.message.contains(QLatin1String("Not authorized")));
    CHECK(auth.detail.contains(QLatin1String("forbidden")));
    CHECK(vercelError(response(401, forbidden)).kind == ErrorKind::Auth);
    CHECK(vercelError(response(404, R"({"error":{"code":"not_found","message":"x"}})")).kind == ErrorKind::NotFound);
    CHECK(vercelError(response(409, {})).kind == ErrorKind::Conflict);
    CHECK(vercelError(response(422, {})).kind == ErrorKind::Conflict);
    const Error limited = vercelError(response(429, fixture(QStringLiteral("vercel/error_rate_limited.json"))));
    CHECK(limited.kind == ErrorKind::RateLimited);
    CHECK(limited.detail.contains(QLatin1String("rate_limited")));
    // An HTML 502 from a proxy still gives a readable line.
    const Error gateway = vercelError(response(502, fixture(QStringLiteral("vercel/html_error.html"))));
    CHECK(gateway.message.contains(QLatin1String("HTTP 502")));
}

TEST_CASE("Vercel requests append to a base URL with a path and carry team scope and the token")
{
    const VercelConfig c = sandboxConfig();
    DeploymentQuery q;
    q.target = QStringLiteral("production");
    q.rollbackCandidate = true;
    q.states = {QStringLiteral("READY"), QStringLiteral("ERROR")};
    const HttpRequest first = vercel::listDeploymentsRequest(c, q, 250, {});
    CHECK(first.url.path() == QLatin1String("/vercel/v6/deployments"));
    CHECK(first.url.host() == QLatin1String("127.0.0.1"));
    CHECK(query(first, "teamId") == QLatin1String("team_acme"));
    CHECK(query(first, "projectId") == QLatin1String("prj_a1"));
    CHECK(query(first, "limit") == QLatin1String("100"));  // capped at 100
    CHECK(query(first, "target") == QLatin1String("production"));
    CHECK(query(first, "rollbackCandidate") == QLatin1String("true"));
    CHECK(query(first, "state") == QLatin1String("READY,ERROR"));
    CHECK_FALSE(QUrlQuery(first.url).hasQueryItem(QStringLiteral("until")));
    for (const auto &h : first.headers)
        CHECK(h.first.toLower() != "authorization");  // credentials only in authHeaders (redacted, same host)
    REQUIRE(first.authHeaders.size() == 1);
    CHECK(first.authHeaders.at(0).second == "Bearer test-token-not-real");
    CHECK(first.isIdempotent());

    const HttpRequest next = vercel::listDeploymentsRequest(c, q, 5, 1767225000000);
    CHECK(query(next, "until") == QLatin1String("1767225000000"));
    CHECK(query(next, "limit") == QLatin1String("5"));

    VercelConfig trailing = c;
    trailing.baseUrl = QUrl(QStringLiteral("https://api.vercel.com/"));
    trailing.teamId.clear();
    const HttpRequest personal = vercel::getDeploymentRequest(trailing, QStringLiteral("web-b2-acme.vercel.app"));
    CHECK(personal.url.toString() == QLatin1String("https://api.vercel.com/v13/deployments/web-b2-acme.vercel.app"));
}

TEST_CASE("Rollback uses the documented v1 route with an encoded reason, the v9 fallback sends {}")
{
    const VercelConfig c = sandboxConfig();
    const QString reason = QStringLiteral("5xx spike: a+b & c#1");
    const HttpRequest v1 = vercel::rollbackRequest(c, QStringLiteral("dpl_5cc3"), reason, false);
    CHECK(v1.method == "POST");
    CHECK(v1.url.path() == QLatin1String("/vercel/v1/projects/prj_a1/rollback/dpl_5cc3"));
    CHECK(query(v1, "description") == reason);  // '+', '&' and '#' survive the round trip
    CHECK(query(v1, "teamId") == QLatin1String("team_acme"));
    CHECK_FALSE(v1.isIdempotent());  // never retried automatically
    CHECK(v1.body.isEmpty());

    const HttpRequest v9 = vercel::rollbackRequest(c, QStringLiteral("dpl_5cc3"), reason, true);
    CHECK(v9.url.path() == QLatin1String("/vercel/v9/projects/prj_a1/rollback/dpl_5cc3"));
    CHECK(v9.body == "{}");
    CHECK(v9.header("Content-Type") == "application/json");
    CHECK_FALSE(v9.isIdempotent());

    const HttpRequest promote = vercel::promoteRequest(c, QStringLiteral("dpl/../x"));
    CHECK(promote.url.path(QUrl::FullyEncoded) == QLatin1String("/vercel/v10/projects/prj_a1/promote/dpl%2F..%2Fx"));
    CHECK_FALSE(promote.isIdempotent());
}

TEST_CASE("Runtime and request logs requests")
{
    VercelConfig c = sandboxConfig();
    RuntimeLogQuery q;
    q.since = utcMs(1767225800000);
    const HttpRequest tail = vercel::runtimeLogsRequest(c, QStringLiteral("dpl_8fQk2"), q);
    CHECK(tail.url.path() == QLatin1String("/vercel/v1/projects/prj_a1/deployments/dpl_8fQk2/runtime-logs"));
    CHECK(tail.streaming);
    CHECK(query(tail, "since") == QLatin1String("1767225800000"));

    RequestLogQuery rq;
    rq.start = utcMs(1767139200000);
    rq.end = utcMs(1767225600000);
    rq.levels = {QStringLiteral("error")};
    const HttpRequest sandboxLogs = vercel::requestLogsRequest(c, rq, 2);
    CHECK(sandboxLogs.url.path() == QLatin1String("/vercel/api/logs/request-logs"));  // same host as the API
    CHECK(query(sandboxLogs, "page") == QLatin1String("2"));
    CHECK(query(sandboxLogs, "ownerId") == QLatin1String("team_acme"));
    CHECK(query(sandboxLogs, "level") == QLatin1String("error"));

    c.baseUrl = QUrl(QStringLiteral("https://api.vercel.com"));
    CHECK(vercel::requestLogsRequest(c, rq, 0).url.host() == QLatin1String("vercel.com"));
    c.requestLogsBaseUrl = QUrl(QStringLiteral("https://logs.example.invalid/base"));
    CHECK(vercel::requestLogsRequest(c, rq, 0).url.toString(QUrl::RemoveQuery)
          == QLatin1String("https://logs.example.invalid/base/api/logs/request-logs"));
}
