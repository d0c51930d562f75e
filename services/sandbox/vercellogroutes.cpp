#include "sandbox/vercellogroutes.h"

#include "sandbox/sandboxformat.h"
#include "sandbox/sandboxrouter.h"
#include "sandbox/sandboxworld.h"
#include "sandbox/vercelroutes.h"

#include <QJsonDocument>

namespace opsdeck {

using namespace sandboxformat;

namespace {

std::optional<SandboxReply> checkScope(const SandboxRequest &request, const QString &projectIdOrName)
{
    const VercelRoutes::Scope scope = VercelRoutes::scopeOf(request);
    if (scope == VercelRoutes::Scope::Refused)
        return VercelRoutes::error(403, QStringLiteral("forbidden"), QStringLiteral("Not authorized"));
    if (scope != VercelRoutes::Scope::Team || !VercelRoutes::isProject(projectIdOrName))
        return VercelRoutes::error(404, QStringLiteral("not_found"), QStringLiteral("Project not found"));
    return std::nullopt;
}

QByteArray ndjson(const QJsonObject &line)
{
    return QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
}

// GET /v1/projects/{projectId}/deployments/{deploymentId}/runtime-logs
SandboxReply runtimeLogs(const SandboxRequest &request, const SandboxWorld &world)
{
    if (auto refused = checkScope(request, request.arg(0)))
        return *refused;
    const SandboxDeployment *d = world.deployment(request.arg(1));
    if (!d || d->uid != request.arg(1))
        return VercelRoutes::error(404, QStringLiteral("not_found"), QStringLiteral("Deployment not found"));
    // The seeded traffic hit the deployment that served production when the world was made.
    const bool served = d->uid == world.runtimeLogsDeploymentId();
    const auto since = parseInt(request.queryValue(QStringLiteral("since")));
    const qint64 limit = parseInt(request.queryValue(QStringLiteral("limit"))).value_or(-1);
    QByteArray body;
    qint64 written = 0;
    for (const SandboxLogLine &log : world.runtimeLogs()) {
        if (!served || (since && log.timestampMs < *since) || (limit >= 0 && written >= limit))
            continue;
        ++written;
        body += ndjson(QJsonObject{{QStringLiteral("level"), log.level},
                                   {QStringLiteral("message"), log.message},
                                   {QStringLiteral("messageTruncated"), false},
                                   {QStringLiteral("rowId"), log.rowId},
                                   {QStringLiteral("source"), log.source},
                                   {QStringLiteral("timestampInMs"), log.timestampMs},
                                   {QStringLiteral("domain"), QString::fromLatin1(SandboxWorld::kProductionDomain)},
                                   {QStringLiteral("requestMethod"), log.requestMethod},
                                   {QStringLiteral("requestPath"), log.requestPath},
                                   {QStringLiteral("responseStatusCode"), log.statusCode}});
    }
    // End of the stream: the delimiter line the CLI stops at.
    body += ndjson(QJsonObject{{QStringLiteral("level"), QStringLiteral("error")},
                               {QStringLiteral("message"), QStringLiteral("End of runtime logs")},
                               {QStringLiteral("rowId"), QString()},
                               {QStringLiteral("source"), QStringLiteral("delimiter")},
                               {QStringLiteral("timestampInMs"), request.nowMs}});
    SandboxReply reply;
    reply.contentType = QByteArrayLiteral("application/stream+json");
    reply.body = body;
    return reply;
}

// GET /api/logs/request-logs (vercel.com, undocumented): 0-based pages of request rows.
SandboxReply requestLogs(const SandboxRequest &request, const SandboxWorld &world)
{
    // This endpoint is scoped by ownerId (the team), not teamId.
    const QString owner = request.queryValue(QStringLiteral("ownerId"));
    if (!owner.isEmpty() && owner != QLatin1String(SandboxWorld::kTeamId))
        return VercelRoutes::error(403, QStringLiteral("forbidden"), QStringLiteral("Not authorized"));
    if (owner.isEmpty() || !VercelRoutes::isProject(request.queryValue(QStringLiteral("projectId"))))
        return VercelRoutes::error(404, QStringLiteral("not_found"), QStringLiteral("Project not found"));
    constexpr qint64 kPageRows = 50;
    const qint64 page = std::max<qint64>(0, parseInt(request.queryValue(QStringLiteral("page"))).value_or(0));
    const qint64 start = parseInt(request.queryValue(QStringLiteral("startDate"))).value_or(request.nowMs - kDayMs);
    const qint64 end = parseInt(request.queryValue(QStringLiteral("endDate"))).value_or(request.nowMs);
    const QStringList levels = request.queryValue(QStringLiteral("level")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    const QString statusCode = request.queryValue(QStringLiteral("statusCode"));
    const QString search = request.queryValue(QStringLiteral("search"));
    const QString deploymentId = request.queryValue(QStringLiteral("deploymentId"));
    const QString production = world.runtimeLogsDeploymentId();
    QList<const SandboxLogLine *> matching;
    const QList<SandboxLogLine> &logs = world.runtimeLogs();
    for (auto it = logs.crbegin(); it != logs.crend(); ++it) {  // newest first
        const SandboxLogLine &log = *it;
        if (log.timestampMs < start || log.timestampMs > end || (!levels.isEmpty() && !levels.contains(log.level)))
            continue;
        if (!statusCode.isEmpty() && !QString::number(log.statusCode).startsWith(statusCode.left(statusCode.indexOf(QLatin1Char('x')))))
            continue;
        if ((!search.isEmpty() && !log.message.contains(search, Qt::CaseInsensitive)) || (!deploymentId.isEmpty() && deploymentId != production))
            continue;
        matching.append(&log);
    }
    QJsonArray rows;
    for (qint64 i = page * kPageRows; i < std::min<qint64>(matching.size(), (page + 1) * kPageRows); ++i) {
        const SandboxLogLine &log = *matching.at(i);
        rows.append(QJsonObject{
            {QStringLiteral("requestId"), log.requestId},
            {QStringLiteral("timestamp"), isoMillis(log.timestampMs)},
            {QStringLiteral("deploymentId"), production},
            {QStringLiteral("requestMethod"), log.requestMethod},
            {QStringLiteral("requestPath"), log.requestPath},
            {QStringLiteral("statusCode"), log.statusCode},
            {QStringLiteral("environment"), QStringLiteral("production")},
            {QStringLiteral("branch"), QStringLiteral("main")},
            {QStringLiteral("domain"), QString::fromLatin1(SandboxWorld::kProductionDomain)},
            {QStringLiteral("logs"), QJsonArray{QJsonObject{{QStringLiteral("level"), log.level},
                                                            {QStringLiteral("message"), log.message},
                                                            {QStringLiteral("messageTruncated"), false}}}},
            {QStringLiteral("events"), QJsonArray{QJsonObject{{QStringLiteral("source"), log.source}}}}});
    }
    return SandboxReply::json(QJsonObject{{QStringLiteral("rows"), rows},
                                          {QStringLiteral("hasMoreRows"), (page + 1) * kPageRows < matching.size()}});
}

// GET /v3/deployments/{idOrUrl}/events: the build log.
SandboxReply buildEvents(const SandboxRequest &request, const SandboxWorld &world)
{
    const VercelRoutes::Scope scope = VercelRoutes::scopeOf(request);
    if (scope == VercelRoutes::Scope::Refused)
        return VercelRoutes::error(403, QStringLiteral("forbidden"), QStringLiteral("Not authorized"));
    const SandboxDeployment *d = scope == VercelRoutes::Scope::Team ? world.deployment(request.arg(0)) : nullptr;
    if (!d)
        return VercelRoutes::error(404, QStringLiteral("not_found"), QStringLiteral("Deployment not found"));
    QList<std::pair<QString, QString>> lines = {
        {QStringLiteral("stdout"), QStringLiteral("Cloning github.com/acme/web (Branch: %1, Commit: %2)").arg(d->ref, d->sha.left(7))},
        {QStringLiteral("stdout"), QStringLiteral("Running \"npm install\"")},
        {QStringLiteral("stdout"), QStringLiteral("added 812 packages in 14s")},
        {QStringLiteral("command"), QStringLiteral("Running \"npm run build\"")},
        {QStringLiteral("stdout"), QStringLiteral("> next build")}};
    if (d->state == QLatin1String("ERROR")) {
        lines.append({QStringLiteral("stderr"), QStringLiteral("Error: relation \"orders_v2\" does not exist")});
        lines.append({QStringLiteral("stderr"), QString(QStringLiteral("Error: ") + d->errorMessage)});
    } else {
        lines.append({QStringLiteral("stdout"), QStringLiteral("Compiled successfully")});
        lines.append({QStringLiteral("stdout"), QStringLiteral("Deployment completed")});
    }
    QJsonArray events;
    const qint64 step = std::max<qint64>(1, (d->ready - d->buildingAt) / lines.size());
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const qint64 at = d->buildingAt + i * step;
        const QString id = QStringLiteral("evt_%1_%2").arg(d->uid.mid(4, 8)).arg(i);
        events.append(QJsonObject{{QStringLiteral("type"), lines.at(i).first},
                                  {QStringLiteral("created"), at},
                                  {QStringLiteral("payload"), QJsonObject{{QStringLiteral("id"), id},
                                                                          {QStringLiteral("date"), at},
                                                                          {QStringLiteral("text"), lines.at(i).second},
                                                                          {QStringLiteral("deploymentId"), d->uid}}}});
    }
    if (request.queryValue(QStringLiteral("follow")) != QLatin1String("1"))
        return SandboxReply::json(events);
    SandboxReply reply;
    reply.contentType = QByteArrayLiteral("application/stream+json");
    for (const QJsonValue &event : std::as_const(events))
        reply.body += ndjson(event.toObject());
    return reply;
}

} // namespace

void VercelLogRoutes::install(SandboxRouter &router, SandboxWorld &world)
{
    const SandboxWorld *w = &world;
    router.add("GET", QStringLiteral("/v1/projects/<arg>/deployments/<arg>/runtime-logs"),
               [w](const SandboxRequest &r) { return runtimeLogs(r, *w); });
    router.add("GET", QStringLiteral("/api/logs/request-logs"), [w](const SandboxRequest &r) { return requestLogs(r, *w); });
    router.add("GET", QStringLiteral("/v3/deployments/<arg>/events"), [w](const SandboxRequest &r) { return buildEvents(r, *w); });
}

} // namespace opsdeck
