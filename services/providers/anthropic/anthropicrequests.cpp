#include "providers/anthropic/anthropicrequests.h"

#include "providers/apiurl.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace opsdeck::anthropic {

namespace {
HttpRequest makeRequest(const AnthropicConfig &config, const QByteArray &method, const QString &encodedPath,
                        const QueryBuilder &query = {})
{
    HttpRequest r;
    r.method = method;
    r.url = apiUrl(config.baseUrl, encodedPath, query);
    r.provider = QStringLiteral("anthropic");
    r.headers.append({QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")});
    r.headers.append({QByteArrayLiteral("anthropic-version"), QByteArrayLiteral("2023-06-01")});
    r.authHeaders.append({QByteArrayLiteral("x-api-key"), config.adminKey.toUtf8()});
    return r;
}

QueryBuilder reportQuery(const QDateTime &start, const QDateTime &end, const QStringList &groupBy,
                         const QString &page)
{
    QueryBuilder q;
    q.add(QStringLiteral("starting_at"), rfc3339(start));
    if (end.isValid())
        q.add(QStringLiteral("ending_at"), rfc3339(end));
    q.add(QStringLiteral("bucket_width"), QStringLiteral("1d"));
    q.add(QStringLiteral("limit"), 31);
    q.addEach(QStringLiteral("group_by[]"), groupBy);
    q.addIfNotEmpty(QStringLiteral("page"), page);
    return q;
}
} // namespace

QString rfc3339(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ"));
}

HttpRequest costReportRequest(const AnthropicConfig &config, const QDateTime &start, const QDateTime &end,
                              const QStringList &groupBy, const QString &page)
{
    return makeRequest(config, "GET", QStringLiteral("/v1/organizations/cost_report"),
                       reportQuery(start, end, groupBy, page));
}

HttpRequest usageReportRequest(const AnthropicConfig &config, const QDateTime &start, const QDateTime &end,
                               const QStringList &groupBy, const QString &page)
{
    return makeRequest(config, "GET", QStringLiteral("/v1/organizations/usage_report/messages"),
                       reportQuery(start, end, groupBy, page));
}

HttpRequest listApiKeysRequest(const AnthropicConfig &config, const QString &status, const QString &afterId)
{
    QueryBuilder q;
    q.add(QStringLiteral("limit"), 100);
    q.addIfNotEmpty(QStringLiteral("status"), status);
    q.addIfNotEmpty(QStringLiteral("after_id"), afterId);
    return makeRequest(config, "GET", QStringLiteral("/v1/organizations/api_keys"), q);
}

HttpRequest updateApiKeyRequest(const AnthropicConfig &config, const QString &keyId, const QString &status)
{
    HttpRequest r = makeRequest(config, "POST", QStringLiteral("/v1/organizations/api_keys/") + pathSegment(keyId));
    r.body = QJsonDocument(QJsonObject{{QStringLiteral("status"), status}}).toJson(QJsonDocument::Compact);
    r.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    r.idempotent = false;
    return r;
}

HttpRequest modelsRequest(const AnthropicConfig &config)
{
    QueryBuilder q;
    q.add(QStringLiteral("limit"), 1);
    return makeRequest(config, "GET", QStringLiteral("/v1/models"), q);
}

} // namespace opsdeck::anthropic
