#include "providers/github/githubparser.h"

#include "core/text.h"
#include "providers/jsonreader.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace opsdeck {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(opsdeck::GithubParser)
};

const QString kGithub = QStringLiteral("GitHub");

template <typename T>
Result<T> finishParse(const JsonReader &reader, T value)
{
    if (reader.failed())
        return reader.error();
    return value;
}

QString login(const JsonObjectView &o, const char *key)
{
    const auto user = o.optObject(key);
    return user ? user->optText("login").value_or(QString()) : QString();
}

WorkflowRun readRun(const JsonObjectView &o)
{
    WorkflowRun r;
    r.id = o.integer("id");
    r.name = o.optText("name").value_or(QString());
    r.displayTitle = o.optText("display_title").value_or(QString());
    r.runNumber = o.optInteger("run_number").value_or(0);
    r.runAttempt = int(o.optInteger("run_attempt").value_or(1));
    r.event = o.optText("event").value_or(QString());
    r.status = sanitizeForDisplay(o.string("status"));
    r.conclusion = o.optText("conclusion").value_or(QString());
    r.headBranch = o.optText("head_branch").value_or(QString());
    r.headSha = o.optText("head_sha").value_or(QString());
    r.htmlUrl = o.optString("html_url").value_or(QString());
    r.createdAt = o.optIsoDate("created_at").value_or(QDateTime());
    if (!o.has("created_at"))
        o.fail("created_at", Tr::tr("is missing"));
    r.updatedAt = o.optIsoDate("updated_at").value_or(QDateTime());
    r.runStartedAt = o.optIsoDate("run_started_at").value_or(QDateTime());
    r.workflowId = o.optInteger("workflow_id").value_or(0);
    r.actor = login(o, "actor");
    r.triggeringActor = login(o, "triggering_actor");
    return r;
}

DependabotAlert readAlert(const JsonObjectView &o)
{
    DependabotAlert a;
    a.number = o.integer("number");
    a.state = sanitizeForDisplay(o.string("state"));
    if (const auto dep = o.optObject("dependency")) {
        if (const auto pkg = dep->optObject("package")) {
            a.ecosystem = pkg->optText("ecosystem").value_or(QString());
            a.packageName = pkg->optText("name").value_or(QString());
        }
        a.manifestPath = dep->optText("manifest_path").value_or(QString());
        a.scope = dep->optText("scope").value_or(QString());
    }
    if (const auto adv = o.optObject("security_advisory")) {
        a.ghsaId = adv->optText("ghsa_id").value_or(QString());
        a.cveId = adv->optText("cve_id").value_or(QString());
        a.summary = adv->optText("summary").value_or(QString());
        a.severity = adv->optText("severity").value_or(QString());
    }
    if (const auto vuln = o.optObject("security_vulnerability")) {
        if (const auto sev = vuln->optText("severity"))
            a.severity = *sev;
        a.vulnerableRange = vuln->optText("vulnerable_version_range").value_or(QString());
        if (const auto patched = vuln->optObject("first_patched_version"))
            a.firstPatchedVersion = patched->optText("identifier").value_or(QString());
    }
    a.htmlUrl = o.optString("html_url").value_or(QString());
    a.createdAt = o.optIsoDate("created_at").value_or(QDateTime());
    a.updatedAt = o.optIsoDate("updated_at").value_or(QDateTime());
    a.fixedAt = o.optIsoDate("fixed_at").value_or(QDateTime());
    a.dismissedAt = o.optIsoDate("dismissed_at").value_or(QDateTime());
    return a;
}
} // namespace

Result<WorkflowRunPage> parseWorkflowRuns(const QByteArray &body)
{
    JsonReader reader(kGithub, Tr::tr("workflow runs"));
    const auto root = reader.root(body);
    if (!root)
        return reader.error();
    WorkflowRunPage page;
    page.totalCount = root->integer("total_count");
    for (const JsonObjectView &o : root->objects("workflow_runs"))
        page.items.append(readRun(o));
    return finishParse(reader, std::move(page));
}

Result<WorkflowRun> parseWorkflowRun(const QByteArray &body)
{
    JsonReader reader(kGithub, Tr::tr("workflow run"));
    const auto root = reader.root(body);
    if (!root)
        return reader.error();
    WorkflowRun run = readRun(*root);
    return finishParse(reader, std::move(run));
}

Result<SecretsPublicKey> parsePublicKey(const QByteArray &body)
{
    JsonReader reader(kGithub, Tr::tr("secrets public key"));
    const auto root = reader.root(body);
    if (!root)
        return reader.error();
    SecretsPublicKey key;
    key.keyId = root->string("key_id");
    key.key = root->string("key").toLatin1();
    if (!reader.failed() && key.keyId.isEmpty())
        root->fail("key_id", Tr::tr("is empty"));
    const auto decoded = QByteArray::fromBase64Encoding(key.key, QByteArray::AbortOnBase64DecodingErrors);
    if (!reader.failed() && (!decoded || decoded.decoded.size() != 32))
        root->fail("key", Tr::tr("is not the base64 of a 32-byte public key"));
    return finishParse(reader, std::move(key));
}

Result<SecretPage> parseSecrets(const QByteArray &body)
{
    JsonReader reader(kGithub, Tr::tr("secret list"));
    const auto root = reader.root(body);
    if (!root)
        return reader.error();
    SecretPage page;
    page.totalCount = root->integer("total_count");
    for (const JsonObjectView &o : root->objects("secrets")) {
        SecretInfo s;
        s.name = sanitizeForDisplay(o.string("name"));
        s.createdAt = o.optIsoDate("created_at").value_or(QDateTime());
        s.updatedAt = o.optIsoDate("updated_at").value_or(QDateTime());
        page.items.append(s);
    }
    return finishParse(reader, std::move(page));
}

Result<PullRequest> parsePullRequest(const QByteArray &body)
{
    JsonReader reader(kGithub, Tr::tr("pull request"));
    const auto root = reader.root(body);
    if (!root)
        return reader.error();
    PullRequest pr;
    pr.number = root->integer("number");
    pr.htmlUrl = root->string("html_url");
    pr.state = root->optText("state").value_or(QString());
    pr.draft = root->optBool("draft").value_or(false);
    if (const auto head = root->optObject("head")) {
        pr.headRef = head->optText("ref").value_or(QString());
        pr.headSha = head->optText("sha").value_or(QString());
    }
    if (const auto base = root->optObject("base"))
        pr.baseRef = base->optText("ref").value_or(QString());
    pr.user = login(*root, "user");
    pr.createdAt = root->optIsoDate("created_at").value_or(QDateTime());
    return finishParse(reader, std::move(pr));
}

Result<CommitComparison> parseCompare(const QByteArray &body)
{
    JsonReader reader(kGithub, Tr::tr("commit comparison"));
    const auto root = reader.root(body);
    if (!root)
        return reader.error();
    CommitComparison c;
    c.status = sanitizeForDisplay(root->string("status"));
    c.aheadBy = int(root->integer("ahead_by"));
    c.behindBy = int(root->integer("behind_by"));
    c.totalCommits = int(root->integer("total_commits"));
    c.htmlUrl = root->optString("html_url").value_or(QString());
    for (const JsonObjectView &o : root->objects("commits")) {
        CommitSummary commit;
        commit.sha = sanitizeForDisplay(o.string("sha"));
        commit.htmlUrl = o.optString("html_url").value_or(QString());
        commit.authorLogin = login(o, "author");
        const JsonObjectView inner = o.objectAt("commit");
        commit.message = inner.optText("message", true).value_or(QString());
        if (const auto author = inner.optObject("author")) {
            commit.authorName = author->optText("name").value_or(QString());
            commit.date = author->optIsoDate("date").value_or(QDateTime());
        }
        c.commits.append(commit);
    }
    return finishParse(reader, std::move(c));
}

Result<QList<DependabotAlert>> parseDependabotAlerts(const QByteArray &body)
{
    JsonReader reader(kGithub, Tr::tr("Dependabot alerts"));
    const auto items = reader.rootArray(body);
    if (!items)
        return reader.error();
    QList<DependabotAlert> alerts;
    for (const JsonObjectView &o : *items)
        alerts.append(readAlert(o));
    return finishParse(reader, std::move(alerts));
}

ApiErrorBody parseGithubError(const QByteArray &body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    ApiErrorBody out;
    out.message = sanitizeForDisplay(o.value(QLatin1String("message")).toString()).left(500);
    QStringList extra;
    for (const QJsonValue &e : o.value(QLatin1String("errors")).toArray()) {
        if (e.isString()) {
            extra.append(e.toString());
            continue;
        }
        const QJsonObject eo = e.toObject();
        QStringList parts;
        for (const char *key : {"resource", "field", "code", "message"}) {
            const QString v = eo.value(QLatin1String(key)).toString();
            if (!v.isEmpty())
                parts.append(v);
        }
        extra.append(parts.join(QLatin1Char(' ')));
    }
    const QString docs = o.value(QLatin1String("documentation_url")).toString();
    if (!docs.isEmpty())
        extra.append(docs);
    out.extra = sanitizeForDisplay(extra.join(QStringLiteral("; "))).left(1000);
    out.code = sanitizeForDisplay(o.value(QLatin1String("status")).toString()).left(20);
    return out;
}

Error githubError(const HttpResponse &response)
{
    ApiErrorBody body = parseGithubError(response.body);
    ErrorKind kind = errorKindForStatus(response.status);
    const bool limitHit = response.header("x-ratelimit-remaining") == "0";
    const bool secondary = body.message.contains(QLatin1String("secondary rate limit"), Qt::CaseInsensitive);
    if ((response.status == 403 || response.status == 429) && (limitHit || secondary)) {
        kind = ErrorKind::RateLimited;
        bool ok = false;
        const qint64 reset = response.header("x-ratelimit-reset").toLongLong(&ok);
        if (ok && limitHit)
            body.extra = Tr::tr("limit resets at %1")
                             .arg(QDateTime::fromSecsSinceEpoch(reset, Qt::UTC).toString(Qt::ISODate));
    } else if ((response.status == 403 || response.status == 404)
               && body.message.contains(QLatin1String("Dependabot alerts are disabled"), Qt::CaseInsensitive)) {
        kind = ErrorKind::Config;  // [unsure] 403 or 404: both handled
    }
    return httpStatusError(kGithub, response, body, kind);
}

} // namespace opsdeck
