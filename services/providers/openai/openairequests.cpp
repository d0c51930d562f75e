#include "providers/openai/openairequests.h"

#include "providers/apiurl.h"

namespace opsdeck::openai {

namespace {
QUrl apiBase(const OpenAiConfig &config)
{
    // The documented base is https://api.openai.com/v1; the paths below carry /v1 themselves.
    QUrl base = config.baseUrl;
    QString path = base.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    if (path.endsWith(QLatin1String("/v1")))
        path.chop(3);
    base.setPath(path);
    return base;
}

HttpRequest plainRequest(const OpenAiConfig &config, const QByteArray &method, const QString &encodedPath,
                         const QueryBuilder &query = {})
{
    HttpRequest r;
    r.method = method;
    r.url = apiUrl(apiBase(config), encodedPath, query);
    r.provider = QStringLiteral("openai");
    r.headers.append({QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")});
    r.authHeaders.append({QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + config.adminKey.toUtf8()});
    if (method != "GET")
        r.idempotent = false;
    return r;
}

QueryBuilder keyListQuery(const QString &after)
{
    QueryBuilder q;
    q.add(QStringLiteral("limit"), 100);
    q.addIfNotEmpty(QStringLiteral("after"), after);
    return q;
}

HttpRequest makeRequest(const OpenAiConfig &config, const QString &path, const QDateTime &start,
                        const QDateTime &end, const QStringList &groupBy, int bucketLimit, const QString &page)
{
    QueryBuilder q;
    q.add(QStringLiteral("start_time"), start.toSecsSinceEpoch());
    if (end.isValid())
        q.add(QStringLiteral("end_time"), end.toSecsSinceEpoch());
    q.add(QStringLiteral("bucket_width"), QStringLiteral("1d"));
    q.add(QStringLiteral("limit"), bucketLimit);
    q.addEach(QStringLiteral("group_by"), groupBy);
    q.addIfNotEmpty(QStringLiteral("page"), page);
    HttpRequest r;
    r.url = apiUrl(apiBase(config), path, q);
    r.provider = QStringLiteral("openai");
    r.headers.append({QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")});
    r.authHeaders.append({QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + config.adminKey.toUtf8()});
    return r;
}
} // namespace

HttpRequest costsRequest(const OpenAiConfig &config, const QDateTime &start, const QDateTime &end,
                         const QStringList &groupBy, const QString &page)
{
    return makeRequest(config, QStringLiteral("/v1/organization/costs"), start, end, groupBy, 180, page);
}

HttpRequest completionsUsageRequest(const OpenAiConfig &config, const QDateTime &start, const QDateTime &end,
                                    const QStringList &groupBy, const QString &page)
{
    return makeRequest(config, QStringLiteral("/v1/organization/usage/completions"), start, end, groupBy, 31, page);
}

HttpRequest modelsRequest(const OpenAiConfig &config)
{
    return plainRequest(config, "GET", QStringLiteral("/v1/models"));
}

HttpRequest listAdminKeysRequest(const OpenAiConfig &config, const QString &after)
{
    return plainRequest(config, "GET", QStringLiteral("/v1/organization/admin_api_keys"), keyListQuery(after));
}

HttpRequest deleteAdminKeyRequest(const OpenAiConfig &config, const QString &keyId)
{
    return plainRequest(config, "DELETE", QStringLiteral("/v1/organization/admin_api_keys/") + pathSegment(keyId));
}

HttpRequest listProjectKeysRequest(const OpenAiConfig &config, const QString &projectId, const QString &after)
{
    return plainRequest(config, "GET",
                        QStringLiteral("/v1/organization/projects/") + pathSegment(projectId) + QStringLiteral("/api_keys"),
                        keyListQuery(after));
}

HttpRequest deleteProjectKeyRequest(const OpenAiConfig &config, const QString &projectId, const QString &keyId)
{
    return plainRequest(config, "DELETE",
                        QStringLiteral("/v1/organization/projects/") + pathSegment(projectId) + QStringLiteral("/api_keys/")
                            + pathSegment(keyId));
}

} // namespace opsdeck::openai
