// What OpsDeck reads from GitHub, what it sends there, and the sealed box for Actions secrets
// (api-reference.md section 2).
#include <catch2/catch.hpp>

#include "providers/github/githubparser.h"
#include "providers/github/githubrequests.h"
#include "providers/github/sealedbox.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

#include <sodium.h>

using namespace opsdeck;
using opsdeck::test::fixture;

namespace {
HttpResponse response(int status, const QByteArray &body, HeaderList headers = {})
{
    HttpResponse r;
    r.status = status;
    r.body = body;
    r.headers = std::move(headers);
    return r;
}

GithubConfig enterpriseConfig()
{
    GithubConfig c;
    c.baseUrl = QUrl(QStringLiteral("https://ghe.example.invalid/api/v3"));
    c.token = QStringLiteral("test-token-not-real");
    c.owner = QStringLiteral("acme");
    c.repo = QStringLiteral("web");
    return c;
}

QString query(const HttpRequest &r, const char *key)
{
    return QUrlQuery(r.url).queryItemValue(QString::fromLatin1(key), QUrl::FullyDecoded);
}
} // namespace

TEST_CASE("Workflow runs become typed runs; a run in progress has no conclusion")
{
    const auto page = parseWorkflowRuns(fixture(QStringLiteral("github/runs.json")));
    REQUIRE(page.ok());
    CHECK(page->totalCount == 2);
    REQUIRE(page->items.size() == 2);
    const WorkflowRun &failed = page->items.at(0);
    CHECK(failed.id == 9123456789LL);
    CHECK(failed.conclusion == QLatin1String("failure"));
    CHECK(failed.runNumber == 412);
    CHECK(failed.actor == QLatin1String("maria"));
    CHECK(failed.createdAt == QDateTime(QDate(2026, 1, 1), QTime(10, 0, 3), Qt::UTC));
    CHECK(failed.updatedAt == QDateTime(QDate(2026, 1, 1), QTime(10, 6, 41), Qt::UTC));
    const WorkflowRun &running = page->items.at(1);
    CHECK(running.status == QLatin1String("in_progress"));
    CHECK(running.conclusion.isEmpty());
    CHECK(running.runAttempt == 1);
}

TEST_CASE("Broken GitHub responses are BadResponse errors naming the field")
{
    struct Case {
        const char *fixture;
        const char *mentions;
    };
    const Case cases[] = {
        {"github/runs_wrongtype.json", "'total_count' is a string, expected a number"},
        {"github/runs_missing_id.json", "'workflow_runs[0].id' is missing"},
        {"github/runs_bad_date.json", "'workflow_runs[0].created_at' is not an ISO 8601 date"},
        {"github/runs_truncated.json", "malformed or cut off"},
        {"vercel/html_error.html", "HTML page"},
    };
    for (const Case &c : cases) {
        INFO(c.fixture);
        const auto page = parseWorkflowRuns(fixture(QString::fromLatin1(c.fixture)));
        REQUIRE_FALSE(page.ok());
        CHECK(page.error().kind == ErrorKind::BadResponse);
        CHECK(page.error().message.contains(QLatin1String("GitHub")));
        CHECK(page.error().message.contains(QString::fromUtf8(c.mentions)));
    }
    // Dependabot alerts are a top-level array: an object there is wrong.
    const auto alerts = parseDependabotAlerts(fixture(QStringLiteral("github/runs.json")));
    REQUIRE_FALSE(alerts.ok());
    CHECK(alerts.error().message.contains(QLatin1String("expected a JSON array")));
}

TEST_CASE("Secrets: the public key must be 32 bytes, the list has names and rotation dates")
{
    const auto key = parsePublicKey(fixture(QStringLiteral("github/public_key.json")));
    REQUIRE(key.ok());
    CHECK(key->keyId == QLatin1String("568250167242549743"));
    const auto shortKey = parsePublicKey(fixture(QStringLiteral("github/public_key_short.json")));
    REQUIRE_FALSE(shortKey.ok());
    CHECK(shortKey.error().message.contains(QLatin1String("32-byte")));

    const auto secrets = parseSecrets(fixture(QStringLiteral("github/secrets.json")));
    REQUIRE(secrets.ok());
    REQUIRE(secrets->items.size() == 2);
    CHECK(secrets->items.at(0).name == QLatin1String("VERCEL_TOKEN"));
    CHECK(secrets->items.at(0).updatedAt == QDateTime(QDate(2026, 11, 1), QTime(8, 0), Qt::UTC));
}

TEST_CASE("Pull requests and Dependabot alerts")
{
    const auto pr = parsePullRequest(fixture(QStringLiteral("github/pull_request.json")));
    REQUIRE(pr.ok());
    CHECK(pr->number == 57);
    CHECK(pr->draft);
    CHECK(pr->headRef == QLatin1String("deps/monthly-updates"));
    CHECK(pr->baseRef == QLatin1String("main"));
    CHECK(pr->htmlUrl == QLatin1String("https://github.com/acme/web/pull/57"));

    const auto alerts = parseDependabotAlerts(fixture(QStringLiteral("github/dependabot_alerts.json")));
    REQUIRE(alerts.ok());
    REQUIRE(alerts->size() == 1);
    const DependabotAlert &a = alerts->at(0);
    CHECK(a.packageName == QLatin1String("next"));
    CHECK(a.severity == QLatin1String("critical"));  // the vulnerability's severity wins
    CHECK(a.firstPatchedVersion == QLatin1String("15.2.3"));
    CHECK(a.cveId == QLatin1String("CVE-2026-0001"));
    CHECK_FALSE(a.fixedAt.isValid());
}

TEST_CASE("GitHub errors: rate limits, permissions, validation and disabled alerts")
{
    const QByteArray forbidden = R"({"message":"Resource not accessible by personal access token"})";
    const Error primary = githubError(response(403, R"({"message":"API rate limit exceeded"})",
                                               {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", "1767229200"}}));
    CHECK(primary.kind == ErrorKind::RateLimited);
    CHECK(primary.detail.contains(QLatin1String("2026-01-01T01:00:00Z")));
    CHECK(githubError(response(429, fixture(QStringLiteral("github/error_secondary.json")))).kind
          == ErrorKind::RateLimited);
    CHECK(githubError(response(403, fixture(QStringLiteral("github/error_secondary.json")))).kind
          == ErrorKind::RateLimited);
    const Error denied = githubError(response(403, forbidden, {{"x-ratelimit-remaining", "4999"}}));
    CHECK(denied.kind == ErrorKind::Auth);
    CHECK(denied.message.contains(QLatin1String("Resource not accessible")));
    CHECK(githubError(response(401, R"({"message":"Bad credentials"})")).kind == ErrorKind::Auth);
    CHECK(githubError(response(404, R"({"message":"Not Found"})")).kind == ErrorKind::NotFound);
    const Error validation = githubError(response(422, fixture(QStringLiteral("github/error_validation.json"))));
    CHECK(validation.kind == ErrorKind::Conflict);
    CHECK(validation.detail.contains(QLatin1String("A pull request already exists")));
    for (int status : {403, 404}) {  // [unsure] which one GitHub sends: both handled
        const Error disabled = githubError(response(status, fixture(QStringLiteral("github/error_dependabot_disabled.json"))));
        CHECK(disabled.kind == ErrorKind::Config);
        CHECK(disabled.message.contains(QLatin1String("disabled")));
    }
}

TEST_CASE("GitHub requests pin the API version, append to an Enterprise base path and never send `page`")
{
    const GithubConfig c = enterpriseConfig();
    WorkflowRunQuery q;
    q.status = QStringLiteral("failure");
    q.branch = QStringLiteral("main");
    q.created = QStringLiteral(">=2026-01-01");
    const HttpRequest runs = github::listWorkflowRunsRequest(c, q, 500);
    CHECK(runs.url.path() == QLatin1String("/api/v3/repos/acme/web/actions/runs"));
    CHECK(query(runs, "per_page") == QLatin1String("100"));
    CHECK(query(runs, "created") == QLatin1String(">=2026-01-01"));
    CHECK(query(runs, "status") == QLatin1String("failure"));
    CHECK(runs.useEtagCache);
    CHECK(runs.header("Accept") == "application/vnd.github+json");
    CHECK(runs.header("X-GitHub-Api-Version") == "2022-11-28");
    REQUIRE(runs.authHeaders.size() == 1);
    CHECK(runs.authHeaders.at(0).second == "Bearer test-token-not-real");

    const HttpRequest rerun = github::rerunRequest(c, 9123456789LL, true);
    CHECK(rerun.url.path() == QLatin1String("/api/v3/repos/acme/web/actions/runs/9123456789/rerun-failed-jobs"));
    CHECK_FALSE(rerun.isIdempotent());

    DependabotQuery dq;
    const HttpRequest alerts = github::dependabotAlertsRequest(c, dq, 100, QStringLiteral("Y3Vyc29yOjEy"));
    CHECK(query(alerts, "after") == QLatin1String("Y3Vyc29yOjEy"));
    CHECK(query(alerts, "state") == QLatin1String("open"));
    CHECK_FALSE(QUrlQuery(alerts.url).hasQueryItem(QStringLiteral("page")));

    const HttpRequest put = github::putSecretRequest(c, QStringLiteral("VERCEL_TOKEN"), "c2VhbGVk", QStringLiteral("k1"));
    CHECK(put.method == "PUT");
    const QJsonObject body = QJsonDocument::fromJson(put.body).object();
    CHECK(body.value(QStringLiteral("encrypted_value")).toString() == QLatin1String("c2VhbGVk"));
    CHECK(body.value(QStringLiteral("key_id")).toString() == QLatin1String("k1"));

    PullRequestDraft draft{QStringLiteral("Monthly updates"), QStringLiteral("deps/monthly-updates"),
                           QStringLiteral("main"), QString(), true};
    const QJsonObject prBody = QJsonDocument::fromJson(github::createPullRequestRequest(c, draft).body).object();
    CHECK(prBody.value(QStringLiteral("draft")).toBool());
    CHECK(prBody.value(QStringLiteral("head")).toString() == QLatin1String("deps/monthly-updates"));
}

TEST_CASE("Secret names follow GitHub's rules")
{
    for (const char *good : {"VERCEL_TOKEN", "_x", "a1", "Db_Password_2"})
        CHECK(github::validateSecretName(QString::fromLatin1(good)).ok());
    for (const char *bad : {"", "1TOKEN", "GITHUB_TOKEN", "github_x", "MY-TOKEN", "MY TOKEN", "TOKEN\n"}) {
        INFO(bad);
        const Status s = github::validateSecretName(QString::fromLatin1(bad));
        REQUIRE_FALSE(s.ok());
        CHECK(s.error().kind == ErrorKind::Config);
    }
}

TEST_CASE("A sealed secret opens with the matching secret key and only with it")
{
    REQUIRE(sodium_init() >= 0);
    unsigned char pk[crypto_box_PUBLICKEYBYTES];
    unsigned char sk[crypto_box_SECRETKEYBYTES];
    crypto_box_keypair(pk, sk);
    const QByteArray publicKey = QByteArray(reinterpret_cast<const char *>(pk), sizeof pk).toBase64();
    const QByteArray plaintext = QByteArrayLiteral("test-token-not-real \xc3\xa9\n");

    const Result<QByteArray> sealed = sealSecret(publicKey, plaintext);
    REQUIRE(sealed.ok());
    const auto ct = QByteArray::fromBase64Encoding(*sealed, QByteArray::AbortOnBase64DecodingErrors);
    REQUIRE(ct);
    REQUIRE(ct.decoded.size() == qsizetype(crypto_box_SEALBYTES) + plaintext.size());
    CHECK_FALSE(ct.decoded.contains(plaintext));

    QByteArray opened(plaintext.size(), '\0');
    REQUIRE(crypto_box_seal_open(reinterpret_cast<unsigned char *>(opened.data()),
                                 reinterpret_cast<const unsigned char *>(ct.decoded.constData()),
                                 static_cast<unsigned long long>(ct.decoded.size()), pk, sk)
            == 0);
    CHECK(opened == plaintext);

    unsigned char otherPk[crypto_box_PUBLICKEYBYTES];
    unsigned char otherSk[crypto_box_SECRETKEYBYTES];
    crypto_box_keypair(otherPk, otherSk);
    CHECK(crypto_box_seal_open(reinterpret_cast<unsigned char *>(opened.data()),
                               reinterpret_cast<const unsigned char *>(ct.decoded.constData()),
                               static_cast<unsigned long long>(ct.decoded.size()), otherPk, otherSk)
          != 0);

    CHECK(*sealSecret(publicKey, plaintext) != *sealed);  // anonymous and random each time
}

TEST_CASE("Sealing refuses keys that are not 32 bytes of standard base64")
{
    const QByteArray thirtyOne = QByteArray(31, 'k').toBase64();
    const QByteArray thirtyThree = QByteArray(33, 'k').toBase64();
    for (const QByteArray &key : {thirtyOne, thirtyThree, QByteArray("not base64 at all!"), QByteArray()}) {
        INFO(key.constData());
        const Result<QByteArray> r = sealSecret(key, "value");
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::BadResponse);
    }
}
