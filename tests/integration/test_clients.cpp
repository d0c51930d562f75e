// The provider clients over real HTTP: against the sandbox (the simulated production) and, for
// answers the sandbox never gives, against a scripted raw HTTP peer.
#include <catch2/catch.hpp>

#include "net/httpclient.h"
#include "providers/anthropic/anthropicclient.h"
#include "providers/github/githubclient.h"
#include "providers/health/healthprobe.h"
#include "providers/openai/openaiclient.h"
#include "providers/vercel/vercelclient.h"
#include "rawhttppeer.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxworld.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QUrlQuery>

#include <sodium.h>

using namespace opsdeck;
using opsdeck::test::RawHttpAnswer;
using opsdeck::test::RawHttpPeer;
using opsdeck::test::RawHttpRequest;
using opsdeck::test::waitUntil;

namespace {

// Waits for the job's one finished() and returns its result.
template <typename T>
Result<T> await(Job<T> *job, int timeoutMs = 15'000)
{
    std::optional<Result<T>> out;
    int calls = 0;
    QObject context;
    job->onFinished(&context, [&](const Result<T> &r) {
        ++calls;
        out.emplace(r);
    });
    REQUIRE(waitUntil([&] { return out.has_value(); }, timeoutMs));
    waitUntil([] { return false; }, 50);  // a second finished() would arrive now
    REQUIRE(calls == 1);
    return *out;
}

// Same, while time only moves when the job has scheduled something on the manual clock.
template <typename T>
Result<T> awaitOnClock(Job<T> *job, ManualClock &clock)
{
    std::optional<Result<T>> out;
    QObject context;
    job->onFinished(&context, [&](const Result<T> &r) { out.emplace(r); });
    for (int step = 0; step < 500 && !out; ++step) {
        REQUIRE(waitUntil([&] { return out.has_value() || clock.pendingCount() > 0; }));
        if (!out)
            clock.runNext();
    }
    REQUIRE(out.has_value());
    return *out;
}

struct SandboxWorldFixture {
    explicit SandboxWorldFixture(QDateTime now = QDateTime::currentDateTimeUtc())
        : sandbox(SandboxOptions{0, 42, now})
    {
        REQUIRE(sandbox.start().ok());
        http.setRetryPolicy(RetryPolicy{3, 10, 50, 100, 5'000});
    }

    VercelConfig vercel() const
    {
        return VercelConfig{sandbox.vercelApi(), QString::fromLatin1(Sandbox::kVercelToken),
                            QString::fromLatin1(Sandbox::kVercelTeamId), QString::fromLatin1(Sandbox::kVercelProjectId),
                            QUrl()};
    }
    GithubConfig github() const
    {
        return GithubConfig{sandbox.githubApi(), QString::fromLatin1(Sandbox::kGithubToken), QStringLiteral("acme"),
                            QStringLiteral("web")};
    }

    Sandbox sandbox;
    HttpClient http;
};

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

RawHttpAnswer reply(int status, const QByteArray &body, test::RawHeaders headers = {})
{
    headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    return RawHttpAnswer{RawHttpPeer::response(status, headers, body)};
}

} // namespace

TEST_CASE("Vercel deployments are followed across pages up to the limit, newest first")
{
    SandboxWorldFixture f;
    VercelClient vercel(f.http, f.vercel());
    DeploymentQuery q;
    q.limit = 25;
    q.pageSize = 10;
    const auto r = await(vercel.listDeployments(q));
    REQUIRE(r.ok());
    REQUIRE(r->size() == 25);
    CHECK(f.sandbox.requestCount(QStringLiteral("/vercel/v6/deployments")) == 3);  // 10 + 10 + 5
    QSet<QString> ids;
    for (qsizetype i = 0; i < r->size(); ++i) {
        ids.insert(r->at(i).id);
        if (i > 0)
            CHECK(r->at(i - 1).createdAt > r->at(i).createdAt);
    }
    CHECK(ids.size() == 25);

    q.limit = 500;  // more than exist: stops at pagination.next == null
    q.pageSize = 100;
    const auto all = await(vercel.listDeployments(q));
    REQUIRE(all.ok());
    CHECK(all->size() == f.sandbox.world().deployments().size());
}

TEST_CASE("Cancelling a paginated call mid-way stops it with Cancelled and sends nothing more")
{
    SandboxWorldFixture f;
    SandboxFaults slow;
    slow.slowMs = 150;
    f.sandbox.setFaults(QStringLiteral("vercel"), slow);
    VercelClient vercel(f.http, f.vercel());
    DeploymentQuery q;
    q.limit = 40;
    q.pageSize = 5;
    auto *job = vercel.listDeployments(q);
    std::optional<Result<QList<Deployment>>> out;
    QObject context;
    job->onFinished(&context, [&](const auto &r) { out.emplace(r); });
    REQUIRE(waitUntil([&] { return f.sandbox.requestCount(QStringLiteral("/vercel/v6/deployments")) >= 2; }));
    job->cancel();
    REQUIRE(waitUntil([&] { return out.has_value(); }));
    REQUIRE_FALSE(out->ok());
    CHECK(out->error().kind == ErrorKind::Cancelled);
    waitUntil([] { return false; }, 500);
    CHECK(f.sandbox.requestCount(QStringLiteral("/vercel/v6/deployments")) == 2);
}

TEST_CASE("Destroying a job aborts its work without a finished signal")
{
    SandboxWorldFixture f;
    VercelClient vercel(f.http, f.vercel());
    bool finished = false;
    auto *job = vercel.getProject();
    QObject::connect(job, &JobBase::finished, [&] { finished = true; });
    delete job;
    waitUntil([] { return false; }, 300);
    CHECK_FALSE(finished);
}

TEST_CASE("Rollback: one POST on the documented route, then the alias job is polled to success")
{
    ManualClock clock;
    SandboxWorldFixture f(clock.nowUtc());
    VercelClient vercel(f.http, f.vercel(), clock);
    DeploymentQuery candidates;
    candidates.target = QStringLiteral("production");
    candidates.rollbackCandidate = true;
    const auto list = await(vercel.listDeployments(candidates));
    REQUIRE(list.ok());
    REQUIRE_FALSE(list->isEmpty());
    const QString target = list->first().id;

    const auto receipt = await(vercel.rollback(target, QStringLiteral("5xx spike after deploy")));
    REQUIRE(receipt.ok());
    CHECK(receipt->httpStatus == 201);
    CHECK(receipt->endpoint.startsWith(QLatin1String("POST /vercel/v1/projects/")));
    CHECK(f.sandbox.rollbackPostCount() == 1);

    auto *wait = vercel.waitForAliasJob(target, 60'000, 1'000);
    QStringList progress;
    QObject::connect(wait, &JobBase::progress, [&](const QString &s) { progress.append(s); });
    const auto done = awaitOnClock(wait, clock);
    REQUIRE(done.ok());
    CHECK(done->jobStatus == QLatin1String("succeeded"));
    CHECK(progress == QStringList{QStringLiteral("pending"), QStringLiteral("in-progress"), QStringLiteral("succeeded")});
    for (qint64 delay : clock.scheduledDelays())
        CHECK(delay == 1'000);
    const auto project = await(vercel.getProject());
    REQUIRE(project.ok());
    CHECK(project->productionDeploymentId == target);
}

TEST_CASE("A failed alias job is an error; a job that never shows up times out on the clock")
{
    ManualClock clock;
    SandboxWorldFixture f(clock.nowUtc());
    VercelClient vercel(f.http, f.vercel(), clock);
    DeploymentQuery candidates;
    candidates.target = QStringLiteral("production");
    candidates.rollbackCandidate = true;
    const auto list = await(vercel.listDeployments(candidates));
    REQUIRE((list.ok() && !list->isEmpty()));
    f.sandbox.world().setNextAliasRequestFails(true);
    REQUIRE(await(vercel.rollback(list->first().id, {})).ok());
    const auto failed = awaitOnClock(vercel.waitForAliasJob(list->first().id, 60'000, 1'000), clock);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().kind == ErrorKind::External);

    const int before = f.sandbox.requestCount(QStringLiteral("/vercel/v9/projects/"));
    const auto timedOut = awaitOnClock(vercel.waitForAliasJob(QStringLiteral("dpl_never"), 5'000, 1'000), clock);
    REQUIRE_FALSE(timedOut.ok());
    CHECK(timedOut.error().kind == ErrorKind::Timeout);
    CHECK(f.sandbox.requestCount(QStringLiteral("/vercel/v9/projects/")) - before == 6);  // t = 0..5 s
}

TEST_CASE("Rollback errors are mapped and a failed POST is never retried")
{
    SandboxWorldFixture f;
    VercelClient vercel(f.http, f.vercel());
    const auto project = await(vercel.getProject());
    REQUIRE(project.ok());
    const auto same = await(vercel.rollback(project->productionDeploymentId, {}));
    REQUIRE_FALSE(same.ok());
    CHECK(same.error().kind == ErrorKind::Conflict);

    SandboxFaults broken;
    broken.serverErrorNext = 3;
    f.sandbox.setFaults(QStringLiteral("vercel"), broken);
    const int posts = f.sandbox.rollbackPostCount();
    const auto failed = await(vercel.rollback(QStringLiteral("dpl_x"), {}));
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().httpStatus == 500);
    CHECK(f.sandbox.rollbackPostCount() == posts + 1);

    VercelConfig wrongToken = f.vercel();
    wrongToken.token = QStringLiteral("test-token-not-real");
    VercelClient denied(f.http, wrongToken);
    const auto auth = await(denied.getProject());
    REQUIRE_FALSE(auth.ok());
    CHECK(auth.error().kind == ErrorKind::Auth);
}

TEST_CASE("Rollback falls back to the CLI's /v9 route only when /v1 answers 404")
{
    RawHttpPeer peer;
    HttpClient http;
    VercelConfig c{peer.url(QStringLiteral("/api")), QStringLiteral("test-token-not-real"), {}, QStringLiteral("prj_1"), {}};
    VercelClient vercel(http, c);
    peer.enqueue(reply(404, json({{QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), QStringLiteral("not_found")}}}})));
    peer.enqueue(reply(201, {}));
    const auto r = await(vercel.rollback(QStringLiteral("dpl_2"), QStringLiteral("a+b & c")));
    REQUIRE(r.ok());
    REQUIRE(peer.requestCount() == 2);
    const RawHttpRequest v1 = peer.requests().at(0);
    const RawHttpRequest v9 = peer.requests().at(1);
    CHECK(v1.method == "POST");
    CHECK(v1.target.startsWith("/api/v1/projects/prj_1/rollback/dpl_2?"));
    CHECK(QUrlQuery(QString::fromLatin1(v1.target.mid(v1.target.indexOf('?') + 1)))
              .queryItemValue(QStringLiteral("description"), QUrl::FullyDecoded)
          == QLatin1String("a+b & c"));
    CHECK(v9.target == "/api/v9/projects/prj_1/rollback/dpl_2");
    CHECK(v9.body == "{}");
    CHECK(r->endpoint == QLatin1String("POST /api/v9/projects/prj_1/rollback/dpl_2"));

    peer.enqueue(reply(422, json({{QStringLiteral("error"), QJsonObject{{QStringLiteral("message"), QStringLiteral("nope")}}}})));
    const auto refused = await(vercel.rollback(QStringLiteral("dpl_3"), {}));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == ErrorKind::Conflict);
    CHECK(peer.requestCount() == 3);  // no fallback for anything but 404
}

TEST_CASE("A pagination cursor that repeats ends with BadResponse instead of looping")
{
    RawHttpPeer peer;
    HttpClient http;
    VercelClient vercel(http, VercelConfig{peer.url(QStringLiteral("/")), QStringLiteral("test-token-not-real"), {}, {}, {}});
    const QByteArray page = R"({"pagination":{"count":1,"next":1767225000000},"deployments":[{"uid":"dpl_1","created":1767225600000,"readyState":"READY"}]})";
    peer.setDefaultAnswer(reply(200, page));
    DeploymentQuery q;
    q.limit = 50;
    const auto r = await(vercel.listDeployments(q));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::BadResponse);
    CHECK(peer.requestCount() == 2);
}

TEST_CASE("Runtime logs stream until the delimiter, live and in the result")
{
    SandboxWorldFixture f;
    VercelClient vercel(f.http, f.vercel());
    RuntimeLogQuery everything;
    everything.maxLines = 10'000;
    auto *job = vercel.runtimeLogs(f.sandbox.world().runtimeLogsDeploymentId(), everything);
    int live = 0;
    QObject::connect(job, &RuntimeLogJob::linesArrived, [&](const QList<RuntimeLogLine> &lines) { live += lines.size(); });
    const auto r = await<RuntimeLogResult>(job);
    REQUIRE(r.ok());
    CHECK(r->reachedDelimiter);
    CHECK(r->malformedLines == 0);
    CHECK(r->lines.size() == f.sandbox.world().runtimeLogs().size());
    CHECK(live == r->lines.size());

    // The default cap stops reading at 1000 kept lines, before Vercel's end marker.
    const auto capped = await<RuntimeLogResult>(vercel.runtimeLogs(f.sandbox.world().runtimeLogsDeploymentId()));
    REQUIRE(capped.ok());
    REQUIRE(f.sandbox.world().runtimeLogs().size() > 1000);
    CHECK(capped->lines.size() == 1000);
    CHECK_FALSE(capped->reachedDelimiter);
}

TEST_CASE("A runtime-log stream cut off mid-line keeps every complete line")
{
    RawHttpPeer peer;
    HttpClient http;
    VercelClient vercel(http, VercelConfig{peer.url(QStringLiteral("/")), QStringLiteral("test-token-not-real"), {},
                                           QStringLiteral("prj_1"), {}});
    QByteArray body;
    for (int i = 0; i < 20; ++i)
        body += R"({"level":"error","message":"boom )" + QByteArray::number(i)
            + R"(","rowId":"r_)" + QByteArray::number(i) + R"(","source":"serverless","timestampInMs":1767225800000})" + '\n';
    body += R"({"level":"error","message":"cut o)";
    const QByteArray head = RawHttpPeer::head(200, {{"Content-Type", "application/stream+json"}});
    peer.enqueue(RawHttpAnswer{head + body, 2, 97, int(head.size()), false, true});
    auto *job = vercel.runtimeLogs(QStringLiteral("dpl_1"));
    int batches = 0;
    QObject::connect(job, &RuntimeLogJob::linesArrived, [&](const QList<RuntimeLogLine> &) { ++batches; });
    const auto r = await<RuntimeLogResult>(job);
    REQUIRE(r.ok());
    CHECK(r->lines.size() == 20);
    CHECK(r->truncatedTail);
    CHECK_FALSE(r->reachedDelimiter);
    CHECK(batches > 1);  // lines were delivered while the stream was open
}

TEST_CASE("Request logs are paged and filtered by level")
{
    SandboxWorldFixture f;
    VercelClient vercel(f.http, f.vercel());
    RequestLogQuery q;
    q.end = f.sandbox.nowUtc();
    q.start = q.end.addDays(-30);
    q.levels = {QStringLiteral("error")};
    q.limit = 120;
    const auto r = await(vercel.requestLogs(q));
    REQUIRE(r.ok());
    REQUIRE_FALSE(r->isEmpty());
    CHECK(r->size() <= 120);
    for (const RequestLogRow &row : *r)
        CHECK(row.level == QLatin1String("error"));
    if (r->size() > 50)
        CHECK(f.sandbox.requestCount(QStringLiteral("/vercel/api/logs/request-logs")) >= 2);
}

TEST_CASE("GitHub runs follow the Link header; re-running failed jobs is one POST")
{
    SandboxWorldFixture f;
    GithubClient github(f.http, f.github());
    WorkflowRunQuery q;
    q.limit = 25;
    q.pageSize = 10;
    const auto runs = await(github.listWorkflowRuns(q));
    REQUIRE(runs.ok());
    REQUIRE(runs->size() == 25);
    CHECK(f.sandbox.requestCount(QStringLiteral("/github/repos/acme/web/actions/runs")) == 3);
    QSet<qint64> ids;
    for (const WorkflowRun &run : *runs)
        ids.insert(run.id);
    CHECK(ids.size() == 25);

    WorkflowRunQuery failures;
    failures.status = QStringLiteral("failure");
    const auto failed = await(github.listWorkflowRuns(failures));
    REQUIRE(failed.ok());
    REQUIRE_FALSE(failed->isEmpty());
    const auto receipt = await(github.rerunFailedJobs(failed->first().id));
    REQUIRE(receipt.ok());
    CHECK(receipt->httpStatus == 201);
    const auto again = await(github.getRun(failed->first().id));
    REQUIRE(again.ok());
    CHECK(again->runAttempt == failed->first().runAttempt + 1);
}

TEST_CASE("GitHub secrets are sealed for the repository key and land decryptable")
{
    SandboxWorldFixture f;
    GithubClient github(f.http, f.github());
    const QByteArray value = QByteArrayLiteral("test-token-not-real-rotated");
    const auto created = await(github.putSecret(QStringLiteral("OPSDECK_TEST_TOKEN"), value));
    REQUIRE(created.ok());
    CHECK(created->created);
    CHECK(f.sandbox.decryptedSecret(QStringLiteral("OPSDECK_TEST_TOKEN")) == value);
    const auto updated = await(github.putSecret(QStringLiteral("OPSDECK_TEST_TOKEN"), value + "2"));
    REQUIRE(updated.ok());
    CHECK_FALSE(updated->created);
    const auto list = await(github.listSecrets());
    REQUIRE(list.ok());
    CHECK(std::any_of(list->cbegin(), list->cend(), [](const SecretInfo &s) { return s.name == QLatin1String("OPSDECK_TEST_TOKEN"); }));

    const int before = f.sandbox.requestCount(QStringLiteral("/github/"));
    const auto invalid = await(github.putSecret(QStringLiteral("GITHUB_TOKEN"), value));
    REQUIRE_FALSE(invalid.ok());
    CHECK(invalid.error().kind == ErrorKind::Config);
    CHECK(f.sandbox.requestCount(QStringLiteral("/github/")) == before);  // rejected before any request
}

TEST_CASE("A secret PUT refused with 4xx re-fetches the key once and retries once")
{
    REQUIRE(sodium_init() >= 0);
    unsigned char pk[crypto_box_PUBLICKEYBYTES];
    unsigned char sk[crypto_box_SECRETKEYBYTES];
    crypto_box_keypair(pk, sk);
    const QString key = QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(pk), sizeof pk).toBase64());
    RawHttpPeer peer;
    HttpClient http;
    GithubClient github(http, GithubConfig{peer.url(QStringLiteral("/api/v3")), QStringLiteral("test-token-not-real"),
                                           QStringLiteral("acme"), QStringLiteral("web")});
    int keyFetches = 0;
    int putsRefused = 1;
    peer.setHandler([&](const RawHttpRequest &r) {
        if (r.target.endsWith("/actions/secrets/public-key")) {
            ++keyFetches;
            return reply(200, json({{QStringLiteral("key_id"), QStringLiteral("k%1").arg(keyFetches)},
                                    {QStringLiteral("key"), key}}));
        }
        if (putsRefused-- > 0)
            return reply(422, R"({"message":"Bad request - key_id does not match the repository's public key"})");
        return reply(201, {});
    });
    const auto r = await(github.putSecret(QStringLiteral("VERCEL_TOKEN"), "test-token-not-real"));
    REQUIRE(r.ok());
    CHECK(r->attempts == 2);
    CHECK(r->keyId == QLatin1String("k2"));
    REQUIRE(peer.requestCount() == 4);  // key, PUT (422), key again, PUT
    const QJsonObject put = QJsonDocument::fromJson(peer.requests().at(3).body).object();
    CHECK(put.value(QStringLiteral("key_id")).toString() == QLatin1String("k2"));
    const QByteArray ct = QByteArray::fromBase64(put.value(QStringLiteral("encrypted_value")).toString().toLatin1());
    QByteArray opened(ct.size() - qsizetype(crypto_box_SEALBYTES), '\0');
    REQUIRE(crypto_box_seal_open(reinterpret_cast<unsigned char *>(opened.data()),
                                 reinterpret_cast<const unsigned char *>(ct.constData()),
                                 static_cast<unsigned long long>(ct.size()), pk, sk) == 0);
    CHECK(opened == "test-token-not-real");
    CHECK(peer.requests().at(1).target == "/api/v3/repos/acme/web/actions/secrets/VERCEL_TOKEN");

    putsRefused = 10;
    const auto refused = await(github.putSecret(QStringLiteral("VERCEL_TOKEN"), "test-token-not-real"));
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == ErrorKind::Conflict);
    CHECK(peer.requestCount() == 8);  // exactly one retry, never a loop
}

TEST_CASE("GitHub pagination never follows a Link to another host")
{
    RawHttpPeer peer;
    HttpClient http;
    GithubClient github(http, GithubConfig{peer.url(QStringLiteral("/")), QStringLiteral("test-token-not-real"),
                                           QStringLiteral("acme"), QStringLiteral("web")});
    peer.enqueue(reply(200, test::fixture(QStringLiteral("github/runs.json")),
                       {{"Link", R"(<http://evil.example.invalid/repos/acme/web/actions/runs?page=2>; rel="next")"}}));
    const auto r = await(github.listWorkflowRuns(WorkflowRunQuery{}));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::BadResponse);
    CHECK(peer.requestCount() == 1);
}

TEST_CASE("Pull requests and Dependabot alerts (cursor pages, never `page`)")
{
    SandboxWorldFixture f;
    GithubClient github(f.http, f.github());
    const PullRequestDraft draft{QStringLiteral("Monthly dependency updates"), QStringLiteral("deps/monthly-updates"),
                                 QStringLiteral("main"), QStringLiteral("patch and minor updates"), false};
    const auto pr = await(github.createPullRequest(draft));
    REQUIRE(pr.ok());
    CHECK(pr->number > 0);
    CHECK(pr->headRef == QLatin1String("deps/monthly-updates"));
    const auto duplicate = await(github.createPullRequest(draft));
    REQUIRE_FALSE(duplicate.ok());
    CHECK(duplicate.error().kind == ErrorKind::Conflict);
    CHECK(duplicate.error().toString().contains(QLatin1String("already exists")));

    DependabotQuery q;
    q.state.clear();
    q.pageSize = 2;
    const auto alerts = await(github.listDependabotAlerts(q));
    REQUIRE(alerts.ok());
    CHECK(alerts->size() == f.sandbox.world().alerts().size());
    QSet<qint64> numbers;
    for (const DependabotAlert &a : *alerts)
        numbers.insert(a.number);
    CHECK(numbers.size() == alerts->size());
}

TEST_CASE("OpenAI costs and usage: every page, amounts as numbers or strings")
{
    SandboxWorldFixture f;
    OpenAiClient openai(f.http, OpenAiConfig{f.sandbox.openaiApi(), QString::fromLatin1(Sandbox::kOpenAiKey)});
    const QDateTime end(f.sandbox.nowUtc().date(), QTime(0, 0), Qt::UTC);
    const QDateTime start = end.addDays(-40);
    const auto costs = await(openai.costs(start, end));
    REQUIRE(costs.ok());
    REQUIRE_FALSE(costs->isEmpty());
    double total = 0;
    for (const CostRow &row : *costs)
        total += row.amountUsd;
    CHECK(total > 0);

    SandboxFaults strings;
    strings.openAiAmountsAsStrings = true;
    f.sandbox.setFaults(QStringLiteral("openai"), strings);
    const auto asStrings = await(openai.costs(start, end));
    REQUIRE(asStrings.ok());
    double stringTotal = 0;
    for (const CostRow &row : *asStrings)
        stringTotal += row.amountUsd;
    CHECK(stringTotal == Approx(total));

    const int before = f.sandbox.requestCount(QStringLiteral("/openai/v1/organization/usage/completions"));
    const auto usage = await(openai.completionsUsage(start, end));
    REQUIRE(usage.ok());
    REQUIRE_FALSE(usage->isEmpty());
    CHECK(std::all_of(usage->cbegin(), usage->cend(), [](const UsageRow &u) { return !u.model.isEmpty(); }));
    CHECK(f.sandbox.requestCount(QStringLiteral("/openai/v1/organization/usage/completions")) - before == 2);  // 40 > 31
}

TEST_CASE("Anthropic cost report in cents adds up to the simulated dollars; the spend cap is not retried")
{
    SandboxWorldFixture f;
    AnthropicClient anthropic(f.http, AnthropicConfig{f.sandbox.anthropicApi(), QString::fromLatin1(Sandbox::kAnthropicKey)});
    const QDate day = f.sandbox.world().spikeDay();
    const QDateTime start(day.addDays(-35), QTime(0, 0), Qt::UTC);
    const QDateTime end(day.addDays(1), QTime(0, 0), Qt::UTC);
    const auto costs = await(anthropic.costReport(start, end));
    REQUIRE(costs.ok());
    double spikeDay = 0;
    for (const AnthropicCostRow &row : *costs) {
        if (row.day == day)
            spikeDay += row.amountUsd;
    }
    CHECK(spikeDay == Approx(f.sandbox.world().costUsd(QStringLiteral("anthropic"), day)).margin(0.01));
    CHECK(f.sandbox.requestCount(QStringLiteral("/anthropic/v1/organizations/cost_report")) == 2);  // 36 days > 31

    const auto usage = await(anthropic.usageReport(start, end));
    REQUIRE(usage.ok());
    CHECK_FALSE(usage->isEmpty());

    const auto keys = await(anthropic.listApiKeys());
    REQUIRE(keys.ok());
    REQUIRE_FALSE(keys->isEmpty());
    const auto retired = await(anthropic.updateApiKey(keys->first().id, QStringLiteral("inactive")));
    REQUIRE(retired.ok());
    CHECK(retired->status == QLatin1String("inactive"));

    SandboxFaults cap;
    cap.spendLimitNext = true;
    f.sandbox.setFaults(QStringLiteral("anthropic"), cap);
    const int before = f.sandbox.requestCount(QStringLiteral("/anthropic/"));
    const auto capped = await(anthropic.costReport(start, end));
    REQUIRE_FALSE(capped.ok());
    CHECK(capped.error().kind == ErrorKind::RateLimited);
    CHECK(capped.error().message.contains(QLatin1String("spend cap")));
    CHECK(f.sandbox.requestCount(QStringLiteral("/anthropic/")) == before + 1);
}

TEST_CASE("Health probe: status, latency and the JSON assertion")
{
    SandboxWorldFixture f;
    HealthProbe health(f.http);
    const auto up = await(health.probe(f.sandbox.healthUrl(), 5'000, QStringLiteral("status == ok")));
    REQUIRE(up.ok());
    CHECK(up->ok);
    CHECK(up->httpStatus == 200);
    CHECK(up->latencyMs >= 0);
    CHECK(up->error.isEmpty());

    const auto wrong = await(health.probe(f.sandbox.healthUrl(), 5'000, QStringLiteral("status == down")));
    REQUIRE(wrong.ok());
    CHECK_FALSE(wrong->ok);
    CHECK(wrong->error.contains(QLatin1String("expected \"down\"")));

    QUrl missing = f.sandbox.healthUrl();
    missing.setPath(QStringLiteral("/app/api/nothing"));
    const auto notFound = await(health.probe(missing, 5'000));
    REQUIRE(notFound.ok());
    CHECK_FALSE(notFound->ok);
    CHECK(notFound->httpStatus == 404);

    const auto refused = await(health.probe(QUrl(QStringLiteral("http://127.0.0.1:1/health")), 2'000));
    REQUIRE(refused.ok());
    CHECK_FALSE(refused->ok);
    CHECK(refused->httpStatus == 0);
    CHECK_FALSE(refused->error.isEmpty());

    const auto invalid = await(health.probe(QUrl(QStringLiteral("ftp://example.invalid/")), 2'000));
    REQUIRE_FALSE(invalid.ok());
    CHECK(invalid.error().kind == ErrorKind::Config);
}
