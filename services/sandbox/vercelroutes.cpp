#include "sandbox/vercelroutes.h"

#include "sandbox/sandbox.h"
#include "sandbox/sandboxformat.h"
#include "sandbox/sandboxworld.h"
#include "sandbox/vercellogroutes.h"

#include <QJsonDocument>

namespace opsdeck {

using namespace sandboxformat;

namespace {

QString str(const char *latin1)
{
    return QString::fromLatin1(latin1);
}

bool activeAliasRequest(const std::optional<SandboxAliasRequest> &r)
{
    return r && (r->jobStatus == QLatin1String("pending") || r->jobStatus == QLatin1String("in-progress"));
}

} // namespace

void VercelRoutes::install(SandboxRouter &router)
{
    router.add("GET", QStringLiteral("/v6/deployments"), [this](const auto &r) { return listDeployments(r); });
    // The token's user (validation before a rotation stores a token).
    router.add("GET", QStringLiteral("/v2/user"), [](const auto &) {
        return SandboxReply::json(QJsonObject{
            {QStringLiteral("user"), QJsonObject{{QStringLiteral("id"), QStringLiteral("usr_demoAdmin0001")},
                                                 {QStringLiteral("email"), QStringLiteral("sre@acme.example")},
                                                 {QStringLiteral("name"), QStringLiteral("Acme SRE")},
                                                 {QStringLiteral("username"), QStringLiteral("acme-sre")},
                                                 {QStringLiteral("createdAt"), 1700000000000LL}}}});
    });
    router.add("GET", QStringLiteral("/v13/deployments/<arg>"), [this](const auto &r) { return getDeployment(r); });
    router.add("GET", QStringLiteral("/v9/projects/<arg>"), [this](const auto &r) { return getProject(r); });
    router.add("GET", QStringLiteral("/v10/projects"), [this](const auto &r) { return listProjects(r); });
    router.add("GET", QStringLiteral("/v10/projects/<arg>/env"), [this](const auto &r) { return listEnv(r); });
    router.add("POST", QStringLiteral("/v1/projects/<arg>/rollback/<arg>"),
               [this](const auto &r) { return changeProduction(r, QStringLiteral("rollback")); });
    router.add("POST", QStringLiteral("/v9/projects/<arg>/rollback/<arg>"),
               [this](const auto &r) { return changeProduction(r, QStringLiteral("rollback-v9")); });
    router.add("POST", QStringLiteral("/v10/projects/<arg>/promote/<arg>"),
               [this](const auto &r) { return changeProduction(r, QStringLiteral("promote")); });
    router.add("GET", QStringLiteral("/v9/projects/<arg>/rollback/aliases"),
               [this](const auto &r) { return rollbackAliases(r); });
    VercelLogRoutes::install(router, m_world);
}

std::optional<SandboxReply> VercelRoutes::checkAuth(const SandboxRequest &request)
{
    if (request.header("authorization").isEmpty()) {
        SandboxReply reply = error(401, QStringLiteral("forbidden"),
                                   QStringLiteral("The request is missing an authentication token"));
        return reply;
    }
    if (!m_world.acceptsKey(QStringLiteral("vercel-token"), request.bearerToken()))
        return error(403, QStringLiteral("forbidden"), QStringLiteral("Not authorized"));
    return std::nullopt;
}

SandboxReply VercelRoutes::notFound(const SandboxRequest &request) const
{
    Q_UNUSED(request);
    return error(404, QStringLiteral("not_found"), QStringLiteral("The requested endpoint was not found"));
}

std::optional<SandboxReply> VercelRoutes::fault(SandboxFault kind, const SandboxFaults &faults,
                                                const SandboxRequest &request) const
{
    switch (kind) {
    case SandboxFault::RateLimit: {
        const qint64 resetSec = request.nowMs / 1000 + std::max(1, faults.retryAfterSec);
        QJsonObject body{{QStringLiteral("code"), QStringLiteral("rate_limited")},
                         {QStringLiteral("message"), QStringLiteral("Rate limit exceeded")},
                         {QStringLiteral("limit"), QJsonObject{{QStringLiteral("remaining"), 0},
                                                               {QStringLiteral("reset"), resetSec},
                                                               {QStringLiteral("resetMs"), resetSec * 1000},
                                                               {QStringLiteral("total"), 100}}}};
        SandboxReply reply = SandboxReply::json(QJsonObject{{QStringLiteral("error"), body}}, 429);
        reply.setHeader("X-RateLimit-Limit", "100");
        reply.setHeader("X-RateLimit-Remaining", "0");
        reply.setHeader("X-RateLimit-Reset", QByteArray::number(resetSec));
        if (faults.retryAfterSec > 0)
            reply.setHeader("Retry-After", QByteArray::number(faults.retryAfterSec));
        return reply;
    }
    case SandboxFault::ServerError:
        return error(500, QStringLiteral("internal_server_error"), QStringLiteral("An unexpected internal error occurred"));
    case SandboxFault::Overloaded:
        return error(503, QStringLiteral("service_unavailable"), QStringLiteral("The service is temporarily unavailable"));
    case SandboxFault::SpendLimit:
        return std::nullopt;
    }
    return std::nullopt;
}

void VercelRoutes::prepare(const SandboxRequest &request)
{
    m_world.advanceAliasRequest(request.nowMs, false);
}

SandboxReply VercelRoutes::error(int status, const QString &code, const QString &message)
{
    return SandboxReply::json(QJsonObject{{QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), code},
                                                                               {QStringLiteral("message"), message}}}},
                              status);
}

VercelRoutes::Scope VercelRoutes::scopeOf(const SandboxRequest &request)
{
    const QString teamId = request.queryValue(QStringLiteral("teamId"));
    const QString slug = request.queryValue(QStringLiteral("slug"));
    if (teamId.isEmpty() && slug.isEmpty())
        return Scope::Personal;
    if ((!teamId.isEmpty() && teamId != str(SandboxWorld::kTeamId)) || (!slug.isEmpty() && slug != str(SandboxWorld::kTeamSlug)))
        return Scope::Refused;
    return Scope::Team;
}

bool VercelRoutes::isProject(const QString &idOrName)
{
    return idOrName == str(SandboxWorld::kProjectId) || idOrName == str(SandboxWorld::kProjectName);
}

QJsonObject VercelRoutes::deploymentJson(const SandboxDeployment &d) const
{
    const bool ready = d.state == QLatin1String("READY");
    QJsonObject o{
        {QStringLiteral("uid"), d.uid},
        {QStringLiteral("name"), str(SandboxWorld::kProjectName)},
        {QStringLiteral("projectId"), str(SandboxWorld::kProjectId)},
        {QStringLiteral("url"), d.url},
        {QStringLiteral("created"), d.created},
        {QStringLiteral("createdAt"), d.created},
        {QStringLiteral("buildingAt"), d.buildingAt},
        {QStringLiteral("ready"), d.ready},
        {QStringLiteral("state"), d.state},
        {QStringLiteral("readyState"), d.state},
        {QStringLiteral("type"), QStringLiteral("LAMBDAS")},
        {QStringLiteral("target"), d.production ? QJsonValue(QStringLiteral("production")) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("creator"), QJsonObject{{QStringLiteral("uid"), d.creatorUid},
                                                {QStringLiteral("username"), d.creatorName},
                                                {QStringLiteral("githubLogin"), d.creatorName}}},
        {QStringLiteral("meta"), QJsonObject{{QStringLiteral("githubCommitSha"), d.sha},
                                             {QStringLiteral("githubCommitMessage"), d.message},
                                             {QStringLiteral("githubCommitRef"), d.ref},
                                             {QStringLiteral("githubCommitAuthorName"), d.authorName},
                                             {QStringLiteral("githubCommitAuthorLogin"), d.creatorName},
                                             {QStringLiteral("githubOrg"), str(SandboxWorld::kRepoOwner)},
                                             {QStringLiteral("githubRepo"), str(SandboxWorld::kRepoName)},
                                             {QStringLiteral("githubCommitOrg"), str(SandboxWorld::kRepoOwner)},
                                             {QStringLiteral("githubCommitRepo"), str(SandboxWorld::kRepoName)},
                                             {QStringLiteral("githubDeployment"), QStringLiteral("1")}}},
        {QStringLiteral("source"), QStringLiteral("git")},
        {QStringLiteral("inspectorUrl"), QString(QStringLiteral("https://vercel.com/acme/web/") + d.uid.mid(4))},
        {QStringLiteral("isRollbackCandidate"), d.rollbackCandidate},
        {QStringLiteral("aliasAssigned"), ready ? QJsonValue(d.ready) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("aliasError"), QJsonValue(QJsonValue::Null)},
    };
    if (ready) {
        o.insert(QStringLiteral("readySubstate"), d.promoted ? QStringLiteral("PROMOTED") : QStringLiteral("STAGED"));
        o.insert(QStringLiteral("checksState"), QStringLiteral("completed"));
        o.insert(QStringLiteral("checksConclusion"), QStringLiteral("succeeded"));
    }
    return o;
}

QJsonObject VercelRoutes::singleDeploymentJson(const SandboxDeployment &d, bool withGitRepoInfo) const
{
    QJsonObject o = deploymentJson(d);
    o.remove(QStringLiteral("uid"));
    o.remove(QStringLiteral("created"));
    o.insert(QStringLiteral("id"), d.uid);
    o.insert(QStringLiteral("alias"), QJsonArray::fromStringList(m_world.aliasesOf(d.uid)));
    o.insert(QStringLiteral("aliasAssigned"), d.state == QLatin1String("READY") ? QJsonValue(d.ready) : QJsonValue(QJsonValue::Null));
    o.insert(QStringLiteral("ownerId"), str(SandboxWorld::kTeamId));
    o.insert(QStringLiteral("regions"), QJsonArray{QStringLiteral("iad1")});
    o.insert(QStringLiteral("public"), false);
    o.insert(QStringLiteral("version"), 2);
    if (!d.errorCode.isEmpty()) {
        o.insert(QStringLiteral("errorCode"), d.errorCode);
        o.insert(QStringLiteral("errorMessage"), d.errorMessage);
    }
    if (withGitRepoInfo) {
        o.insert(QStringLiteral("gitSource"), QJsonObject{{QStringLiteral("type"), QStringLiteral("github")},
                                                          {QStringLiteral("sha"), d.sha},
                                                          {QStringLiteral("ref"), d.ref},
                                                          {QStringLiteral("repoId"), 712345678},
                                                          {QStringLiteral("org"), str(SandboxWorld::kRepoOwner)},
                                                          {QStringLiteral("repo"), str(SandboxWorld::kRepoName)}});
    }
    return o;
}

SandboxReply VercelRoutes::listDeployments(const SandboxRequest &request) const
{
    const Scope scope = scopeOf(request);
    if (scope == Scope::Refused)
        return error(403, QStringLiteral("forbidden"), QStringLiteral("Not authorized"));
    QStringList projects = request.queryValue(QStringLiteral("projectIds")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    projects += request.queryValues(QStringLiteral("projectId"));
    if (!projects.isEmpty() && scope == Scope::Personal)
        return error(404, QStringLiteral("not_found"), QStringLiteral("Project not found"));
    const bool anyProject = projects.isEmpty() || std::any_of(projects.cbegin(), projects.cend(), isProject);

    const auto number = [&](const char *key) { return parseInt(request.queryValue(QString::fromLatin1(key))); };
    const auto until = number("until") ? number("until") : number("to");
    const auto since = number("since") ? number("since") : number("from");
    const qint64 limit = std::clamp<qint64>(number("limit").value_or(20), 1, 100);
    const QString target = request.queryValue(QStringLiteral("target"));
    const QStringList states = request.queryValue(QStringLiteral("state")).toUpper().split(QLatin1Char(','), Qt::SkipEmptyParts);
    const QStringList users = request.queryValue(QStringLiteral("users")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    const bool candidatesOnly = request.queryValue(QStringLiteral("rollbackCandidate")) == QLatin1String("true");
    const QString branch = request.queryValue(QStringLiteral("branch"));
    const QString sha = request.queryValue(QStringLiteral("sha"));
    const QString app = request.queryValue(QStringLiteral("app"));

    QJsonArray page;
    qint64 first = -1;
    qint64 last = -1;
    bool more = false;
    if (scope == Scope::Team && anyProject) {
        for (const SandboxDeployment &d : m_world.deployments()) {
            if ((until && d.created >= *until) || (since && d.created <= *since))
                continue;
            if ((target == QLatin1String("production") && !d.production) || (target == QLatin1String("preview") && d.production))
                continue;
            if ((!states.isEmpty() && !states.contains(d.state)) || (candidatesOnly && !d.rollbackCandidate))
                continue;
            if ((!users.isEmpty() && !users.contains(d.creatorUid)) || (!branch.isEmpty() && d.ref != branch))
                continue;
            if ((!sha.isEmpty() && !d.sha.startsWith(sha)) || (!app.isEmpty() && app != str(SandboxWorld::kProjectName)))
                continue;
            const QJsonObject item = deploymentJson(d);
            const QJsonObject meta = item.value(QStringLiteral("meta")).toObject();
            bool metaOk = true;
            for (const auto &q : request.query) {
                if (q.first.startsWith(QLatin1String("meta-")))
                    metaOk = metaOk && meta.value(q.first.mid(5)).toString() == q.second;
            }
            if (!metaOk)
                continue;
            if (page.size() == limit) {
                more = true;
                break;
            }
            page.append(item);
            first = first < 0 ? d.created : first;
            last = d.created;
        }
    }
    const QJsonObject pagination{{QStringLiteral("count"), page.size()},
                                 {QStringLiteral("next"), more ? QJsonValue(last) : QJsonValue(QJsonValue::Null)},
                                 {QStringLiteral("prev"), first >= 0 ? QJsonValue(first) : QJsonValue(QJsonValue::Null)}};
    return SandboxReply::json(QJsonObject{{QStringLiteral("pagination"), pagination},
                                          {QStringLiteral("deployments"), page}});
}

SandboxReply VercelRoutes::getDeployment(const SandboxRequest &request) const
{
    const Scope scope = scopeOf(request);
    if (scope == Scope::Refused)
        return error(403, QStringLiteral("forbidden"), QStringLiteral("Not authorized"));
    const SandboxDeployment *d = scope == Scope::Team ? m_world.deployment(request.arg(0)) : nullptr;
    if (!d)
        return error(404, QStringLiteral("not_found"), QStringLiteral("Deployment not found"));
    const bool git = request.queryValue(QStringLiteral("withGitRepoInfo")) == QLatin1String("true");
    return SandboxReply::json(singleDeploymentJson(*d, git));
}

QJsonObject VercelRoutes::projectJson() const
{
    QJsonArray latest;
    for (const SandboxDeployment &d : m_world.deployments()) {
        if (latest.size() < 5)
            latest.append(deploymentJson(d));
    }
    QJsonObject production;
    if (const SandboxDeployment *current = m_world.deployment(m_world.productionDeploymentId()))
        production = singleDeploymentJson(*current, false);
    const auto alias = m_world.lastAliasRequest();
    QJsonValue lastAlias(QJsonValue::Null);
    if (alias) {
        lastAlias = QJsonObject{{QStringLiteral("jobStatus"), alias->jobStatus},
                                {QStringLiteral("requestedAt"), alias->requestedAt},
                                {QStringLiteral("toDeploymentId"), alias->toDeploymentId},
                                {QStringLiteral("fromDeploymentId"), alias->fromDeploymentId},
                                {QStringLiteral("type"), alias->type}};
    }
    const qint64 created = m_world.startMs() - 400 * kDayMs;
    return QJsonObject{
        {QStringLiteral("id"), str(SandboxWorld::kProjectId)},
        {QStringLiteral("name"), str(SandboxWorld::kProjectName)},
        {QStringLiteral("accountId"), str(SandboxWorld::kTeamId)},
        {QStringLiteral("framework"), QStringLiteral("nextjs")},
        {QStringLiteral("nodeVersion"), QStringLiteral("22.x")},
        {QStringLiteral("createdAt"), created},
        {QStringLiteral("updatedAt"), m_world.deployments().isEmpty() ? created : m_world.deployments().first().created},
        {QStringLiteral("link"), QJsonObject{{QStringLiteral("type"), QStringLiteral("github")},
                                             {QStringLiteral("org"), str(SandboxWorld::kRepoOwner)},
                                             {QStringLiteral("repo"), str(SandboxWorld::kRepoName)},
                                             {QStringLiteral("repoId"), 712345678},
                                             {QStringLiteral("productionBranch"), QStringLiteral("main")}}},
        {QStringLiteral("latestDeployments"), latest},
        {QStringLiteral("targets"), QJsonObject{{QStringLiteral("production"), production}}},
        {QStringLiteral("lastAliasRequest"), lastAlias},
        {QStringLiteral("live"), true},
    };
}

// GET /v10/projects/{idOrName}/env: plain values as they are, the others encrypted unless decrypt=true.
SandboxReply VercelRoutes::listEnv(const SandboxRequest &request) const
{
    const Scope scope = scopeOf(request);
    if (scope == Scope::Refused)
        return error(403, QStringLiteral("forbidden"), QStringLiteral("Not authorized"));
    if (scope != Scope::Team || !isProject(request.arg(0)))
        return error(404, QStringLiteral("not_found"), QStringLiteral("Project not found"));
    const bool decrypt = request.queryValue(QStringLiteral("decrypt")) == QLatin1String("true");
    QJsonArray envs;
    for (const SandboxEnvVar &v : m_world.envVars()) {
        const bool plain = v.type == QLatin1String("plain") || v.type == QLatin1String("system");
        QJsonObject o{{QStringLiteral("id"), v.id},
                      {QStringLiteral("key"), v.key},
                      {QStringLiteral("type"), v.type},
                      {QStringLiteral("target"), QJsonArray::fromStringList(v.targets)},
                      {QStringLiteral("createdAt"), v.createdAt},
                      {QStringLiteral("updatedAt"), v.updatedAt},
                      {QStringLiteral("decrypted"), decrypt && !plain},
                      {QStringLiteral("value"), plain || decrypt ? v.value
                                                                 : QString::fromLatin1(v.value.toUtf8().toBase64().prepend("enc:"))}};
        o.insert(QStringLiteral("gitBranch"), v.gitBranch.isEmpty() ? QJsonValue() : QJsonValue(v.gitBranch));
        envs.append(o);
    }
    return SandboxReply::json(QJsonObject{{QStringLiteral("envs"), envs}});
}

SandboxReply VercelRoutes::getProject(const SandboxRequest &request)
{
    const Scope scope = scopeOf(request);
    if (scope == Scope::Refused)
        return error(403, QStringLiteral("forbidden"), QStringLiteral("Not authorized"));
    if (scope != Scope::Team || !isProject(request.arg(0)))
        return error(404, QStringLiteral("not_found"), QStringLiteral("Project not found"));
    m_world.advanceAliasRequest(request.nowMs, true);  // the rollback status poll
    return SandboxReply::json(projectJson());
}

SandboxReply VercelRoutes::listProjects(const SandboxRequest &request) const
{
    const Scope scope = scopeOf(request);
    if (scope == Scope::Refused)
        return error(403, QStringLiteral("forbidden"), QStringLiteral("Not authorized"));
    const QString search = request.queryValue(QStringLiteral("search"));
    QJsonArray projects;
    if (scope == Scope::Team && (search.isEmpty() || str(SandboxWorld::kProjectName).contains(search)))
        projects.append(projectJson());
    const QJsonObject pagination{{QStringLiteral("count"), projects.size()},
                                 {QStringLiteral("next"), QJsonValue(QJsonValue::Null)},
                                 {QStringLiteral("prev"), QJsonValue(QJsonValue::Null)}};
    return SandboxReply::json(QJsonObject{{QStringLiteral("projects"), projects},
                                          {QStringLiteral("pagination"), pagination}});
}

SandboxReply VercelRoutes::changeProduction(const SandboxRequest &request, const QString &type)
{
    const Scope scope = scopeOf(request);
    if (scope == Scope::Refused)
        return error(403, QStringLiteral("forbidden"), QStringLiteral("Not authorized"));
    if (scope != Scope::Team || !isProject(request.arg(0)))
        return error(404, QStringLiteral("not_found"), QStringLiteral("Project not found"));
    if (type == QLatin1String("rollback-v9") && !QJsonDocument::fromJson(request.body).isObject())
        return error(400, QStringLiteral("bad_request"), QStringLiteral("Invalid request: a JSON body is required"));
    const SandboxDeployment *d = m_world.deployment(request.arg(1));
    if (!d || d->uid != request.arg(1))
        return error(404, QStringLiteral("not_found"), QStringLiteral("Deployment not found"));
    if (activeAliasRequest(m_world.lastAliasRequest()))
        return error(409, QStringLiteral("conflict"), QStringLiteral("Another rollback or promotion is in progress"));
    if (d->state != QLatin1String("READY")) {
        return error(422, QStringLiteral("invalid_deployment"),
                     QStringLiteral("Deployment %1 is in state %2 and cannot serve production").arg(d->uid, d->state));
    }
    if (d->uid == m_world.productionDeploymentId())
        return error(409, QStringLiteral("conflict"), QStringLiteral("Deployment %1 already serves production").arg(d->uid));
    const bool promote = type == QLatin1String("promote");
    if (!promote && !d->rollbackCandidate) {
        return error(409, QStringLiteral("not_rollback_candidate"),
                     QStringLiteral("Deployment %1 is not a rollback candidate").arg(d->uid));
    }
    const bool preview = !d->production;
    m_world.startAliasRequest(promote ? QStringLiteral("promote") : QStringLiteral("rollback"), d->uid, request.nowMs);
    return SandboxReply::empty(promote && preview ? 202 : 201);
}

SandboxReply VercelRoutes::rollbackAliases(const SandboxRequest &request) const
{
    const Scope scope = scopeOf(request);
    if (scope == Scope::Refused)
        return error(403, QStringLiteral("forbidden"), QStringLiteral("Not authorized"));
    if (scope != Scope::Team || !isProject(request.arg(0)))
        return error(404, QStringLiteral("not_found"), QStringLiteral("Project not found"));
    const bool failedOnly = request.queryValue(QStringLiteral("failedOnly")) == QLatin1String("true");
    QJsonArray aliases;
    if (const auto r = m_world.lastAliasRequest()) {
        const QString status = r->jobStatus == QLatin1String("succeeded") ? QStringLiteral("completed") : r->jobStatus;
        const QStringList names = {str(SandboxWorld::kProductionDomain), QStringLiteral("web-acme.vercel.app")};
        for (const QString &name : names) {
            if (failedOnly && status != QLatin1String("failed"))
                continue;
            aliases.append(QJsonObject{{QStringLiteral("alias"), QJsonObject{{QStringLiteral("alias"), name},
                                                                             {QStringLiteral("deploymentId"), r->toDeploymentId}}},
                                       {QStringLiteral("status"), status}});
        }
    }
    const QJsonObject pagination{{QStringLiteral("count"), aliases.size()},
                                 {QStringLiteral("next"), QJsonValue(QJsonValue::Null)},
                                 {QStringLiteral("prev"), QJsonValue(QJsonValue::Null)}};
    return SandboxReply::json(QJsonObject{{QStringLiteral("aliases"), aliases}, {QStringLiteral("pagination"), pagination}});
}

} // namespace opsdeck
