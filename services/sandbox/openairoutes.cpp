#include "sandbox/openairoutes.h"

#include "sandbox/sandbox.h"
#include "sandbox/sandboxformat.h"
#include "sandbox/sandboxworld.h"

namespace opsdeck {

using namespace sandboxformat;

namespace {

struct Width {
    const char *name;
    qint64 seconds;
    int defaultLimit;
    int maxLimit;
};

struct Window {
    qint64 from = 0;
    qint64 to = 0;
    Width width{};
    int limit = 0;
    std::optional<qint64> cursor;
};

// start_time (required), end_time, bucket_width, limit and page, checked as OpenAI does.
std::optional<SandboxReply> parseWindow(const SandboxRequest &request, const QList<Width> &widths, Window *out)
{
    const auto bad = [](const QString &message, const QString &param) {
        return OpenAiRoutes::error(400, message, QStringLiteral("invalid_request_error"), param);
    };
    const auto start = parseInt(request.queryValue(QStringLiteral("start_time")));
    if (!start)
        return bad(QStringLiteral("Missing or invalid required parameter: 'start_time'."), QStringLiteral("start_time"));
    out->from = *start;
    out->to = request.hasQuery(QStringLiteral("end_time"))
                  ? parseInt(request.queryValue(QStringLiteral("end_time"))).value_or(-1)
                  : request.nowMs / 1000;
    if (out->to < 0)
        return bad(QStringLiteral("Invalid 'end_time'."), QStringLiteral("end_time"));
    const QString widthName = request.queryValue(QStringLiteral("bucket_width"), QStringLiteral("1d"));
    const auto width = std::find_if(widths.cbegin(), widths.cend(),
                                    [&](const Width &w) { return widthName == QLatin1String(w.name); });
    if (width == widths.cend())
        return bad(QStringLiteral("Invalid 'bucket_width': '%1'.").arg(widthName), QStringLiteral("bucket_width"));
    out->width = *width;
    out->limit = width->defaultLimit;
    if (request.hasQuery(QStringLiteral("limit"))) {
        const auto limit = parseInt(request.queryValue(QStringLiteral("limit")));
        if (!limit || *limit < 1 || *limit > width->maxLimit)
            return bad(QStringLiteral("'limit' must be between 1 and %1.").arg(width->maxLimit), QStringLiteral("limit"));
        out->limit = static_cast<int>(*limit);
    }
    if (request.hasQuery(QStringLiteral("page"))) {
        const auto payload = decodeCursor(QStringLiteral("page_"), request.queryValue(QStringLiteral("page")));
        const auto at = payload ? parseInt(QString::fromLatin1(payload->mid(2))) : std::nullopt;
        if (!payload || !payload->startsWith("b:") || !at)
            return bad(QStringLiteral("Invalid 'page' cursor."), QStringLiteral("page"));
        out->cursor = at;
    }
    return std::nullopt;
}

QJsonObject pageJson(const QJsonArray &data, const SandboxBucketPage &page)
{
    const QJsonValue next = page.next ? QJsonValue(encodeCursor(QStringLiteral("page_"), "b:" + QByteArray::number(*page.next)))
                                      : QJsonValue(QJsonValue::Null);
    return QJsonObject{{QStringLiteral("object"), QStringLiteral("page")},
                       {QStringLiteral("data"), data},
                       {QStringLiteral("has_more"), page.next.has_value()},
                       {QStringLiteral("next_page"), next}};
}

QJsonObject bucketJson(const std::pair<qint64, qint64> &bucket, const QJsonArray &results)
{
    return QJsonObject{{QStringLiteral("object"), QStringLiteral("bucket")},
                       {QStringLiteral("start_time"), bucket.first},
                       {QStringLiteral("end_time"), bucket.second},
                       {QStringLiteral("results"), results}};
}

bool filtered(const SandboxRequest &request, const QString &key, const QString &value)
{
    const QStringList wanted = request.queryValues(key);
    return !wanted.isEmpty() && !wanted.contains(value);
}

QString userOf(const SandboxUsage &u)
{
    return u.group == QLatin1String("proj_demo_web") ? QStringLiteral("user-sandbox0web") : QStringLiteral("user-sandbox0jobs");
}

} // namespace

void OpenAiRoutes::install(SandboxRouter &router)
{
    router.add("GET", QStringLiteral("/v1/organization/costs"), [this](const auto &r) { return costs(r); });
    router.add("GET", QStringLiteral("/v1/organization/usage/<arg>"), [this](const auto &r) { return usage(r, r.arg(0)); });
    router.add("GET", QStringLiteral("/v1/models"), [](const auto &) {
        QJsonArray data;
        for (const char *id : {"gpt-5.4", "gpt-5.4-mini", "text-embedding-3-small"})
            data.append(QJsonObject{{QStringLiteral("id"), QString::fromLatin1(id)},
                                    {QStringLiteral("object"), QStringLiteral("model")},
                                    {QStringLiteral("created"), 1767225600},
                                    {QStringLiteral("owned_by"), QStringLiteral("system")}});
        return SandboxReply::json(QJsonObject{{QStringLiteral("object"), QStringLiteral("list")}, {QStringLiteral("data"), data}});
    });
    router.add("GET", QStringLiteral("/v1/organization/admin_api_keys"), [this](const auto &r) { return listKeys(r, {}); });
    router.add("DELETE", QStringLiteral("/v1/organization/admin_api_keys/<arg>"),
               [this](const auto &r) { return deleteKey(r, {}, r.arg(0)); });
    router.add("GET", QStringLiteral("/v1/organization/projects/<arg>/api_keys"),
               [this](const auto &r) { return listKeys(r, r.arg(0)); });
    router.add("DELETE", QStringLiteral("/v1/organization/projects/<arg>/api_keys/<arg>"),
               [this](const auto &r) { return deleteKey(r, r.arg(0), r.arg(1)); });
}

std::optional<SandboxReply> OpenAiRoutes::checkAuth(const SandboxRequest &request)
{
    if (request.header("authorization").isEmpty()) {
        return error(401, QStringLiteral("You didn't provide an API key. You need to provide your API key in an "
                                         "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."),
                     QStringLiteral("invalid_request_error"));
    }
    // /v1/models takes a project's API key; the organization endpoints only admin keys.
    const QString kind = request.path.startsWith(QLatin1String("/v1/models")) ? QStringLiteral("openai-api-key")
                                                                              : QStringLiteral("openai-admin-key");
    if (!m_world.acceptsKey(kind, request.bearerToken())) {
        return error(401, QStringLiteral("Incorrect API key provided. You can find your API key at "
                                         "https://platform.openai.com/account/api-keys."),
                     QStringLiteral("invalid_request_error"), {}, QStringLiteral("invalid_api_key"));
    }
    return std::nullopt;
}

SandboxReply OpenAiRoutes::notFound(const SandboxRequest &request) const
{
    return error(404, QStringLiteral("Invalid URL (%1 %2)").arg(QString::fromLatin1(request.method), request.path),
                 QStringLiteral("invalid_request_error"));
}

std::optional<SandboxReply> OpenAiRoutes::fault(SandboxFault kind, const SandboxFaults &faults,
                                                const SandboxRequest &request) const
{
    Q_UNUSED(request);
    switch (kind) {
    case SandboxFault::RateLimit: {
        SandboxReply reply = error(429, QStringLiteral("Rate limit reached for requests. Please try again later."),
                                   QStringLiteral("requests"), {}, QStringLiteral("rate_limit_exceeded"));
        if (faults.retryAfterSec > 0)
            reply.setHeader("retry-after", QByteArray::number(faults.retryAfterSec));
        return reply;
    }
    case SandboxFault::ServerError:
        return error(500, QStringLiteral("The server had an error while processing your request. Sorry about that!"),
                     QStringLiteral("server_error"));
    case SandboxFault::Overloaded:
        return error(503, QStringLiteral("The engine is currently overloaded, please try again later."),
                     QStringLiteral("server_error"));
    case SandboxFault::SpendLimit:
        return error(429, QStringLiteral("You exceeded your current quota, please check your plan and billing details."),
                     QStringLiteral("insufficient_quota"), {}, QStringLiteral("insufficient_quota"));
    }
    return std::nullopt;
}

void OpenAiRoutes::finish(const SandboxRequest &request, SandboxReply &reply)
{
    reply.setHeader("x-request-id", request.requestId.toLatin1());
}

SandboxReply OpenAiRoutes::error(int status, const QString &message, const QString &type, const QString &param,
                                 const QString &code)
{
    return SandboxReply::json(QJsonObject{{QStringLiteral("error"), QJsonObject{{QStringLiteral("message"), message},
                                                                               {QStringLiteral("type"), type},
                                                                               {QStringLiteral("param"), stringOrNull(param)},
                                                                               {QStringLiteral("code"), stringOrNull(code)}}}},
                              status);
}

SandboxReply OpenAiRoutes::costs(const SandboxRequest &request) const
{
    Window window;
    if (auto bad = parseWindow(request, {{"1d", kDaySec, 7, 180}}, &window))
        return *bad;
    const QStringList groups = request.queryValues(QStringLiteral("group_by"));
    for (const QString &g : groups) {
        if (g != QLatin1String("project_id") && g != QLatin1String("line_item"))
            return error(400, QStringLiteral("Invalid 'group_by': '%1'.").arg(g), QStringLiteral("invalid_request_error"),
                         QStringLiteral("group_by"));
    }
    const bool byProject = groups.contains(QLatin1String("project_id"));
    const bool byLine = groups.contains(QLatin1String("line_item"));
    const SandboxBucketPage page = SandboxCosts::bucketPage(window.from, window.to, request.nowMs / 1000, kDaySec,
                                                           window.limit, window.cursor);
    QJsonArray data;
    for (const auto &bucket : page.buckets) {
        QList<std::pair<QStringList, qint64>> sums;  // [project, line item] -> micro-dollars
        for (const SandboxUsage &u : m_world.costs().usageBetween(QStringLiteral("openai"), bucket.first, bucket.second)) {
            if (filtered(request, QStringLiteral("project_ids"), u.group))
                continue;
            for (const SandboxCostLine &line : u.lines) {
                const QStringList key = {byProject ? u.group : QString(), byLine ? line.label : QString()};
                auto it = std::find_if(sums.begin(), sums.end(), [&](const auto &s) { return s.first == key; });
                if (it == sums.end())
                    sums.append({key, line.micros});
                else
                    it->second += line.micros;
            }
        }
        QJsonArray results;
        for (const auto &[key, micros] : sums) {
            const QJsonValue value = request.faults.openAiAmountsAsStrings
                                         ? QJsonValue(microsAsDollars(micros))
                                         : QJsonValue(static_cast<double>(micros) / 1e6);
            results.append(QJsonObject{{QStringLiteral("object"), QStringLiteral("organization.costs.result")},
                                       {QStringLiteral("amount"), QJsonObject{{QStringLiteral("value"), value},
                                                                              {QStringLiteral("currency"), QStringLiteral("usd")}}},
                                       {QStringLiteral("line_item"), stringOrNull(key.at(1))},
                                       {QStringLiteral("project_id"), stringOrNull(key.at(0))}});
        }
        data.append(bucketJson(bucket, results));
    }
    return SandboxReply::json(pageJson(data, page));
}

SandboxReply OpenAiRoutes::usage(const SandboxRequest &request, const QString &kind) const
{
    static const QStringList kinds = {QStringLiteral("completions"), QStringLiteral("embeddings"),
                                      QStringLiteral("moderations"), QStringLiteral("images"),
                                      QStringLiteral("audio_speeches"), QStringLiteral("audio_transcriptions"),
                                      QStringLiteral("vector_stores"), QStringLiteral("code_interpreter_sessions")};
    if (!kinds.contains(kind))
        return notFound(request);
    Window window;
    if (auto bad = parseWindow(request, {{"1m", 60, 60, 1440}, {"1h", 3600, 24, 168}, {"1d", kDaySec, 7, 31}}, &window))
        return *bad;
    static const QStringList allowed = {QStringLiteral("project_id"), QStringLiteral("user_id"), QStringLiteral("api_key_id"),
                                        QStringLiteral("model"), QStringLiteral("batch"), QStringLiteral("service_tier")};
    const QStringList groups = request.queryValues(QStringLiteral("group_by"));
    for (const QString &g : groups) {
        if (!allowed.contains(g))
            return error(400, QStringLiteral("Invalid 'group_by': '%1'.").arg(g), QStringLiteral("invalid_request_error"),
                         QStringLiteral("group_by"));
    }
    const bool batchOnly = request.queryValue(QStringLiteral("batch")) == QLatin1String("true");
    const SandboxBucketPage page = SandboxCosts::bucketPage(window.from, window.to, request.nowMs / 1000,
                                                           window.width.seconds, window.limit, window.cursor);
    QJsonArray data;
    for (const auto &bucket : page.buckets) {
        QList<std::pair<QStringList, SandboxUsage>> sums;
        const QList<SandboxUsage> rows = kind == QLatin1String("completions") && !batchOnly
                                             ? m_world.costs().usageBetween(QStringLiteral("openai"), bucket.first, bucket.second)
                                             : QList<SandboxUsage>();
        for (const SandboxUsage &u : rows) {
            if (filtered(request, QStringLiteral("project_ids"), u.group) || filtered(request, QStringLiteral("models"), u.model)
                || filtered(request, QStringLiteral("api_key_ids"), u.apiKeyId)
                || filtered(request, QStringLiteral("user_ids"), userOf(u))) {
                continue;
            }
            const QStringList values = {u.group, userOf(u), u.apiKeyId, u.model, QStringLiteral("false"), QStringLiteral("default")};
            QStringList key;
            for (int i = 0; i < allowed.size(); ++i)
                key.append(groups.contains(allowed.at(i)) ? values.at(i) : QString());
            auto it = std::find_if(sums.begin(), sums.end(), [&](const auto &s) { return s.first == key; });
            if (it == sums.end()) {
                sums.append({key, u});
            } else {
                it->second.inputTokens += u.inputTokens;
                it->second.cachedTokens += u.cachedTokens;
                it->second.outputTokens += u.outputTokens;
                it->second.requests += u.requests;
            }
        }
        QJsonArray results;
        for (const auto &[key, u] : sums) {
            QJsonObject r{{QStringLiteral("object"), QStringLiteral("organization.usage.completions.result")},
                          {QStringLiteral("input_tokens"), u.inputTokens},
                          {QStringLiteral("input_cached_tokens"), u.cachedTokens},
                          {QStringLiteral("output_tokens"), u.outputTokens},
                          {QStringLiteral("input_audio_tokens"), 0},
                          {QStringLiteral("output_audio_tokens"), 0},
                          {QStringLiteral("num_model_requests"), u.requests}};
            for (int i = 0; i < allowed.size(); ++i) {
                const QString &v = key.at(i);
                r.insert(allowed.at(i), allowed.at(i) == QLatin1String("batch") && !v.isEmpty() ? QJsonValue(false) : stringOrNull(v));
            }
            results.append(r);
        }
        data.append(bucketJson(bucket, results));
    }
    return SandboxReply::json(pageJson(data, page));
}

SandboxReply OpenAiRoutes::listKeys(const SandboxRequest &request, const QString &projectId) const
{
    const auto limit = parseInt(request.queryValue(QStringLiteral("limit"), QStringLiteral("20")));
    if (!limit || *limit < 1 || *limit > 100)
        return error(400, QStringLiteral("Invalid 'limit': integer below minimum value or above maximum value."),
                     QStringLiteral("invalid_request_error"), QStringLiteral("limit"));
    if (!projectId.isEmpty() && projectId != QLatin1String(SandboxWorld::kOpenAiProjectId)
        && projectId != QLatin1String("proj_demo_jobs"))
        return error(404, QStringLiteral("No such project: %1").arg(projectId), QStringLiteral("invalid_request_error"));
    QList<const SandboxOpenAiKey *> all;
    for (const SandboxOpenAiKey &k : m_world.openaiKeys())
        if (k.projectId == projectId)
            all.append(&k);
    qsizetype begin = 0;
    if (request.hasQuery(QStringLiteral("after"))) {
        const QString after = request.queryValue(QStringLiteral("after"));
        begin = -1;
        for (qsizetype i = 0; i < all.size(); ++i)
            if (all[i]->id == after)
                begin = i + 1;
        if (begin < 0)
            return error(400, QStringLiteral("Invalid 'after': no such key."), QStringLiteral("invalid_request_error"),
                         QStringLiteral("after"));
    }
    const qsizetype end = std::min<qsizetype>(all.size(), begin + *limit);
    QJsonArray data;
    for (qsizetype i = begin; i < end; ++i) {
        const SandboxOpenAiKey &k = *all[i];
        QJsonObject o{{QStringLiteral("object"), projectId.isEmpty() ? QStringLiteral("organization.admin_api_key")
                                                                      : QStringLiteral("organization.project.api_key")},
                      {QStringLiteral("id"), k.id},
                      {QStringLiteral("name"), k.name},
                      {QStringLiteral("redacted_value"), k.redacted},
                      {QStringLiteral("created_at"), k.createdAt / 1000},
                      {QStringLiteral("last_used_at"), QJsonValue(QJsonValue::Null)}};
        if (!projectId.isEmpty())
            o.insert(QStringLiteral("owner"), QJsonObject{{QStringLiteral("type"), QStringLiteral("service_account")}});
        data.append(o);
    }
    const auto idAt = [&](qsizetype i) { return data.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(all[i]->id); };
    return SandboxReply::json(QJsonObject{{QStringLiteral("object"), QStringLiteral("list")},
                                          {QStringLiteral("data"), data},
                                          {QStringLiteral("first_id"), idAt(begin)},
                                          {QStringLiteral("last_id"), idAt(end - 1)},
                                          {QStringLiteral("has_more"), end < all.size()}});
}

SandboxReply OpenAiRoutes::deleteKey(const SandboxRequest &request, const QString &projectId, const QString &keyId)
{
    Q_UNUSED(request);
    if (!m_world.deleteOpenAiKey(projectId, keyId))
        return error(404, QStringLiteral("No such API key: %1").arg(keyId), QStringLiteral("invalid_request_error"));
    return SandboxReply::json(QJsonObject{{QStringLiteral("object"), projectId.isEmpty()
                                                                         ? QStringLiteral("organization.admin_api_key.deleted")
                                                                         : QStringLiteral("organization.project.api_key.deleted")},
                                          {QStringLiteral("id"), keyId},
                                          {QStringLiteral("deleted"), true}});
}

} // namespace opsdeck
