// The demo sandbox, exercised over real HTTP with a plain QNetworkAccessManager (not the
// project's HttpClient), against what docs/api-reference.md says the providers do.
#include <catch2/catch.hpp>

#include "sandbox/sandbox.h"
#include "sandbox/sandboxworld.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSet>
#include <QUrlQuery>

#include <sodium.h>

using namespace opsdeck;

namespace {

const QDateTime kNow(QDate(2026, 11, 29), QTime(7, 0), Qt::UTC);

struct Reply {
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QJsonArray array() const { return QJsonDocument::fromJson(body).array(); }
};

using Headers = QList<std::pair<QByteArray, QByteArray>>;

Reply call(QNetworkAccessManager &nam, const QByteArray &method, const QUrl &url, const Headers &headers,
           const QByteArray &body = {})
{
    QNetworkRequest request(url);
    for (const auto &h : headers)
        request.setRawHeader(h.first, h.second);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = nam.sendCustomRequest(request, method, body);
    REQUIRE(test::waitUntil([reply] { return reply->isFinished(); }));
    Reply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.error = reply->error();
    out.body = reply->readAll();
    out.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return out;
}

QUrl at(const QUrl &base, const QString &path, const QString &query = {})
{
    QUrl url = base;
    url.setPath(base.path() + path);
    if (!query.isEmpty())
        url.setQuery(query);
    return url;
}

const Headers kVercel = {{"Authorization", QByteArray("Bearer ") + Sandbox::kVercelToken}};
const Headers kGithub = {{"Authorization", QByteArray("Bearer ") + Sandbox::kGithubToken},
                         {"Accept", "application/vnd.github+json"}, {"User-Agent", "opsdeck-tests"}};
const Headers kOpenAi = {{"Authorization", QByteArray("Bearer ") + Sandbox::kOpenAiKey}};
const Headers kAnthropic = {{"x-api-key", Sandbox::kAnthropicKey}, {"anthropic-version", "2023-06-01"}};

QUrl linkRel(const QByteArray &link, const QString &rel)
{
    static const QRegularExpression part(QStringLiteral("<([^>]+)>;\\s*rel=\"([a-z]+)\""));
    auto it = part.globalMatch(QString::fromLatin1(link));
    while (it.hasNext()) {
        const auto m = it.next();
        if (m.captured(2) == rel)
            return QUrl(m.captured(1), QUrl::StrictMode);
    }
    return {};
}

struct Fixture {
    Sandbox sandbox{SandboxOptions{0, 42, kNow}};
    QNetworkAccessManager nam;
    Fixture() { REQUIRE(sandbox.start().ok()); }
    Reply get(const QUrl &url, const Headers &headers) { return call(nam, "GET", url, headers); }
};

// Walks a usage/cost report through next_page; returns day -> dollars (centsToDollars for Anthropic).
QMap<QDate, double> dailyDollars(Fixture &f, const QUrl &base, const QString &path, const QString &query,
                                 const Headers &headers, bool anthropic, int *pages)
{
    QMap<QDate, double> days;
    QString page;
    *pages = 0;
    do {
        const Reply r = f.get(at(base, path, query + (page.isEmpty() ? QString() : QStringLiteral("&page=") + page)), headers);
        REQUIRE(r.status == 200);
        ++*pages;
        for (const QJsonValue &bucket : r.json().value(QStringLiteral("data")).toArray()) {
            const QJsonObject b = bucket.toObject();
            const QDate day = anthropic ? QDateTime::fromString(b.value(QStringLiteral("starting_at")).toString(), Qt::ISODate).date()
                                        : QDateTime::fromSecsSinceEpoch(b.value(QStringLiteral("start_time")).toInteger(), Qt::UTC).date();
            for (const QJsonValue &result : b.value(QStringLiteral("results")).toArray()) {
                const QJsonValue amount = result.toObject().value(QStringLiteral("amount"));
                if (anthropic) {
                    REQUIRE(amount.isString());  // a decimal string in cents
                    days[day] += amount.toString().toDouble() / 100.0;
                } else {
                    days[day] += amount.toObject().value(QStringLiteral("value")).toDouble();
                }
            }
        }
        page = r.json().value(QStringLiteral("next_page")).toString();
        REQUIRE(r.json().value(QStringLiteral("has_more")).toBool() == !page.isEmpty());
    } while (!page.isEmpty());
    return days;
}

} // namespace

TEST_CASE("Vercel deployments page with until=pagination.next and cover every deployment once", "[sandbox]")
{
    Fixture f;
    QSet<QString> seen;
    QList<qint64> created;
    int pages = 0;
    QString until;
    while (true) {
        QString query = QStringLiteral("projectId=prj_demo_web&teamId=team_demo&limit=7");
        if (!until.isEmpty())
            query += QStringLiteral("&until=") + until;
        const Reply r = f.get(at(f.sandbox.vercelApi(), QStringLiteral("/v6/deployments"), query), kVercel);
        REQUIRE(r.status == 200);
        ++pages;
        const QJsonArray items = r.json().value(QStringLiteral("deployments")).toArray();
        const QJsonObject pagination = r.json().value(QStringLiteral("pagination")).toObject();
        CHECK(pagination.value(QStringLiteral("count")).toInt() == items.size());
        for (const QJsonValue &v : items) {
            seen.insert(v.toObject().value(QStringLiteral("uid")).toString());
            created.append(v.toObject().value(QStringLiteral("created")).toInteger());
        }
        if (pagination.value(QStringLiteral("next")).isNull())
            break;
        CHECK(pagination.value(QStringLiteral("next")).toInteger() == created.last());
        until = QString::number(pagination.value(QStringLiteral("next")).toInteger());
    }
    CHECK(pages == 6);
    CHECK(created.size() == 40);
    CHECK(seen.size() == 40);  // no duplicates across page boundaries
    CHECK(std::is_sorted(created.crbegin(), created.crend()));

    const Reply failed = f.get(at(f.sandbox.vercelApi(), QStringLiteral("/v6/deployments"),
                                  QStringLiteral("projectId=web&teamId=team_demo&state=ERROR&limit=100")), kVercel);
    CHECK(failed.json().value(QStringLiteral("deployments")).toArray().size() == 1);

    const QString current = f.sandbox.world().productionDeploymentId();
    const Reply single = f.get(at(f.sandbox.vercelApi(), QStringLiteral("/v13/deployments/") + current,
                                  QStringLiteral("teamId=team_demo")), kVercel);
    REQUIRE(single.status == 200);
    CHECK(single.json().value(QStringLiteral("id")).toString() == current);
    CHECK_FALSE(single.json().contains(QStringLiteral("uid")));
    CHECK(single.json().value(QStringLiteral("alias")).toArray().contains(QStringLiteral("web.acme.com")));
}

TEST_CASE("Vercel answers bad credentials and scopes with its own error bodies", "[sandbox]")
{
    Fixture f;
    const QUrl url = at(f.sandbox.vercelApi(), QStringLiteral("/v6/deployments"), QStringLiteral("teamId=team_demo"));
    const Reply wrong = f.get(url, {{"Authorization", "Bearer test-token-not-real"}});
    CHECK(wrong.status == 403);
    CHECK(wrong.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString() == QLatin1String("forbidden"));
    CHECK(f.get(url, {}).status == 401);
    const Reply otherTeam = f.get(at(f.sandbox.vercelApi(), QStringLiteral("/v9/projects/web"), QStringLiteral("teamId=team_other")), kVercel);
    CHECK(otherTeam.status == 403);
    const Reply missing = f.get(at(f.sandbox.vercelApi(), QStringLiteral("/v13/deployments/dpl_nope"), QStringLiteral("teamId=team_demo")), kVercel);
    CHECK(missing.status == 404);
    CHECK(missing.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString() == QLatin1String("not_found"));
}

TEST_CASE("GitHub, OpenAI and Anthropic answer a wrong or missing credential with their own 401 bodies", "[sandbox]")
{
    Fixture f;
    // GitHub: {"message", "documentation_url"}.
    const QUrl runs = at(f.sandbox.githubApi(), QStringLiteral("/repos/acme/web/actions/runs"), QString());
    const std::pair<Headers, const char *> cases[] = {{Headers{{"Authorization", "Bearer test-token-not-real"}}, "Bad credentials"},
                                                      {Headers{}, "Requires authentication"}};
    for (const auto &[headers, message] : cases) {
        const Reply r = f.get(runs, headers);
        CHECK(r.status == 401);
        CHECK(r.json().value(QStringLiteral("message")).toString() == QLatin1String(message));
        CHECK(r.json().contains(QStringLiteral("documentation_url")));
    }
    // OpenAI: {"error": {"message", "type", "param", "code"}}.
    const QUrl costs = at(f.sandbox.openaiApi(), QStringLiteral("/v1/organization/costs"), QStringLiteral("start_time=1764547200"));
    const Reply openai = f.get(costs, {{"Authorization", "Bearer sk-wrong-not-real"}});
    CHECK(openai.status == 401);
    const QJsonObject oe = openai.json().value(QStringLiteral("error")).toObject();
    CHECK_FALSE(oe.value(QStringLiteral("message")).toString().isEmpty());
    CHECK(oe.contains(QStringLiteral("type")));
    CHECK(oe.contains(QStringLiteral("code")));
    // Anthropic: {"type": "error", "error": {"type": "authentication_error", ...}, "request_id"}.
    const QUrl report = at(f.sandbox.anthropicApi(), QStringLiteral("/v1/organizations/cost_report"),
                           QStringLiteral("starting_at=2026-11-01T00:00:00Z"));
    const Reply anthropic = f.get(report, {{"x-api-key", "wrong-anthropic-key-not-real"}, {"anthropic-version", "2023-06-01"}});
    CHECK(anthropic.status == 401);
    CHECK(anthropic.json().value(QStringLiteral("type")).toString() == QLatin1String("error"));
    CHECK(anthropic.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString()
          == QLatin1String("authentication_error"));
    CHECK(anthropic.json().value(QStringLiteral("request_id")).toString().startsWith(QLatin1String("req_")));
}

TEST_CASE("A rollback moves pending -> in-progress -> succeeded and switches production once", "[sandbox]")
{
    Fixture f;
    const QUrl api = f.sandbox.vercelApi();
    const Reply candidates = f.get(at(api, QStringLiteral("/v6/deployments"),
                                      QStringLiteral("projectId=prj_demo_web&teamId=team_demo&target=production&rollbackCandidate=true")),
                                   kVercel);
    const QString target = candidates.json().value(QStringLiteral("deployments")).toArray().at(0).toObject().value(QStringLiteral("uid")).toString();
    const QString before = f.sandbox.world().productionDeploymentId();
    REQUIRE(!target.isEmpty());
    REQUIRE(target != before);

    const Reply posted = call(f.nam, "POST", at(api, QStringLiteral("/v1/projects/prj_demo_web/rollback/") + target,
                                                QStringLiteral("teamId=team_demo&description=bad%20deploy")), kVercel);
    CHECK(posted.status == 201);
    CHECK(f.sandbox.rollbackPostCount() == 1);

    QStringList statuses;
    int switches = 0;
    QString production = before;
    for (int poll = 0; poll < 10 && !statuses.contains(QStringLiteral("succeeded")); ++poll) {
        const QJsonObject project = f.get(at(api, QStringLiteral("/v9/projects/prj_demo_web"), QStringLiteral("teamId=team_demo")), kVercel).json();
        const QJsonObject request = project.value(QStringLiteral("lastAliasRequest")).toObject();
        CHECK(request.value(QStringLiteral("toDeploymentId")).toString() == target);
        CHECK(request.value(QStringLiteral("type")).toString() == QLatin1String("rollback"));
        const QString status = request.value(QStringLiteral("jobStatus")).toString();
        if (statuses.isEmpty() || statuses.last() != status)
            statuses.append(status);
        const QString now = project.value(QStringLiteral("targets")).toObject().value(QStringLiteral("production")).toObject().value(QStringLiteral("id")).toString();
        CHECK(now == (status == QLatin1String("succeeded") ? target : before));  // only once it succeeded
        switches += now != production ? 1 : 0;
        production = now;
    }
    CHECK(statuses == QStringList{QStringLiteral("pending"), QStringLiteral("in-progress"), QStringLiteral("succeeded")});
    CHECK(switches == 1);
    const Reply old = f.get(at(api, QStringLiteral("/v13/deployments/") + before, QStringLiteral("teamId=team_demo")), kVercel);
    CHECK_FALSE(old.json().value(QStringLiteral("alias")).toArray().contains(QStringLiteral("web.acme.com")));

    SECTION("deployments that cannot take production are refused with Vercel error bodies")
    {
        QString failed, preview;
        for (const SandboxDeployment &d : f.sandbox.world().deployments()) {
            if (d.state == QLatin1String("ERROR"))
                failed = d.uid;
            if (!d.production && preview.isEmpty())
                preview = d.uid;
        }
        const Reply notReady = call(f.nam, "POST", at(api, QStringLiteral("/v9/projects/prj_demo_web/rollback/") + failed,
                                                      QStringLiteral("teamId=team_demo")), kVercel, "{}");
        CHECK(notReady.status == 422);
        CHECK(notReady.json().value(QStringLiteral("error")).toObject().contains(QStringLiteral("code")));
        const Reply notCandidate = call(f.nam, "POST", at(api, QStringLiteral("/v1/projects/prj_demo_web/rollback/") + preview,
                                                          QStringLiteral("teamId=team_demo")), kVercel);
        CHECK(notCandidate.status == 409);
        CHECK(f.sandbox.rollbackPostCount() == 3);
        CHECK(f.sandbox.world().productionDeploymentId() == target);
    }
}

TEST_CASE("GitHub runs: Link pagination walks every page; ETag answers 304 without spending the limit", "[sandbox]")
{
    Fixture f;
    QUrl next = at(f.sandbox.githubApi(), QStringLiteral("/repos/acme/web/actions/runs"), QStringLiteral("per_page=25"));
    QSet<qint64> ids;
    int pages = 0;
    int recentFailures = 0;
    qint64 remaining = -1;
    while (next.isValid()) {
        const Reply r = f.get(next, kGithub);
        REQUIRE(r.status == 200);
        CHECK(next.toString().startsWith(f.sandbox.githubApi().toString()));
        const qint64 left = r.header("x-ratelimit-remaining").toLongLong();
        CHECK(r.header("x-ratelimit-limit") == "5000");
        CHECK((remaining < 0 || left == remaining - 1));
        remaining = left;
        CHECK(r.json().value(QStringLiteral("total_count")).toInt() == 60);
        for (const QJsonValue &v : r.json().value(QStringLiteral("workflow_runs")).toArray()) {
            const QJsonObject run = v.toObject();
            ids.insert(run.value(QStringLiteral("id")).toInteger());
            const QDateTime createdAt = QDateTime::fromString(run.value(QStringLiteral("created_at")).toString(), Qt::ISODate);
            if (run.value(QStringLiteral("conclusion")).toString() == QLatin1String("failure") && createdAt >= kNow.addDays(-1))
                ++recentFailures;
        }
        if (pages == 0)
            CHECK(linkRel(r.header("Link"), QStringLiteral("last")).isValid());
        ++pages;
        next = linkRel(r.header("Link"), QStringLiteral("next"));
    }
    CHECK(pages == 3);
    CHECK(ids.size() == 60);
    CHECK((recentFailures == 4 || recentFailures == 5));

    const QUrl first = at(f.sandbox.githubApi(), QStringLiteral("/repos/acme/web/actions/runs"), QStringLiteral("per_page=25"));
    const Reply fresh = f.get(first, kGithub);
    const QByteArray etag = fresh.header("ETag");
    REQUIRE(!etag.isEmpty());
    Headers conditional = kGithub;
    conditional.append({"If-None-Match", etag});
    const Reply cached = f.get(first, conditional);
    CHECK(cached.status == 304);
    CHECK(cached.body.isEmpty());
    CHECK(cached.header("x-ratelimit-remaining") == fresh.header("x-ratelimit-remaining"));
    CHECK(f.get(first, {{"Authorization", "Bearer test-token-not-real"}, {"User-Agent", "t"}}).json().value(QStringLiteral("message")).toString()
          == QLatin1String("Bad credentials"));
}

TEST_CASE("GitHub re-run is accepted with 201; the run is queued, runs, then completes", "[sandbox]")
{
    Fixture f;
    qint64 failed = 0;
    int attempt = 0;
    for (const SandboxRun &run : f.sandbox.world().runs()) {
        if (run.conclusion == QLatin1String("failure") && failed == 0) {
            failed = run.id;
            attempt = run.runAttempt;
        }
    }
    const QString path = QStringLiteral("/repos/acme/web/actions/runs/%1").arg(failed);
    const Reply rerun = call(f.nam, "POST", at(f.sandbox.githubApi(), path + QStringLiteral("/rerun-failed-jobs")), kGithub);
    CHECK(rerun.status == 201);
    CHECK(rerun.body.isEmpty());
    QStringList statuses;
    for (int i = 0; i < 5; ++i) {
        const QJsonObject run = f.get(at(f.sandbox.githubApi(), path), kGithub).json();
        CHECK(run.value(QStringLiteral("run_attempt")).toInt() == attempt + 1);
        if (statuses.isEmpty() || statuses.last() != run.value(QStringLiteral("status")).toString())
            statuses.append(run.value(QStringLiteral("status")).toString());
    }
    CHECK(statuses == QStringList{QStringLiteral("queued"), QStringLiteral("in_progress"), QStringLiteral("completed")});
    CHECK(f.sandbox.world().run(failed)->conclusion == QLatin1String("success"));
}

TEST_CASE("GitHub secrets: a sealed box made with the served key is opened by the sandbox", "[sandbox]")
{
    Fixture f;
    REQUIRE(sodium_init() >= 0);
    const QUrl secrets = at(f.sandbox.githubApi(), QStringLiteral("/repos/acme/web/actions/secrets"));
    const QJsonObject key = f.get(at(f.sandbox.githubApi(), QStringLiteral("/repos/acme/web/actions/secrets/public-key")), kGithub).json();
    const QByteArray pk = QByteArray::fromBase64(key.value(QStringLiteral("key")).toString().toLatin1());
    REQUIRE(pk.size() == crypto_box_PUBLICKEYBYTES);
    const auto seal = [&](const QByteArray &plain) {
        QByteArray sealed(plain.size() + crypto_box_SEALBYTES, Qt::Uninitialized);
        crypto_box_seal(reinterpret_cast<unsigned char *>(sealed.data()), reinterpret_cast<const unsigned char *>(plain.constData()),
                        static_cast<unsigned long long>(plain.size()), reinterpret_cast<const unsigned char *>(pk.constData()));
        return sealed.toBase64();
    };
    const auto put = [&](const QString &name, const QByteArray &encrypted, const QString &keyId) {
        const QJsonObject body{{QStringLiteral("encrypted_value"), QString::fromLatin1(encrypted)}, {QStringLiteral("key_id"), keyId}};
        return call(f.nam, "PUT", at(secrets, QLatin1Char('/') + name), kGithub, QJsonDocument(body).toJson());
    };
    const QString keyId = key.value(QStringLiteral("key_id")).toString();

    CHECK(put(QStringLiteral("OPSDECK_TEST_TOKEN"), seal("test-token-not-real-1"), keyId).status == 201);
    CHECK(f.sandbox.decryptedSecret(QStringLiteral("OPSDECK_TEST_TOKEN")) == QByteArray("test-token-not-real-1"));
    const QString created = f.get(at(secrets, QStringLiteral("/OPSDECK_TEST_TOKEN")), kGithub).json().value(QStringLiteral("updated_at")).toString();

    CHECK(put(QStringLiteral("OPSDECK_TEST_TOKEN"), seal("test-token-not-real-2"), keyId).status == 204);
    CHECK(f.sandbox.decryptedSecret(QStringLiteral("OPSDECK_TEST_TOKEN")) == QByteArray("test-token-not-real-2"));
    const QJsonObject listed = f.get(secrets, kGithub).json();
    QString updated;
    for (const QJsonValue &s : listed.value(QStringLiteral("secrets")).toArray()) {
        if (s.toObject().value(QStringLiteral("name")).toString() == QLatin1String("OPSDECK_TEST_TOKEN"))
            updated = s.toObject().value(QStringLiteral("updated_at")).toString();
    }
    CHECK(listed.value(QStringLiteral("total_count")).toInt() == 5);
    CHECK(QDateTime::fromString(updated, Qt::ISODate) > QDateTime::fromString(created, Qt::ISODate));

    CHECK(put(QStringLiteral("OTHER"), seal("x"), QStringLiteral("0000")).status == 422);          // wrong key_id
    CHECK(put(QStringLiteral("OTHER"), QByteArray("bm90IGEgYm94").toBase64(), keyId).status == 422);  // not a sealed box
    CHECK(put(QStringLiteral("GITHUB_TOKEN"), seal("x"), keyId).status == 422);
    CHECK(put(QStringLiteral("1ABC"), seal("x"), keyId).status == 422);
    CHECK_FALSE(f.sandbox.decryptedSecret(QStringLiteral("OTHER")).has_value());
}

TEST_CASE("GitHub pull requests and Dependabot cursor pagination follow the reference", "[sandbox]")
{
    Fixture f;
    const QUrl pulls = at(f.sandbox.githubApi(), QStringLiteral("/repos/acme/web/pulls"));
    const QByteArray body = R"({"title":"Rotate keys","head":"opsdeck/rotate","base":"main"})";
    const Reply created = call(f.nam, "POST", pulls, kGithub, body);
    CHECK(created.status == 201);
    CHECK(created.json().value(QStringLiteral("head")).toObject().value(QStringLiteral("ref")).toString() == QLatin1String("opsdeck/rotate"));
    CHECK(call(f.nam, "POST", pulls, kGithub, body).status == 422);  // one already exists for that head

    const QUrl alerts = at(f.sandbox.githubApi(), QStringLiteral("/repos/acme/web/dependabot/alerts"));
    const Reply paged = f.get(at(alerts, {}, QStringLiteral("page=2")), kGithub);
    CHECK(paged.status == 400);
    CHECK(paged.json().value(QStringLiteral("message")).toString().contains(QLatin1String("`page` parameter is not supported")));
    QSet<int> numbers;
    QUrl next = at(alerts, {}, QStringLiteral("per_page=5"));
    while (next.isValid()) {
        const Reply r = f.get(next, kGithub);
        REQUIRE(r.status == 200);
        for (const QJsonValue &a : r.array())
            numbers.insert(a.toObject().value(QStringLiteral("number")).toInt());
        next = linkRel(r.header("Link"), QStringLiteral("next"));
        CHECK((!next.isValid() || QUrlQuery(next).hasQueryItem(QStringLiteral("after"))));
    }
    CHECK(numbers.size() == 12);
}

TEST_CASE("Costs: Anthropic cents strings and OpenAI dollars add up to the world, with one spike day", "[sandbox]")
{
    Fixture f;
    const SandboxWorld &world = f.sandbox.world();
    const QList<QDate> days = world.costs().days();
    const QString start = QDateTime(days.first(), QTime(0, 0), Qt::UTC).toString(Qt::ISODate);
    int pages = 0;
    const QMap<QDate, double> anthropic = dailyDollars(f, f.sandbox.anthropicApi(), QStringLiteral("/v1/organizations/cost_report"),
                                                       QStringLiteral("starting_at=") + start + QStringLiteral("&group_by[]=description"),
                                                       kAnthropic, true, &pages);
    CHECK(pages == 5);  // 30 daily buckets, 7 per page by default
    const QString startSec = QString::number(QDateTime(days.first(), QTime(0, 0), Qt::UTC).toSecsSinceEpoch());
    const QMap<QDate, double> openai = dailyDollars(f, f.sandbox.openaiApi(), QStringLiteral("/v1/organization/costs"),
                                                    QStringLiteral("start_time=") + startSec + QStringLiteral("&group_by=line_item&limit=30"),
                                                    kOpenAi, false, &pages);
    CHECK(pages == 1);
    double anthropicTotal = 0;
    double truth = 0;
    QList<QDate> over50;
    for (const QDate &day : days) {
        CHECK(anthropic.value(day) == Approx(world.costUsd(QStringLiteral("anthropic"), day)).margin(1e-6));
        CHECK(openai.value(day) == Approx(world.costUsd(QStringLiteral("openai"), day)).margin(1e-6));
        anthropicTotal += anthropic.value(day);
        truth += world.costUsd(QStringLiteral("anthropic"), day);
        const double total = anthropic.value(day) + openai.value(day);
        if (total > 50)
            over50.append(day);
        else if (day != days.last())
            CHECK((total >= 15 && total <= 40));
    }
    CHECK(anthropicTotal == Approx(truth).margin(1e-6));
    CHECK(over50 == QList<QDate>{world.spikeDay()});

    const Reply noVersion = f.get(at(f.sandbox.anthropicApi(), QStringLiteral("/v1/organizations/cost_report"),
                                     QStringLiteral("starting_at=") + start), {{"x-api-key", Sandbox::kAnthropicKey}});
    CHECK(noVersion.status == 400);
    CHECK(noVersion.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString() == QLatin1String("invalid_request_error"));
    CHECK(noVersion.json().value(QStringLiteral("request_id")).toString().toLatin1() == noVersion.header("request-id"));
}

TEST_CASE("Runtime logs stream NDJSON with five error signatures and end with the delimiter", "[sandbox]")
{
    Fixture f;
    const QString deployment = f.sandbox.world().productionDeploymentId();
    const Reply r = f.get(at(f.sandbox.vercelApi(), QStringLiteral("/v1/projects/prj_demo_web/deployments/%1/runtime-logs").arg(deployment),
                             QStringLiteral("teamId=team_demo")), kVercel);
    REQUIRE(r.status == 200);
    CHECK(r.header("Content-Type") == "application/stream+json");
    const QList<QByteArray> lines = r.body.trimmed().split('\n');
    QSet<QString> signatures;
    int errors = 0;
    for (const QByteArray &line : lines.mid(0, lines.size() - 1)) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        CHECK(o.value(QStringLiteral("timestampInMs")).toInteger() >= kNow.addDays(-1).toMSecsSinceEpoch());
        if (o.value(QStringLiteral("level")).toString() == QLatin1String("error")) {
            ++errors;
            signatures.insert(o.value(QStringLiteral("message")).toString().replace(QRegularExpression(QStringLiteral("[0-9]+")), QStringLiteral("#")));
        }
    }
    CHECK(errors == 40);
    CHECK(signatures.size() == 5);
    const QJsonObject last = QJsonDocument::fromJson(lines.last()).object();
    CHECK(last.value(QStringLiteral("rowId")).toString().isEmpty());
    CHECK(last.value(QStringLiteral("source")).toString() == QLatin1String("delimiter"));

    // The CLI's historical endpoint: 0-based pages scoped by ownerId.
    const QUrl requestLogs = at(f.sandbox.vercelApi(), QStringLiteral("/api/logs/request-logs"),
                                QStringLiteral("projectId=prj_demo_web&ownerId=team_demo&page=0&level=error&startDate=%1&endDate=%2")
                                    .arg(kNow.addDays(-1).toMSecsSinceEpoch()).arg(kNow.toMSecsSinceEpoch()));
    const QJsonObject rows = f.get(requestLogs, kVercel).json();
    CHECK(rows.value(QStringLiteral("rows")).toArray().size() == 40);
    CHECK_FALSE(rows.value(QStringLiteral("hasMoreRows")).toBool());
    CHECK(rows.value(QStringLiteral("rows")).toArray().at(0).toObject().value(QStringLiteral("logs")).toArray().at(0).toObject()
              .value(QStringLiteral("level")).toString() == QLatin1String("error"));
}

TEST_CASE("Fault switches produce each provider's own failure", "[sandbox]")
{
    Fixture f;
    const QUrl keys = at(f.sandbox.anthropicApi(), QStringLiteral("/v1/organizations/api_keys"));
    SandboxFaults faults;
    faults.rateLimitNext = 1;
    faults.retryAfterSec = 7;
    f.sandbox.setFaults(QStringLiteral("anthropic"), faults);
    const Reply limited = f.get(keys, kAnthropic);
    CHECK(limited.status == 429);
    CHECK(limited.header("retry-after") == "7");
    CHECK(limited.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString() == QLatin1String("rate_limit_error"));
    CHECK(f.get(keys, kAnthropic).status == 200);  // only the next request

    faults = {};
    faults.spendLimitNext = true;
    f.sandbox.setFaults(QStringLiteral("anthropic"), faults);
    const Reply spend = f.get(keys, kAnthropic);
    CHECK(spend.status == 429);
    CHECK(spend.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().contains(QLatin1String("spend limit")));

    faults = {};
    faults.rateLimitNext = 1;
    faults.retryAfterSec = 2;
    f.sandbox.setFaults(QStringLiteral("vercel"), faults);
    const Reply vercel = f.get(at(f.sandbox.vercelApi(), QStringLiteral("/v10/projects"), QStringLiteral("teamId=team_demo")), kVercel);
    CHECK(vercel.status == 429);
    CHECK(vercel.header("Retry-After") == "2");
    CHECK(vercel.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("limit")).toObject().value(QStringLiteral("remaining")).toInt() == 0);

    f.sandbox.setFaults(QStringLiteral("github"), faults);
    const Reply github = f.get(at(f.sandbox.githubApi(), QStringLiteral("/repos/acme/web/actions/runs")), kGithub);
    CHECK((github.status == 403 || github.status == 429));
    CHECK(github.header("x-ratelimit-remaining") == "0");

    faults = {};
    faults.htmlErrorNext = true;
    f.sandbox.setFaults(QStringLiteral("openai"), faults);
    const QUrl costs = at(f.sandbox.openaiApi(), QStringLiteral("/v1/organization/costs"), QStringLiteral("start_time=1795000000"));
    const Reply html = f.get(costs, kOpenAi);
    CHECK(html.status == 502);
    CHECK(html.header("Content-Type").startsWith("text/html"));

    faults = {};
    faults.truncateNext = true;
    f.sandbox.setFaults(QStringLiteral("openai"), faults);
    const Reply cut = f.get(costs, kOpenAi);
    CHECK(cut.error != QNetworkReply::NoError);
    CHECK(QJsonDocument::fromJson(cut.body).isNull());

    faults = {};
    faults.slowMs = 300;
    faults.openAiAmountsAsStrings = true;
    f.sandbox.setFaults(QStringLiteral("openai"), faults);
    QElapsedTimer timer;
    timer.start();
    const Reply slow = f.get(costs, kOpenAi);
    CHECK(timer.elapsed() >= 300);
    REQUIRE(slow.status == 200);
    const QJsonArray buckets = slow.json().value(QStringLiteral("data")).toArray();
    REQUIRE(!buckets.isEmpty());
    const QJsonValue value = buckets.at(0).toObject().value(QStringLiteral("results")).toArray().at(0).toObject().value(QStringLiteral("amount")).toObject().value(QStringLiteral("value"));
    CHECK(value.isString());
    CHECK(f.sandbox.requestCount(QStringLiteral("/openai/v1/organization/costs")) == 3);
}

TEST_CASE("The same seed serves identical JSON; another seed a different world", "[sandbox]")
{
    Fixture a;
    Fixture b;
    Sandbox other(SandboxOptions{0, 7, kNow});
    REQUIRE(other.start().ok());
    const auto body = [](Fixture &f, Sandbox &s, const QString &which) {
        const QString start = QString::number(kNow.addDays(-29).toSecsSinceEpoch());
        QByteArray out;
        if (which == QLatin1String("vercel"))
            out = call(f.nam, "GET", at(s.vercelApi(), QStringLiteral("/v6/deployments"), QStringLiteral("teamId=team_demo&limit=100")), kVercel).body;
        else if (which == QLatin1String("github"))
            out = call(f.nam, "GET", at(s.githubApi(), QStringLiteral("/repos/acme/web/actions/runs"), QStringLiteral("per_page=100")), kGithub).body;
        else if (which == QLatin1String("openai"))
            out = call(f.nam, "GET", at(s.openaiApi(), QStringLiteral("/v1/organization/usage/completions"),
                                        QStringLiteral("start_time=") + start + QStringLiteral("&group_by=model&limit=31")), kOpenAi).body;
        else
            out = call(f.nam, "GET", at(s.anthropicApi(), QStringLiteral("/v1/organizations/usage_report/messages"),
                                        QStringLiteral("starting_at=2026-11-01T00:00:00Z&group_by[]=model&limit=31")), kAnthropic).body;
        return out.replace(s.baseUrl().toEncoded(), "BASE");  // links name the port
    };
    for (const QString &which : {QStringLiteral("vercel"), QStringLiteral("github"), QStringLiteral("openai"), QStringLiteral("anthropic")}) {
        INFO(which.toStdString());
        const QByteArray first = body(a, a.sandbox, which);
        CHECK(first.size() > 1000);
        CHECK(first == body(b, b.sandbox, which));
        CHECK(first != body(a, other, which));
    }
}

TEST_CASE("Health endpoint answers ok with seeded latency; Anthropic keys page by after_id", "[sandbox]")
{
    Fixture f;
    const Reply health = f.get(f.sandbox.healthUrl(), {});
    CHECK(health.status == 200);
    CHECK(health.json().value(QStringLiteral("status")).toString() == QLatin1String("ok"));
    CHECK(f.sandbox.requestCount(QStringLiteral("/app")) == 1);

    QStringList ids;
    QString after;
    while (true) {
        const QString query = QStringLiteral("limit=2") + (after.isEmpty() ? QString() : QStringLiteral("&after_id=") + after);
        const QJsonObject page = f.get(at(f.sandbox.anthropicApi(), QStringLiteral("/v1/organizations/api_keys"), query), kAnthropic).json();
        for (const QJsonValue &k : page.value(QStringLiteral("data")).toArray())
            ids.append(k.toObject().value(QStringLiteral("id")).toString());
        if (!page.value(QStringLiteral("has_more")).toBool())
            break;
        after = page.value(QStringLiteral("last_id")).toString();
    }
    CHECK(ids.size() == 4);
    const Reply updated = call(f.nam, "POST", at(f.sandbox.anthropicApi(), QStringLiteral("/v1/organizations/api_keys/") + ids.first()),
                               kAnthropic, R"({"status":"inactive"})");
    CHECK(updated.json().value(QStringLiteral("status")).toString() == QLatin1String("inactive"));
    CHECK(f.sandbox.world().apiKeys().first().status == QLatin1String("inactive"));
}
