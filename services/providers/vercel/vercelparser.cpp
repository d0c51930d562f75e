#include "providers/vercel/vercelparser.h"

#include "core/text.h"
#include "providers/jsonreader.h"
#include "providers/vercel/runtimelogcollector.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace opsdeck {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(opsdeck::VercelParser)
};

const QString kVercel = QStringLiteral("Vercel");

Deployment readDeployment(const JsonObjectView &o)
{
    Deployment d;
    // Lists say `uid`, the single view says `id`.
    d.id = o.has("uid") ? o.string("uid") : o.string("id");
    if (d.id.isEmpty() && !o.reader()->failed())
        o.fail("uid", Tr::tr("is empty"));
    d.name = o.optText("name").value_or(QString());
    d.projectId = o.optString("projectId").value_or(QString());
    d.url = o.optText("url").value_or(QString());  // null while the upload is incomplete
    const auto readyState = o.optString("readyState");
    const auto state = o.optString("state");
    if (readyState && !readyState->isEmpty())
        d.state = *readyState;
    else if (state && !state->isEmpty())
        d.state = *state;
    else
        o.fail("readyState", Tr::tr("and 'state' are both missing"));
    d.state = sanitizeForDisplay(d.state);
    d.readySubstate = o.optText("readySubstate").value_or(QString());
    d.target = o.optText("target").value_or(QStringLiteral("preview"));  // null = preview
    auto created = o.has("created") ? o.optEpochMs("created") : o.optEpochMs("createdAt");
    if (!created && !o.reader()->failed())
        o.fail("created", Tr::tr("is missing"));
    d.createdAt = created.value_or(QDateTime());
    d.buildingAt = o.optEpochMs("buildingAt").value_or(QDateTime());
    d.readyAt = o.optEpochMs("ready").value_or(QDateTime());
    if (const auto creator = o.optObject("creator")) {
        d.creatorUid = creator->optString("uid").value_or(QString());
        for (const char *key : {"username", "githubLogin", "gitlabLogin", "email"}) {
            const QString v = creator->optText(key).value_or(QString());
            if (d.creator.isEmpty() && !v.isEmpty())
                d.creator = v;
        }
        if (d.creator.isEmpty())
            d.creator = sanitizeForDisplay(d.creatorUid);
    }
    if (const auto meta = o.optObject("meta")) {
        d.commitSha = meta->optText("githubCommitSha").value_or(QString());
        d.commitMessage = meta->optText("githubCommitMessage").value_or(QString());
        d.commitRef = meta->optText("githubCommitRef").value_or(QString());
    }
    d.source = o.optText("source").value_or(QString());
    d.inspectorUrl = o.optString("inspectorUrl").value_or(QString());
    d.isRollbackCandidate = o.optBool("isRollbackCandidate");
    d.aliasAssigned = o.has("aliasAssigned") && o.value("aliasAssigned").isDouble()
                          ? std::optional<bool>(true)  // older responses carry a timestamp
                          : o.optBool("aliasAssigned");
    d.aliases = o.optStringList("alias").value_or(QStringList());
    d.errorCode = o.optText("errorCode").value_or(QString());
    d.errorMessage = o.optText("errorMessage").value_or(QString());
    return d;
}

AliasRequest readAliasRequest(const JsonObjectView &o)
{
    AliasRequest a;
    a.jobStatus = o.string("jobStatus");
    a.requestedAt = o.optEpochMs("requestedAt").value_or(QDateTime());
    if (!o.has("requestedAt"))
        o.fail("requestedAt", Tr::tr("is missing"));
    a.toDeploymentId = o.string("toDeploymentId");
    a.fromDeploymentId = o.optString("fromDeploymentId").value_or(QString());
    a.type = o.optString("type").value_or(QString());
    return a;
}

Project readProject(const JsonObjectView &o)
{
    Project p;
    p.id = o.string("id");
    p.name = o.optText("name").value_or(QString());
    p.accountId = o.optString("accountId").value_or(QString());
    p.framework = o.optText("framework").value_or(QString());
    p.createdAt = o.optEpochMs("createdAt").value_or(QDateTime());
    p.updatedAt = o.optEpochMs("updatedAt").value_or(QDateTime());
    if (const auto targets = o.optObject("targets")) {
        // [unsure] nesting: targets.production is a deployment object; accept a bare id too.
        const QJsonValue prod = targets->value("production");
        if (prod.isString())
            p.productionDeploymentId = prod.toString();
        else if (const auto prodObj = targets->optObject("production"))
            p.productionDeploymentId = prodObj->optString("id").value_or(QString());
    }
    if (const auto alias = o.optObject("lastAliasRequest"))
        p.lastAliasRequest = readAliasRequest(*alias);
    return p;
}

template <typename T>
Result<T> finishParse(const JsonReader &reader, T value)
{
    if (reader.failed())
        return reader.error();
    return value;
}
} // namespace

Result<DeploymentPage> parseDeployments(const QByteArray &body)
{
    JsonReader reader(kVercel, Tr::tr("deployment list"));
    const auto root = reader.root(body);
    if (!root)
        return reader.error();
    DeploymentPage page;
    for (const JsonObjectView &item : root->objects("deployments"))
        page.items.append(readDeployment(item));
    const JsonObjectView pagination = root->objectAt("pagination");
    page.next = pagination.optInteger("next");
    return finishParse(reader, std::move(page));
}

Result<Deployment> parseDeployment(const QByteArray &body)
{
    JsonReader reader(kVercel, Tr::tr("deployment"));
    const auto root = reader.root(body);
    if (!root)
        return reader.error();
    Deployment d = readDeployment(*root);
    return finishParse(reader, std::move(d));
}

Result<Project> parseProject(const QByteArray &body)
{
    JsonReader reader(kVercel, Tr::tr("project"));
    const auto root = reader.root(body);
    if (!root)
        return reader.error();
    Project p = readProject(*root);
    return finishParse(reader, std::move(p));
}

Result<ProjectPage> parseProjects(const QByteArray &body)
{
    JsonReader reader(kVercel, Tr::tr("project list"));
    const auto root = reader.root(body);
    if (!root)
        return reader.error();
    ProjectPage page;
    for (const JsonObjectView &item : root->objects("projects"))
        page.items.append(readProject(item));
    const JsonObjectView pagination = root->objectAt("pagination");
    const QJsonValue next = pagination.value("next");
    if (next.isString())  // a continuation token
        page.next = next.toString();
    else if (const auto n = pagination.optInteger("next"))
        page.next = QString::number(*n);
    return finishParse(reader, std::move(page));
}

Result<RuntimeLogLine> parseRuntimeLogLine(const QByteArray &line)
{
    JsonReader reader(kVercel, Tr::tr("runtime log line"));
    const auto o = reader.root(line);
    if (!o)
        return reader.error();
    RuntimeLogLine l;
    l.level = sanitizeForDisplay(o->string("level"));
    l.message = o->optText("message", true).value_or(QString());
    l.messageTruncated = o->optBool("messageTruncated").value_or(false);
    l.rowId = o->optString("rowId").value_or(QString());
    l.source = sanitizeForDisplay(o->string("source"));
    l.timestamp = o->optEpochMs("timestampInMs").value_or(QDateTime());
    if (!l.timestamp.isValid() && !isRuntimeLogDelimiter(l) && !reader.failed())
        o->fail("timestampInMs", Tr::tr("is missing"));
    l.domain = o->optText("domain").value_or(QString());
    l.requestMethod = o->optText("requestMethod").value_or(QString());
    l.requestPath = o->optText("requestPath").value_or(QString());
    l.responseStatusCode = int(o->optInteger("responseStatusCode").value_or(0));
    return finishParse(reader, std::move(l));
}

bool isRuntimeLogDelimiter(const RuntimeLogLine &line)
{
    return line.source == QLatin1String("delimiter") && line.rowId.isEmpty();
}

RuntimeLogResult parseRuntimeLogs(const QByteArray &ndjson, const RuntimeLogQuery &query)
{
    RuntimeLogCollector collector(query);
    collector.feed(ndjson);
    collector.finish();
    return collector.result();
}

Result<RequestLogPage> parseRequestLogs(const QByteArray &body)
{
    JsonReader reader(kVercel, Tr::tr("request logs"));
    const auto root = reader.root(body);
    if (!root)
        return reader.error();
    RequestLogPage page;
    for (const JsonObjectView &o : root->objects("rows")) {
        RequestLogRow row;
        row.requestId = o.optString("requestId").value_or(QString());
        // [unsure] timestamp as ms number or ISO string: accept both.
        row.timestamp = o.value("timestamp").isString() ? o.optIsoDate("timestamp").value_or(QDateTime())
                                                         : o.optEpochMs("timestamp").value_or(QDateTime());
        if (!row.timestamp.isValid() && !reader.failed())
            o.fail("timestamp", Tr::tr("is missing"));
        row.deploymentId = o.optString("deploymentId").value_or(QString());
        row.requestMethod = o.optText("requestMethod").value_or(QString());
        row.requestPath = o.optText("requestPath").value_or(QString());
        row.statusCode = int(o.optInteger("statusCode").value_or(0));
        row.environment = o.optText("environment").value_or(QString());
        row.branch = o.optText("branch").value_or(QString());
        row.domain = o.optText("domain").value_or(QString());
        static const QStringList severity = {QStringLiteral("trace"), QStringLiteral("debug"), QStringLiteral("info"),
                                             QStringLiteral("warning"), QStringLiteral("error"),
                                             QStringLiteral("fatal")};
        for (const JsonObjectView &log : o.objects("logs", false)) {
            const QString level = log.optText("level").value_or(QString());
            if (severity.indexOf(level) > severity.indexOf(row.level))
                row.level = level;
            row.messages.append(log.optText("message", true).value_or(QString()));
        }
        page.items.append(row);
    }
    page.hasMoreRows = root->optBool("hasMoreRows").value_or(false);
    return finishParse(reader, std::move(page));
}

ApiErrorBody parseVercelError(const QByteArray &body)
{
    const QJsonObject error = QJsonDocument::fromJson(body).object().value(QLatin1String("error")).toObject();
    ApiErrorBody out;
    out.message = sanitizeForDisplay(error.value(QLatin1String("message")).toString()).left(500);
    out.code = sanitizeForDisplay(error.value(QLatin1String("code")).toString()).left(100);
    return out;
}

Error vercelError(const HttpResponse &response)
{
    return httpStatusError(kVercel, response, parseVercelError(response.body));
}

} // namespace opsdeck
