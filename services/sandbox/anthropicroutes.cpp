#include "sandbox/anthropicroutes.h"

#include "sandbox/sandbox.h"
#include "sandbox/sandboxformat.h"
#include "sandbox/sandboxworld.h"

#include <QJsonDocument>

namespace opsdeck {

using namespace sandboxformat;

namespace {

struct Window {
    qint64 from = 0;
    qint64 to = 0;
    qint64 width = kDaySec;
    int limit = 7;
    std::optional<qint64> cursor;
};

// Array parameters come as group_by[]=x (official examples) or repeated group_by=x.
QStringList arrayParam(const SandboxRequest &request, const QString &name)
{
    return request.queryValues(name + QStringLiteral("[]")) + request.queryValues(name);
}

std::optional<SandboxReply> parseWindow(const SandboxRequest &request, bool costReport, Window *out)
{
    const auto bad = [&](const QString &message) {
        return AnthropicRoutes::error(request, 400, QStringLiteral("invalid_request_error"), message);
    };
    const auto start = parseIso(request.queryValue(QStringLiteral("starting_at")));
    if (!start)
        return bad(QStringLiteral("starting_at: a valid RFC 3339 datetime is required"));
    out->from = *start / 1000;
    out->to = request.nowMs / 1000;
    if (request.hasQuery(QStringLiteral("ending_at"))) {
        const auto end = parseIso(request.queryValue(QStringLiteral("ending_at")));
        if (!end)
            return bad(QStringLiteral("ending_at: invalid RFC 3339 datetime"));
        out->to = *end / 1000;
    }
    const QString width = request.queryValue(QStringLiteral("bucket_width"), QStringLiteral("1d"));
    int defaultLimit = 7;
    int maxLimit = 31;
    if (width == QLatin1String("1h") && !costReport) {
        out->width = 3600;
        defaultLimit = 24;
        maxLimit = 168;
    } else if (width == QLatin1String("1m") && !costReport) {
        out->width = 60;
        defaultLimit = 60;
        maxLimit = 1440;
    } else if (width != QLatin1String("1d")) {
        return bad(QStringLiteral("bucket_width: unsupported value '%1'").arg(width));
    }
    out->limit = defaultLimit;
    if (request.hasQuery(QStringLiteral("limit"))) {
        const auto limit = parseInt(request.queryValue(QStringLiteral("limit")));
        if (!limit || *limit < 1 || *limit > maxLimit)
            return bad(QStringLiteral("limit: must be between 1 and %1").arg(maxLimit));
        out->limit = static_cast<int>(*limit);
    }
    if (request.hasQuery(QStringLiteral("page"))) {
        const auto payload = decodeCursor(QStringLiteral("page_"), request.queryValue(QStringLiteral("page")));
        const auto at = payload ? parseIso(QString::fromLatin1(*payload)) : std::nullopt;
        if (!at)
            return bad(QStringLiteral("page: invalid page token"));
        out->cursor = *at / 1000;
    }
    return std::nullopt;
}

QJsonObject reportJson(const QJsonArray &data, const SandboxBucketPage &page)
{
    const QJsonValue next = page.next ? QJsonValue(encodeCursor(QStringLiteral("page_"), isoSeconds(*page.next * 1000).toLatin1()))
                                      : QJsonValue(QJsonValue::Null);
    return QJsonObject{{QStringLiteral("data"), data},
                       {QStringLiteral("has_more"), page.next.has_value()},
                       {QStringLiteral("next_page"), next}};
}

QJsonObject bucketJson(const std::pair<qint64, qint64> &bucket, const QJsonArray &results)
{
    return QJsonObject{{QStringLiteral("starting_at"), isoSeconds(bucket.first * 1000)},
                       {QStringLiteral("ending_at"), isoSeconds(bucket.second * 1000)},
                       {QStringLiteral("results"), results}};
}

QJsonObject keyJson(const SandboxApiKey &k)
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("api_key")},
                       {QStringLiteral("id"), k.id},
                       {QStringLiteral("name"), k.name},
                       {QStringLiteral("status"), k.status},
                       {QStringLiteral("created_at"), isoSeconds(k.createdAt)},
                       {QStringLiteral("created_by"), QJsonObject{{QStringLiteral("id"), k.createdBy},
                                                                  {QStringLiteral("type"), QStringLiteral("user")}}},
                       {QStringLiteral("expires_at"), QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("partial_key_hint"), k.hint},
                       {QStringLiteral("workspace_id"), stringOrNull(k.workspaceId)}};
}

template <typename Row>
Row &slot(QList<std::pair<QStringList, Row>> &sums, const QStringList &key)
{
    auto it = std::find_if(sums.begin(), sums.end(), [&](const auto &s) { return s.first == key; });
    if (it != sums.end())
        return it->second;
    sums.append({key, Row{}});
    return sums.last().second;
}

} // namespace

void AnthropicRoutes::install(SandboxRouter &router)
{
    router.add("GET", QStringLiteral("/v1/organizations/cost_report"), [this](const auto &r) { return costReport(r); });
    router.add("GET", QStringLiteral("/v1/organizations/usage_report/messages"), [this](const auto &r) { return usageReport(r); });
    router.add("GET", QStringLiteral("/v1/organizations/api_keys"), [this](const auto &r) { return listKeys(r); });
    router.add("GET", QStringLiteral("/v1/models"), [](const auto &) {
        QJsonArray data;
        for (const char *id : {"claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1"})
            data.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("model")},
                                    {QStringLiteral("id"), QString::fromLatin1(id)},
                                    {QStringLiteral("display_name"), QString::fromLatin1(id)},
                                    {QStringLiteral("created_at"), QStringLiteral("2025-09-29T00:00:00Z")}});
        return SandboxReply::json(QJsonObject{{QStringLiteral("data"), data},
                                              {QStringLiteral("has_more"), false},
                                              {QStringLiteral("first_id"), data.first().toObject().value(QStringLiteral("id"))},
                                              {QStringLiteral("last_id"), data.last().toObject().value(QStringLiteral("id"))}});
    });
    router.add("GET", QStringLiteral("/v1/organizations/api_keys/<arg>"), [this](const auto &r) { return getKey(r); });
    router.add("POST", QStringLiteral("/v1/organizations/api_keys/<arg>"), [this](const auto &r) { return updateKey(r); });
}

std::optional<SandboxReply> AnthropicRoutes::checkAuth(const SandboxRequest &request)
{
    const QByteArray key = request.header("x-api-key");
    const QByteArray bearer = request.bearerToken();
    if (key.isEmpty() && bearer.isEmpty())
        return error(request, 401, QStringLiteral("authentication_error"), QStringLiteral("x-api-key header is required"));
    // /v1/models takes the product's API keys; the Admin API only admin keys.
    const QString kind = request.path.startsWith(QLatin1String("/v1/models")) ? QStringLiteral("anthropic-api-key")
                                                                              : QStringLiteral("anthropic-admin-key");
    if (!m_world.acceptsKey(kind, key.isEmpty() ? bearer : key))
        return error(request, 401, QStringLiteral("authentication_error"), QStringLiteral("invalid x-api-key"));
    const QByteArray version = request.header("anthropic-version");
    if (version.isEmpty())
        return error(request, 400, QStringLiteral("invalid_request_error"), QStringLiteral("anthropic-version: header is required"));
    if (version != "2023-06-01" && version != "2023-01-01") {
        return error(request, 400, QStringLiteral("invalid_request_error"),
                     QStringLiteral("anthropic-version: unknown version '%1'").arg(QString::fromLatin1(version)));
    }
    return std::nullopt;
}

SandboxReply AnthropicRoutes::notFound(const SandboxRequest &request) const
{
    return error(request, 404, QStringLiteral("not_found_error"), QStringLiteral("Not found"));
}

std::optional<SandboxReply> AnthropicRoutes::fault(SandboxFault kind, const SandboxFaults &faults,
                                                   const SandboxRequest &request) const
{
    switch (kind) {
    case SandboxFault::RateLimit: {
        SandboxReply reply = error(request, 429, QStringLiteral("rate_limit_error"),
                                   QStringLiteral("This request would exceed your organization's rate limit. Please try again later."));
        if (faults.retryAfterSec > 0)
            reply.setHeader("retry-after", QByteArray::number(faults.retryAfterSec));
        return reply;
    }
    case SandboxFault::ServerError:
        return error(request, 500, QStringLiteral("api_error"), QStringLiteral("Internal server error"));
    case SandboxFault::Overloaded:
        return error(request, 529, QStringLiteral("overloaded_error"), QStringLiteral("Overloaded"));
    case SandboxFault::SpendLimit: {
        const QDate next = QDateTime::fromMSecsSinceEpoch(request.nowMs, Qt::UTC).date().addMonths(1);
        return error(request, 429, QStringLiteral("rate_limit_error"),
                     QStringLiteral("enforced_spend_limit_reached: This request would exceed your organization's "
                                    "monthly spend limit. You will regain access on %1 at 00:00 UTC.")
                         .arg(QDate(next.year(), next.month(), 1).toString(Qt::ISODate)));
    }
    }
    return std::nullopt;
}

void AnthropicRoutes::finish(const SandboxRequest &request, SandboxReply &reply)
{
    reply.setHeader("request-id", request.requestId.toLatin1());
}

SandboxReply AnthropicRoutes::error(const SandboxRequest &request, int status, const QString &type, const QString &message)
{
    return SandboxReply::json(QJsonObject{{QStringLiteral("type"), QStringLiteral("error")},
                                          {QStringLiteral("error"), QJsonObject{{QStringLiteral("type"), type},
                                                                               {QStringLiteral("message"), message}}},
                                          {QStringLiteral("request_id"), request.requestId}},
                              status);
}

SandboxReply AnthropicRoutes::costReport(const SandboxRequest &request) const
{
    Window window;
    if (auto bad = parseWindow(request, true, &window))
        return *bad;
    const QStringList groups = arrayParam(request, QStringLiteral("group_by"));
    for (const QString &g : groups) {
        if (g != QLatin1String("workspace_id") && g != QLatin1String("description"))
            return error(request, 400, QStringLiteral("invalid_request_error"), QStringLiteral("group_by: invalid value '%1'").arg(g));
    }
    const bool byWorkspace = groups.contains(QLatin1String("workspace_id"));
    const bool byDescription = groups.contains(QLatin1String("description"));
    const SandboxBucketPage page = SandboxCosts::bucketPage(window.from, window.to, request.nowMs / 1000, kDaySec,
                                                           window.limit, window.cursor);
    QJsonArray data;
    for (const auto &bucket : page.buckets) {
        struct Sum {
            qint64 micros = 0;
            const SandboxCostLine *line = nullptr;
            QString model;
        };
        QList<std::pair<QStringList, Sum>> sums;
        const QList<SandboxUsage> rows = m_world.costs().usageBetween(QStringLiteral("anthropic"), bucket.first, bucket.second);
        for (const SandboxUsage &u : rows) {
            for (const SandboxCostLine &line : u.lines) {
                const QStringList key = {byWorkspace ? u.group : QString(),
                                         byDescription ? u.model + QLatin1Char('|') + line.label : QString()};
                Sum &sum = slot(sums, key);
                sum.micros += line.micros;
                sum.line = &line;
                sum.model = u.model;
            }
        }
        QJsonArray results;
        for (const auto &[key, sum] : sums) {
            const bool tokens = sum.line->costType == QLatin1String("tokens");
            const auto described = [&](const QJsonValue &value) { return byDescription ? value : QJsonValue(QJsonValue::Null); };
            results.append(QJsonObject{
                {QStringLiteral("amount"), microsAsCents(sum.micros)},
                {QStringLiteral("currency"), QStringLiteral("USD")},
                {QStringLiteral("workspace_id"), stringOrNull(key.at(0))},
                {QStringLiteral("description"), described(sum.line->label)},
                {QStringLiteral("cost_type"), described(sum.line->costType)},
                {QStringLiteral("model"), described(sum.model)},
                {QStringLiteral("token_type"), described(tokens ? QJsonValue(sum.line->tokenType) : QJsonValue(QJsonValue::Null))},
                {QStringLiteral("service_tier"), described(tokens ? QJsonValue(QStringLiteral("standard")) : QJsonValue(QJsonValue::Null))},
                {QStringLiteral("context_window"), described(tokens ? QJsonValue(QStringLiteral("0-200k")) : QJsonValue(QJsonValue::Null))},
                {QStringLiteral("inference_geo"), described(QStringLiteral("global"))}});
        }
        data.append(bucketJson(bucket, results));
    }
    return SandboxReply::json(reportJson(data, page));
}

SandboxReply AnthropicRoutes::usageReport(const SandboxRequest &request) const
{
    Window window;
    if (auto bad = parseWindow(request, false, &window))
        return *bad;
    static const QStringList keys = {QStringLiteral("api_key_id"), QStringLiteral("workspace_id"), QStringLiteral("model"),
                                     QStringLiteral("service_tier"), QStringLiteral("context_window"),
                                     QStringLiteral("inference_geo"), QStringLiteral("account_id"),
                                     QStringLiteral("service_account_id"), QStringLiteral("speed")};
    const QStringList groups = arrayParam(request, QStringLiteral("group_by"));
    for (const QString &g : groups) {
        const bool speedAllowed = request.header("anthropic-beta").contains("fast-mode-2026-02-01");
        if (!keys.contains(g) || (g == QLatin1String("speed") && !speedAllowed))
            return error(request, 400, QStringLiteral("invalid_request_error"), QStringLiteral("group_by: invalid value '%1'").arg(g));
    }
    const QStringList models = arrayParam(request, QStringLiteral("models"));
    const QStringList workspaces = arrayParam(request, QStringLiteral("workspace_ids"));
    const QStringList apiKeys = arrayParam(request, QStringLiteral("api_key_ids"));
    const QStringList tiers = arrayParam(request, QStringLiteral("service_tiers"));
    const SandboxBucketPage page = SandboxCosts::bucketPage(window.from, window.to, request.nowMs / 1000, window.width,
                                                           window.limit, window.cursor);
    QJsonArray data;
    for (const auto &bucket : page.buckets) {
        QList<std::pair<QStringList, SandboxUsage>> sums;
        for (const SandboxUsage &u : m_world.costs().usageBetween(QStringLiteral("anthropic"), bucket.first, bucket.second)) {
            if ((!models.isEmpty() && !models.contains(u.model)) || (!workspaces.isEmpty() && !workspaces.contains(u.group))
                || (!apiKeys.isEmpty() && !apiKeys.contains(u.apiKeyId))
                || (!tiers.isEmpty() && !tiers.contains(QLatin1String("standard")))) {
                continue;
            }
            const QStringList values = {u.apiKeyId, u.group, u.model, QStringLiteral("standard"), QStringLiteral("0-200k"),
                                        QStringLiteral("global"), QString(), QString(), QStringLiteral("standard")};
            QStringList key;
            for (int i = 0; i < keys.size(); ++i)
                key.append(groups.contains(keys.at(i)) ? values.at(i) : QString());
            SandboxUsage &sum = slot(sums, key);
            sum.inputTokens += u.inputTokens;
            sum.cachedTokens += u.cachedTokens;
            sum.cacheWriteTokens += u.cacheWriteTokens;
            sum.outputTokens += u.outputTokens;
            sum.webSearches += u.webSearches;
        }
        QJsonArray results;
        for (const auto &[key, u] : sums) {
            QJsonObject r{{QStringLiteral("uncached_input_tokens"), u.inputTokens},
                          {QStringLiteral("cache_read_input_tokens"), u.cachedTokens},
                          {QStringLiteral("cache_creation"), QJsonObject{{QStringLiteral("ephemeral_5m_input_tokens"), u.cacheWriteTokens},
                                                                        {QStringLiteral("ephemeral_1h_input_tokens"), 0}}},
                          {QStringLiteral("output_tokens"), u.outputTokens},
                          {QStringLiteral("server_tool_use"), QJsonObject{{QStringLiteral("web_search_requests"), u.webSearches}}}};
            for (int i = 0; i < keys.size(); ++i)
                r.insert(keys.at(i), stringOrNull(key.at(i)));
            results.append(r);
        }
        data.append(bucketJson(bucket, results));
    }
    return SandboxReply::json(reportJson(data, page));
}

SandboxReply AnthropicRoutes::listKeys(const SandboxRequest &request) const
{
    const auto limit = parseInt(request.queryValue(QStringLiteral("limit"), QStringLiteral("20")));
    if (!limit || *limit < 1 || *limit > 1000)
        return error(request, 400, QStringLiteral("invalid_request_error"), QStringLiteral("limit: must be between 1 and 1000"));
    const QString status = request.queryValue(QStringLiteral("status"));
    const QString workspace = request.queryValue(QStringLiteral("workspace_id"));
    const QString creator = request.queryValue(QStringLiteral("created_by_user_id"));
    QList<const SandboxApiKey *> all;
    for (const SandboxApiKey &k : m_world.apiKeys()) {
        if ((status.isEmpty() || k.status == status) && (workspace.isEmpty() || k.workspaceId == workspace)
            && (creator.isEmpty() || k.createdBy == creator)) {
            all.append(&k);
        }
    }
    const auto indexOf = [&](const QString &id) {
        for (qsizetype i = 0; i < all.size(); ++i) {
            if (all.at(i)->id == id)
                return i;
        }
        return qsizetype(-1);
    };
    qsizetype begin = 0;
    qsizetype end = all.size();
    if (request.hasQuery(QStringLiteral("after_id"))) {
        const qsizetype at = indexOf(request.queryValue(QStringLiteral("after_id")));
        if (at < 0)
            return error(request, 400, QStringLiteral("invalid_request_error"), QStringLiteral("after_id: unknown id"));
        begin = at + 1;
    } else if (request.hasQuery(QStringLiteral("before_id"))) {
        const qsizetype at = indexOf(request.queryValue(QStringLiteral("before_id")));
        if (at < 0)
            return error(request, 400, QStringLiteral("invalid_request_error"), QStringLiteral("before_id: unknown id"));
        end = at;
        begin = std::max<qsizetype>(0, end - *limit);
    }
    end = std::min<qsizetype>(end, begin + *limit);
    QJsonArray data;
    for (qsizetype i = begin; i < end; ++i)
        data.append(keyJson(*all.at(i)));
    const bool hasMore = request.hasQuery(QStringLiteral("before_id")) ? begin > 0 : end < all.size();
    return SandboxReply::json(QJsonObject{{QStringLiteral("data"), data},
                                          {QStringLiteral("has_more"), hasMore},
                                          {QStringLiteral("first_id"), data.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(all.at(begin)->id)},
                                          {QStringLiteral("last_id"), data.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(all.at(end - 1)->id)}});
}

SandboxReply AnthropicRoutes::getKey(const SandboxRequest &request) const
{
    for (const SandboxApiKey &k : m_world.apiKeys()) {
        if (k.id == request.arg(0))
            return SandboxReply::json(keyJson(k));
    }
    return notFound(request);
}

SandboxReply AnthropicRoutes::updateKey(const SandboxRequest &request)
{
    SandboxApiKey *key = m_world.apiKey(request.arg(0));
    if (!key)
        return notFound(request);
    const QJsonDocument doc = QJsonDocument::fromJson(request.body);
    if (!doc.isObject())
        return error(request, 400, QStringLiteral("invalid_request_error"), QStringLiteral("The request body is not valid JSON"));
    const QJsonObject body = doc.object();
    const QString status = body.value(QStringLiteral("status")).toString();
    if (body.contains(QStringLiteral("status")) && status != QLatin1String("active") && status != QLatin1String("inactive")
        && status != QLatin1String("archived")) {
        return error(request, 400, QStringLiteral("invalid_request_error"), QStringLiteral("status: invalid value '%1'").arg(status));
    }
    if (key->status == QLatin1String("archived") && !status.isEmpty() && status != key->status)
        return error(request, 400, QStringLiteral("invalid_request_error"), QStringLiteral("An archived API key cannot be changed"));
    if (!status.isEmpty())
        key->status = status;
    if (body.value(QStringLiteral("name")).isString())
        key->name = body.value(QStringLiteral("name")).toString();
    return SandboxReply::json(keyJson(*key));
}

} // namespace opsdeck
