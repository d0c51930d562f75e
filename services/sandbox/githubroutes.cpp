#include "sandbox/githubroutes.h"

#include "sandbox/githubalertroutes.h"
#include "sandbox/githubcompareroutes.h"
#include "sandbox/githubsecretroutes.h"
#include "sandbox/sandbox.h"
#include "sandbox/sandboxformat.h"
#include "sandbox/sandboxworld.h"

#include <QCryptographicHash>

namespace opsdeck {

using namespace sandboxformat;

namespace {

const QString kDocs = QStringLiteral("https://docs.github.com/rest");

struct CreatedRange {
    qint64 from = std::numeric_limits<qint64>::min();  // inclusive
    qint64 to = std::numeric_limits<qint64>::max();    // exclusive
    bool valid = true;
};

// The `created` filter: ">=2026-01-01", "<2026-01-05", "2026-01-01..2026-01-05", "2026-01-03".
CreatedRange parseCreated(const QString &text)
{
    CreatedRange range;
    const auto bound = [&](QString value, bool upper, bool inclusive) {
        if (value == QLatin1String("*"))
            return;
        const bool dateOnly = value.size() == 10;
        const auto ms = parseIso(value);
        if (!ms) {
            range.valid = false;
            return;
        }
        const qint64 step = dateOnly ? kDayMs : 1;
        if (upper)
            range.to = inclusive ? *ms + step : *ms;
        else
            range.from = inclusive ? *ms : *ms + step;
    };
    if (text.contains(QLatin1String(".."))) {
        const QStringList parts = text.split(QStringLiteral(".."));
        bound(parts.value(0), false, true);
        bound(parts.value(1), true, true);
    } else if (text.startsWith(QLatin1String(">="))) {
        bound(text.mid(2), false, true);
    } else if (text.startsWith(QLatin1String("<="))) {
        bound(text.mid(2), true, true);
    } else if (text.startsWith(QLatin1Char('>'))) {
        bound(text.mid(1), false, false);
    } else if (text.startsWith(QLatin1Char('<'))) {
        bound(text.mid(1), true, false);
    } else {
        bound(text, false, true);
        bound(text, true, true);
    }
    return range;
}

} // namespace

GithubRoutes::GithubRoutes(SandboxWorld &world)
    : m_world(world)
    , m_remaining(rateLimit())
    , m_resetSec(world.startMs() / 1000 + 3600)
{
}

void GithubRoutes::install(SandboxRouter &router)
{
    const QString repo = QStringLiteral("/repos/<arg>/<arg>");
    router.add("GET", repo + QStringLiteral("/actions/runs"), [this](const auto &r) { return listRuns(r, {}); });
    router.add("GET", repo + QStringLiteral("/actions/workflows/<arg>/runs"),
               [this](const auto &r) { return listRuns(r, r.arg(2)); });
    router.add("GET", repo + QStringLiteral("/actions/runs/<arg>"), [this](const auto &r) { return getRun(r); });
    router.add("POST", repo + QStringLiteral("/actions/runs/<arg>/rerun"), [this](const auto &r) { return rerun(r, false); });
    router.add("POST", repo + QStringLiteral("/actions/runs/<arg>/rerun-failed-jobs"),
               [this](const auto &r) { return rerun(r, true); });
    router.add("POST", repo + QStringLiteral("/actions/runs/<arg>/cancel"), [this](const auto &r) { return cancel(r); });
    router.add("GET", QStringLiteral("/rate_limit"), [this](const auto &r) { return rateLimitStatus(r); });
    router.add("GET", QStringLiteral("/user"), [](const auto &) {
        SandboxReply reply = SandboxReply::json(QJsonObject{{QStringLiteral("login"), QStringLiteral("acme-sre")},
                                                            {QStringLiteral("id"), 4242},
                                                            {QStringLiteral("type"), QStringLiteral("User")}});
        reply.headers.append({QByteArrayLiteral("X-OAuth-Scopes"), QByteArrayLiteral("repo, workflow")});
        return reply;
    });
    GithubSecretRoutes::install(router, m_world);
    GithubAlertRoutes::install(router, m_world);
    GithubCompareRoutes::install(router, m_world);
}

std::optional<SandboxReply> GithubRoutes::checkAuth(const SandboxRequest &request)
{
    if (request.header("user-agent").isEmpty()) {
        return error(403, QStringLiteral("Request forbidden by administrative rules. Please make sure your request "
                                         "has a User-Agent header."));
    }
    if (request.header("authorization").isEmpty())
        return error(401, QStringLiteral("Requires authentication"));
    if (!m_world.acceptsKey(QStringLiteral("github-token"), request.bearerToken()))
        return error(401, QStringLiteral("Bad credentials"));
    const QByteArray version = request.header("x-github-api-version");
    if (!version.isEmpty() && version != "2022-11-28" && version != "2026-03-10")
        return error(400, QStringLiteral("Invalid API version provided: %1").arg(QString::fromLatin1(version)));
    if (m_remaining <= 0 && !request.path.startsWith(QLatin1String("/rate_limit"))) {
        SandboxReply reply = error(403, QStringLiteral("API rate limit exceeded for user ID 4242."));
        rateHeaders(reply);
        return reply;
    }
    return std::nullopt;
}

SandboxReply GithubRoutes::notFound(const SandboxRequest &request) const
{
    Q_UNUSED(request);
    return error(404, QStringLiteral("Not Found"));
}

std::optional<SandboxReply> GithubRoutes::fault(SandboxFault kind, const SandboxFaults &faults,
                                                const SandboxRequest &request) const
{
    if (kind == SandboxFault::RateLimit) {
        SandboxReply reply;
        const qint64 nowSec = request.nowMs / 1000;
        if (faults.secondaryRateLimit) {
            reply = error(403, QStringLiteral("You have exceeded a secondary rate limit. Please wait a few minutes "
                                              "before you try again."));
            rateHeaders(reply);
        } else {
            reply = error(403, QStringLiteral("API rate limit exceeded for user ID 4242. If you reach out to GitHub "
                                              "Support for help, please include the request ID."));
            const qint64 reset = nowSec + (faults.retryAfterSec > 0 ? faults.retryAfterSec : 60);
            reply.setHeader("x-ratelimit-limit", QByteArray::number(rateLimit()));
            reply.setHeader("x-ratelimit-remaining", "0");
            reply.setHeader("x-ratelimit-used", QByteArray::number(rateLimit()));
            reply.setHeader("x-ratelimit-reset", QByteArray::number(reset));
            reply.setHeader("x-ratelimit-resource", "core");
        }
        if (faults.retryAfterSec > 0)
            reply.setHeader("retry-after", QByteArray::number(faults.retryAfterSec));
        return reply;
    }
    if (kind == SandboxFault::ServerError)
        return error(500, QStringLiteral("Server Error"));
    if (kind == SandboxFault::Overloaded)
        return error(503, QStringLiteral("Service Unavailable"));
    return std::nullopt;
}

void GithubRoutes::prepare(const SandboxRequest &request)
{
    const qint64 nowSec = request.nowMs / 1000;
    if (nowSec >= m_resetSec) {
        m_remaining = rateLimit();
        m_resetSec = nowSec + 3600;
    }
    const bool poll = request.method == "GET" && request.path.contains(QLatin1String("/actions/runs"));
    m_world.advanceRuns(request.nowMs, poll);
}

void GithubRoutes::finish(const SandboxRequest &request, SandboxReply &reply)
{
    reply.setHeader("x-github-api-version-selected", "2022-11-28");
    reply.setHeader("x-github-request-id", request.requestId.toLatin1());
    if (reply.hasHeader("x-ratelimit-remaining"))
        return;  // a rate-limit answer carries its own numbers
    if (request.method == "GET" && reply.status == 200) {
        // The ETag is tied to the token, like GitHub's.
        QCryptographicHash hash(QCryptographicHash::Sha256);
        hash.addData(request.bearerToken());
        hash.addData(reply.body);
        const QByteArray etag = "W/\"" + hash.result().toHex().left(40) + '"';
        reply.setHeader("ETag", etag);
        const QList<QByteArray> candidates = request.header("if-none-match").split(',');
        for (const QByteArray &candidate : candidates) {
            const QByteArray c = candidate.trimmed();
            if (!c.isEmpty() && (c == etag || c == etag.mid(2) || c == "*")) {
                reply.status = 304;
                reply.body.clear();
                reply.contentType.clear();
                rateHeaders(reply);  // an authorized 304 does not count against the limit
                return;
            }
        }
    }
    const bool counted = reply.status != 401 && !request.path.startsWith(QLatin1String("/rate_limit"));
    if (counted && m_remaining > 0)
        --m_remaining;
    rateHeaders(reply);
}

void GithubRoutes::rateHeaders(SandboxReply &reply) const
{
    reply.setHeader("x-ratelimit-limit", QByteArray::number(rateLimit()));
    reply.setHeader("x-ratelimit-remaining", QByteArray::number(m_remaining));
    reply.setHeader("x-ratelimit-used", QByteArray::number(rateLimit() - m_remaining));
    reply.setHeader("x-ratelimit-reset", QByteArray::number(m_resetSec));
    reply.setHeader("x-ratelimit-resource", "core");
}

SandboxReply GithubRoutes::error(int status, const QString &message, const QJsonArray &errors)
{
    QJsonObject body{{QStringLiteral("message"), message},
                     {QStringLiteral("documentation_url"), kDocs},
                     {QStringLiteral("status"), QString::number(status)}};
    if (!errors.isEmpty())
        body.insert(QStringLiteral("errors"), errors);
    return SandboxReply::json(body, status);
}

bool GithubRoutes::isRepo(const SandboxRequest &request)
{
    return request.arg(0).compare(QLatin1String(SandboxWorld::kRepoOwner), Qt::CaseInsensitive) == 0
           && request.arg(1).compare(QLatin1String(SandboxWorld::kRepoName), Qt::CaseInsensitive) == 0;
}

std::pair<int, int> GithubRoutes::pageParams(const SandboxRequest &request)
{
    const int perPage = static_cast<int>(std::clamp<qint64>(
        parseInt(request.queryValue(QStringLiteral("per_page"))).value_or(30), 1, 100));
    const int page = static_cast<int>(std::max<qint64>(1, parseInt(request.queryValue(QStringLiteral("page"))).value_or(1)));
    return {perPage, page};
}

QByteArray GithubRoutes::pageLinks(const SandboxRequest &request, int page, int perPage, qsizetype total)
{
    const int last = static_cast<int>(std::max<qsizetype>(1, (total + perPage - 1) / perPage));
    const auto urlFor = [&](int target) {
        QList<std::pair<QString, QString>> items;
        for (const auto &item : request.query) {
            if (item.first != QLatin1String("page"))
                items.append(item);
        }
        items.append({QStringLiteral("page"), QString::number(target)});
        return request.urlWith(items);
    };
    QList<std::pair<QUrl, QString>> links;
    if (page < last) {
        links.append({urlFor(page + 1), QStringLiteral("next")});
        links.append({urlFor(last), QStringLiteral("last")});
    }
    if (page > 1) {
        links.append({urlFor(1), QStringLiteral("first")});
        links.append({urlFor(std::min(page - 1, last)), QStringLiteral("prev")});
    }
    return linkHeader(links);
}

QJsonObject GithubRoutes::runJson(const SandboxRequest &request, const SandboxRun &run) const
{
    const QString api = request.apiBase.toString() + QStringLiteral("/repos/acme/web/actions/runs/")
                        + QString::number(run.id);
    const QJsonObject actor{{QStringLiteral("login"), run.actor}, {QStringLiteral("type"), QStringLiteral("User")}};
    return QJsonObject{
        {QStringLiteral("id"), run.id},
        {QStringLiteral("name"), run.name},
        {QStringLiteral("display_title"), run.displayTitle},
        {QStringLiteral("run_number"), run.runNumber},
        {QStringLiteral("run_attempt"), run.runAttempt},
        {QStringLiteral("event"), run.event},
        {QStringLiteral("status"), run.status},
        {QStringLiteral("conclusion"), stringOrNull(run.conclusion)},
        {QStringLiteral("head_branch"), run.headBranch},
        {QStringLiteral("head_sha"), run.headSha},
        {QStringLiteral("path"), run.path},
        {QStringLiteral("workflow_id"), run.workflowId},
        {QStringLiteral("url"), api},
        {QStringLiteral("html_url"), QString(QStringLiteral("https://github.com/acme/web/actions/runs/") + QString::number(run.id))},
        {QStringLiteral("jobs_url"), QString(api + QStringLiteral("/jobs"))},
        {QStringLiteral("rerun_url"), QString(api + QStringLiteral("/rerun"))},
        {QStringLiteral("created_at"), isoSeconds(run.createdAt)},
        {QStringLiteral("updated_at"), isoSeconds(run.updatedAt)},
        {QStringLiteral("run_started_at"), isoSeconds(run.runStartedAt)},
        {QStringLiteral("actor"), actor},
        {QStringLiteral("triggering_actor"), actor},
        {QStringLiteral("pull_requests"), QJsonArray()},
        {QStringLiteral("repository"), QJsonObject{{QStringLiteral("full_name"), QStringLiteral("acme/web")}}},
    };
}

SandboxReply GithubRoutes::listRuns(const SandboxRequest &request, const QString &workflow)
{
    if (!isRepo(request))
        return notFound(request);
    const CreatedRange created = parseCreated(request.queryValue(QStringLiteral("created"), QStringLiteral("*..*")));
    if (!created.valid)
        return error(422, QStringLiteral("Invalid created filter"));
    const QString status = request.queryValue(QStringLiteral("status"));
    const QString branch = request.queryValue(QStringLiteral("branch"));
    const QString event = request.queryValue(QStringLiteral("event"));
    const QString actor = request.queryValue(QStringLiteral("actor"));
    const QString sha = request.queryValue(QStringLiteral("head_sha"));
    QList<const SandboxRun *> matching;
    for (const SandboxRun &run : m_world.runs()) {
        const bool workflowOk = workflow.isEmpty() || workflow == QString::number(run.workflowId)
                                || run.path.endsWith(QLatin1Char('/') + workflow);
        const bool statusOk = status.isEmpty() || run.status == status || run.conclusion == status;
        if (!workflowOk || !statusOk || (!branch.isEmpty() && run.headBranch != branch)
            || (!event.isEmpty() && run.event != event) || (!actor.isEmpty() && run.actor != actor)
            || (!sha.isEmpty() && run.headSha != sha) || run.createdAt < created.from || run.createdAt >= created.to) {
            continue;
        }
        matching.append(&run);
    }
    const auto [perPage, page] = pageParams(request);
    QJsonArray items;
    for (qsizetype i = qsizetype(page - 1) * perPage; i < std::min<qsizetype>(matching.size(), qsizetype(page) * perPage); ++i)
        items.append(runJson(request, *matching.at(i)));
    SandboxReply reply = SandboxReply::json(QJsonObject{{QStringLiteral("total_count"), matching.size()},
                                                        {QStringLiteral("workflow_runs"), items}});
    const QByteArray link = pageLinks(request, page, perPage, matching.size());
    if (!link.isEmpty())
        reply.setHeader("Link", link);
    return reply;
}

SandboxReply GithubRoutes::getRun(const SandboxRequest &request)
{
    const SandboxRun *run = isRepo(request) ? m_world.run(request.arg(2).toLongLong()) : nullptr;
    return run ? SandboxReply::json(runJson(request, *run)) : notFound(request);
}

SandboxReply GithubRoutes::rerun(const SandboxRequest &request, bool failedOnly)
{
    const SandboxRun *run = isRepo(request) ? m_world.run(request.arg(2).toLongLong()) : nullptr;
    if (!run)
        return notFound(request);
    if (run->status != QLatin1String("completed"))
        return error(409, QStringLiteral("This workflow run is not completed yet and cannot be re-run."));
    if (request.nowMs - run->createdAt > 30 * kDayMs)
        return error(403, QStringLiteral("Unable to re-run this workflow run because it was created over a month ago"));
    if (failedOnly && run->conclusion != QLatin1String("failure") && run->conclusion != QLatin1String("cancelled")
        && run->conclusion != QLatin1String("timed_out")) {
        return error(422, QStringLiteral("This workflow run has no failed jobs to re-run."));
    }
    m_world.rerun(run->id, request.nowMs);
    return SandboxReply::empty(201);
}

SandboxReply GithubRoutes::cancel(const SandboxRequest &request)
{
    const SandboxRun *run = isRepo(request) ? m_world.run(request.arg(2).toLongLong()) : nullptr;
    if (!run)
        return notFound(request);
    if (run->status == QLatin1String("completed"))
        return error(409, QStringLiteral("Cannot cancel a workflow run that is completed."));
    m_world.cancelRun(run->id, request.nowMs);
    return SandboxReply::json(QJsonObject(), 202);
}

SandboxReply GithubRoutes::rateLimitStatus(const SandboxRequest &request) const
{
    Q_UNUSED(request);
    const QJsonObject core{{QStringLiteral("limit"), rateLimit()},
                           {QStringLiteral("remaining"), m_remaining},
                           {QStringLiteral("reset"), m_resetSec},
                           {QStringLiteral("used"), rateLimit() - m_remaining},
                           {QStringLiteral("resource"), QStringLiteral("core")}};
    return SandboxReply::json(QJsonObject{{QStringLiteral("resources"), QJsonObject{{QStringLiteral("core"), core}}},
                                          {QStringLiteral("rate"), core}});
}

} // namespace opsdeck
