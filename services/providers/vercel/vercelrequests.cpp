#include "providers/vercel/vercelrequests.h"

#include "providers/apiurl.h"

#include <algorithm>

namespace opsdeck::vercel {

namespace {
HttpRequest makeRequest(const VercelConfig &config, const QUrl &base, const QByteArray &method,
                        const QString &encodedPath, QueryBuilder query)
{
    if (!config.teamId.isEmpty())
        query.add(QStringLiteral("teamId"), config.teamId);
    HttpRequest r;
    r.method = method;
    r.url = apiUrl(base, encodedPath, query);
    r.provider = QStringLiteral("vercel");
    r.headers.append({QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")});
    r.authHeaders.append({QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + config.token.toUtf8()});
    return r;
}

HttpRequest makeRequest(const VercelConfig &config, const QByteArray &method, const QString &encodedPath,
                        QueryBuilder query = {})
{
    return makeRequest(config, config.baseUrl, method, encodedPath, std::move(query));
}

void setJsonBody(HttpRequest &r, const QByteArray &json)
{
    r.body = json;
    r.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
}

QString projectPath(const VercelConfig &config)
{
    return pathSegment(config.projectId);
}
} // namespace

HttpRequest listDeploymentsRequest(const VercelConfig &config, const DeploymentQuery &query, int pageSize,
                                   std::optional<qint64> until)
{
    QueryBuilder q;
    q.addIfNotEmpty(QStringLiteral("projectId"), config.projectId);
    q.add(QStringLiteral("limit"), std::clamp(pageSize, 1, 100));
    q.addIfNotEmpty(QStringLiteral("target"), query.target);
    if (!query.states.isEmpty())
        q.add(QStringLiteral("state"), query.states.join(QLatin1Char(',')));
    if (query.rollbackCandidate)
        q.add(QStringLiteral("rollbackCandidate"), QStringLiteral("true"));
    if (until)
        q.add(QStringLiteral("until"), *until);
    return makeRequest(config, "GET", QStringLiteral("/v6/deployments"), q);
}

HttpRequest getDeploymentRequest(const VercelConfig &config, const QString &idOrUrl)
{
    return makeRequest(config, "GET", QStringLiteral("/v13/deployments/") + pathSegment(idOrUrl));
}

HttpRequest getProjectRequest(const VercelConfig &config)
{
    return makeRequest(config, "GET", QStringLiteral("/v9/projects/") + projectPath(config));
}

HttpRequest listProjectsRequest(const VercelConfig &config, int pageSize, const QString &from, const QString &search)
{
    QueryBuilder q;
    q.add(QStringLiteral("limit"), std::clamp(pageSize, 1, 100));
    q.addIfNotEmpty(QStringLiteral("from"), from);
    q.addIfNotEmpty(QStringLiteral("search"), search.left(100));
    return makeRequest(config, "GET", QStringLiteral("/v10/projects"), q);
}

HttpRequest rollbackRequest(const VercelConfig &config, const QString &deploymentId, const QString &description,
                            bool legacyV9)
{
    const QString tail = QStringLiteral("/projects/") + projectPath(config) + QStringLiteral("/rollback/")
        + pathSegment(deploymentId);
    QueryBuilder q;
    if (!legacyV9)
        q.addIfNotEmpty(QStringLiteral("description"), description);
    HttpRequest r = makeRequest(config, "POST", (legacyV9 ? QStringLiteral("/v9") : QStringLiteral("/v1")) + tail, q);
    if (legacyV9)
        setJsonBody(r, QByteArrayLiteral("{}"));  // the CLI notes this body is required
    r.idempotent = false;
    return r;
}

HttpRequest promoteRequest(const VercelConfig &config, const QString &deploymentId)
{
    HttpRequest r = makeRequest(config, "POST",
                                QStringLiteral("/v10/projects/") + projectPath(config) + QStringLiteral("/promote/")
                                    + pathSegment(deploymentId));
    setJsonBody(r, QByteArrayLiteral("{}"));
    r.idempotent = false;
    return r;
}

HttpRequest runtimeLogsRequest(const VercelConfig &config, const QString &deploymentId, const RuntimeLogQuery &query)
{
    QueryBuilder q;
    q.add(QStringLiteral("format"), QStringLiteral("lines"));
    // [unsure] whether the server honours `since`; RuntimeLogCollector filters as well.
    if (query.since.isValid())
        q.add(QStringLiteral("since"), query.since.toMSecsSinceEpoch());
    HttpRequest r = makeRequest(config, "GET",
                                QStringLiteral("/v1/projects/") + projectPath(config) + QStringLiteral("/deployments/")
                                    + pathSegment(deploymentId) + QStringLiteral("/runtime-logs"),
                                q);
    r.headers.replace(0, {QByteArrayLiteral("Accept"), QByteArrayLiteral("application/stream+json")});
    r.streaming = true;  // (HttpClient never retries once data was streamed, so no line repeats)
    r.maxBodyBytes = 256 * 1024 * 1024;
    r.transferTimeoutMs = 5 * 60 * 1000;  // a quiet tail is not a dead one
    r.deadlineMs = query.maxDurationMs > 0 ? query.maxDurationMs + 30'000 : 10 * 60 * 1000;
    return r;
}

HttpRequest buildEventsRequest(const VercelConfig &config, const QString &idOrUrl, bool follow)
{
    QueryBuilder q;
    q.add(QStringLiteral("direction"), QStringLiteral("forward"));
    q.add(QStringLiteral("limit"), -1);
    q.add(QStringLiteral("follow"), follow ? 1 : 0);
    HttpRequest r = makeRequest(config, "GET", QStringLiteral("/v3/deployments/") + pathSegment(idOrUrl) + QStringLiteral("/events"), q);
    r.maxBodyBytes = 64 * 1024 * 1024;
    if (follow) {
        r.headers.replace(0, {QByteArrayLiteral("Accept"), QByteArrayLiteral("application/stream+json")});
        r.streaming = true;
        r.transferTimeoutMs = 5 * 60 * 1000;  // a build step may print nothing for minutes
        r.deadlineMs = 60 * 60 * 1000;         // Vercel stops a build after 45 minutes
    }
    return r;
}

HttpRequest envVarsRequest(const VercelConfig &config)
{
    return makeRequest(config, "GET", QStringLiteral("/v10/projects/") + projectPath(config) + QStringLiteral("/env"));
}

QUrl requestLogsBase(const VercelConfig &config)
{
    if (config.requestLogsBaseUrl.isValid() && !config.requestLogsBaseUrl.isEmpty())
        return config.requestLogsBaseUrl;
    if (config.baseUrl.host() == QLatin1String("api.vercel.com"))
        return QUrl(QStringLiteral("https://vercel.com"));
    return config.baseUrl;
}

HttpRequest requestLogsRequest(const VercelConfig &config, const RequestLogQuery &query, int page)
{
    QueryBuilder q;
    q.add(QStringLiteral("projectId"), config.projectId);
    q.add(QStringLiteral("ownerId"), config.teamId);
    q.add(QStringLiteral("page"), page);
    q.add(QStringLiteral("startDate"), query.start.toMSecsSinceEpoch());
    q.add(QStringLiteral("endDate"), query.end.toMSecsSinceEpoch());
    q.addIfNotEmpty(QStringLiteral("deploymentId"), query.deploymentId);
    q.addIfNotEmpty(QStringLiteral("environment"), query.environment);
    if (!query.levels.isEmpty())
        q.add(QStringLiteral("level"), query.levels.join(QLatin1Char(',')));
    return makeRequest(config, requestLogsBase(config), "GET", QStringLiteral("/api/logs/request-logs"), q);
}

HttpRequest currentUserRequest(const VercelConfig &config)
{
    VercelConfig personal = config;
    personal.teamId.clear();  // the user, not a team
    return makeRequest(personal, "GET", QStringLiteral("/v2/user"));
}

} // namespace opsdeck::vercel
