#include "sandbox/githubsecretroutes.h"

#include "sandbox/githubroutes.h"
#include "sandbox/sandboxformat.h"
#include "sandbox/sandboxworld.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QRegularExpression>

namespace opsdeck {

using namespace sandboxformat;

namespace {

QJsonObject secretJson(const SandboxSecret &s)
{
    return QJsonObject{{QStringLiteral("name"), s.name},
                       {QStringLiteral("created_at"), isoSeconds(s.createdAt)},
                       {QStringLiteral("updated_at"), isoSeconds(s.updatedAt)}};
}

SandboxReply publicKey(const SandboxRequest &request, const SandboxWorld &world)
{
    if (!GithubRoutes::isRepo(request))
        return GithubRoutes::error(404, QStringLiteral("Not Found"));
    return SandboxReply::json(QJsonObject{{QStringLiteral("key_id"), world.secretsKeyId()},
                                          {QStringLiteral("key"), QString::fromLatin1(world.secretsPublicKey().toBase64())}});
}

SandboxReply listSecrets(const SandboxRequest &request, const SandboxWorld &world)
{
    if (!GithubRoutes::isRepo(request))
        return GithubRoutes::error(404, QStringLiteral("Not Found"));
    const auto [perPage, page] = GithubRoutes::pageParams(request);
    const QList<SandboxSecret> &secrets = world.secrets();
    QJsonArray items;
    for (qsizetype i = qsizetype(page - 1) * perPage; i < std::min<qsizetype>(secrets.size(), qsizetype(page) * perPage); ++i)
        items.append(secretJson(secrets.at(i)));
    SandboxReply reply = SandboxReply::json(QJsonObject{{QStringLiteral("total_count"), secrets.size()},
                                                        {QStringLiteral("secrets"), items}});
    const QByteArray link = GithubRoutes::pageLinks(request, page, perPage, secrets.size());
    if (!link.isEmpty())
        reply.setHeader("Link", link);
    return reply;
}

SandboxReply getSecret(const SandboxRequest &request, const SandboxWorld &world)
{
    if (GithubRoutes::isRepo(request)) {
        for (const SandboxSecret &s : world.secrets()) {
            if (s.name.compare(request.arg(2), Qt::CaseInsensitive) == 0)
                return SandboxReply::json(secretJson(s));
        }
    }
    return GithubRoutes::error(404, QStringLiteral("Not Found"));
}

SandboxReply putSecret(const SandboxRequest &request, SandboxWorld &world)
{
    if (!GithubRoutes::isRepo(request))
        return GithubRoutes::error(404, QStringLiteral("Not Found"));
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    const QString name = request.arg(2);
    if (!valid.match(name).hasMatch() || name.startsWith(QLatin1String("GITHUB_"), Qt::CaseInsensitive)) {
        return GithubRoutes::error(422, QStringLiteral("Secret names can only contain alphanumeric characters or "
                                                       "underscores, must not start with a number and must not "
                                                       "start with GITHUB_."));
    }
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    const QString encrypted = body.value(QStringLiteral("encrypted_value")).toString();
    const QString keyId = body.value(QStringLiteral("key_id")).toString();
    if (encrypted.isEmpty() || keyId.isEmpty())
        return GithubRoutes::error(422, QStringLiteral("Invalid request.\n\n\"encrypted_value\" and \"key_id\" are required."));
    switch (world.putSecret(name, encrypted.toLatin1(), keyId, request.nowMs)) {
    case SandboxWorld::SecretWrite::Created:
        return SandboxReply::empty(201);
    case SandboxWorld::SecretWrite::Updated:
        return SandboxReply::empty(204);
    case SandboxWorld::SecretWrite::WrongKeyId:
        return GithubRoutes::error(422, QStringLiteral("Bad request - key_id does not match the repository's public key"));
    case SandboxWorld::SecretWrite::TooLarge:
        return GithubRoutes::error(422, QStringLiteral("Secret value is larger than 48 KB"));
    case SandboxWorld::SecretWrite::Undecryptable:
        break;
    }
    return GithubRoutes::error(422, QStringLiteral("Bad request - encrypted_value could not be decrypted"));
}

SandboxReply deleteSecret(const SandboxRequest &request, SandboxWorld &world)
{
    if (GithubRoutes::isRepo(request) && world.deleteSecret(request.arg(2)))
        return SandboxReply::empty(204);
    return GithubRoutes::error(404, QStringLiteral("Not Found"));
}

QJsonObject pullJson(const SandboxRequest &request, const SandboxPullRequest &pr)
{
    const QString number = QString::number(pr.number);
    return QJsonObject{
        {QStringLiteral("number"), pr.number},
        {QStringLiteral("url"), QString(request.apiBase.toString() + QStringLiteral("/repos/acme/web/pulls/") + number)},
        {QStringLiteral("html_url"), QString(QStringLiteral("https://github.com/acme/web/pull/") + number)},
        {QStringLiteral("state"), pr.state},
        {QStringLiteral("draft"), pr.draft},
        {QStringLiteral("title"), pr.title},
        {QStringLiteral("body"), stringOrNull(pr.body)},
        {QStringLiteral("head"), QJsonObject{{QStringLiteral("ref"), pr.head},
                                             {QStringLiteral("sha"), pr.headSha},
                                             {QStringLiteral("label"), QString(QStringLiteral("acme:") + pr.head)}}},
        {QStringLiteral("base"), QJsonObject{{QStringLiteral("ref"), pr.base},
                                             {QStringLiteral("label"), QString(QStringLiteral("acme:") + pr.base)}}},
        {QStringLiteral("user"), QJsonObject{{QStringLiteral("login"), pr.user}}},
        {QStringLiteral("created_at"), isoSeconds(pr.createdAt)},
        {QStringLiteral("updated_at"), isoSeconds(pr.createdAt)},
    };
}

QString headBranch(const QString &head)
{
    const qsizetype colon = head.indexOf(QLatin1Char(':'));
    return colon < 0 ? head : head.mid(colon + 1);
}

SandboxReply createPull(const SandboxRequest &request, SandboxWorld &world)
{
    if (!GithubRoutes::isRepo(request))
        return GithubRoutes::error(404, QStringLiteral("Not Found"));
    const QJsonDocument doc = QJsonDocument::fromJson(request.body);
    if (!doc.isObject())
        return GithubRoutes::error(400, QStringLiteral("Problems parsing JSON"));
    const QJsonObject body = doc.object();
    const auto invalid = [](const QString &field, const QString &code, const QString &message = {}) {
        QJsonObject e{{QStringLiteral("resource"), QStringLiteral("PullRequest")},
                      {QStringLiteral("field"), field},
                      {QStringLiteral("code"), code}};
        if (!message.isEmpty())
            e.insert(QStringLiteral("message"), message);
        return GithubRoutes::error(422, QStringLiteral("Validation Failed"), QJsonArray{e});
    };
    SandboxPullRequest pr;
    pr.title = body.value(QStringLiteral("title")).toString();
    pr.head = headBranch(body.value(QStringLiteral("head")).toString());
    pr.base = body.value(QStringLiteral("base")).toString();
    pr.body = body.value(QStringLiteral("body")).toString();
    pr.draft = body.value(QStringLiteral("draft")).toBool();
    if (pr.title.isEmpty())
        return invalid(QStringLiteral("title"), QStringLiteral("missing_field"));
    if (pr.head.isEmpty())
        return invalid(QStringLiteral("head"), QStringLiteral("missing_field"));
    if (pr.base.isEmpty())
        return invalid(QStringLiteral("base"), QStringLiteral("missing_field"));
    if (pr.head == pr.base)
        return invalid({}, QStringLiteral("custom"), QStringLiteral("No commits between %1 and %2").arg(pr.base, pr.head));
    for (const SandboxPullRequest &existing : world.pullRequests()) {
        if (existing.state == QLatin1String("open") && existing.head == pr.head) {
            return invalid({}, QStringLiteral("custom"),
                           QStringLiteral("A pull request already exists for acme:%1.").arg(pr.head));
        }
    }
    pr.state = QStringLiteral("open");
    pr.user = QStringLiteral("opsdeck-demo");
    pr.createdAt = request.nowMs / 1000 * 1000;
    pr.headSha = QString::fromLatin1(QCryptographicHash::hash(pr.head.toUtf8(), QCryptographicHash::Sha1).toHex());
    const SandboxPullRequest &created = world.addPullRequest(pr);
    SandboxReply reply = SandboxReply::json(pullJson(request, created), 201);
    reply.setHeader("Location", pullJson(request, created).value(QStringLiteral("url")).toString().toLatin1());
    return reply;
}

SandboxReply listPulls(const SandboxRequest &request, const SandboxWorld &world)
{
    if (!GithubRoutes::isRepo(request))
        return GithubRoutes::error(404, QStringLiteral("Not Found"));
    const QString state = request.queryValue(QStringLiteral("state"), QStringLiteral("open"));
    const QString head = headBranch(request.queryValue(QStringLiteral("head")));
    const QString base = request.queryValue(QStringLiteral("base"));
    QList<const SandboxPullRequest *> matching;
    const QList<SandboxPullRequest> &pulls = world.pullRequests();
    for (auto it = pulls.crbegin(); it != pulls.crend(); ++it) {  // newest first
        if ((state != QLatin1String("all") && it->state != state) || (!head.isEmpty() && it->head != head)
            || (!base.isEmpty() && it->base != base)) {
            continue;
        }
        matching.append(&*it);
    }
    const auto [perPage, page] = GithubRoutes::pageParams(request);
    QJsonArray items;
    for (qsizetype i = qsizetype(page - 1) * perPage; i < std::min<qsizetype>(matching.size(), qsizetype(page) * perPage); ++i)
        items.append(pullJson(request, *matching.at(i)));
    SandboxReply reply = SandboxReply::json(items);
    const QByteArray link = GithubRoutes::pageLinks(request, page, perPage, matching.size());
    if (!link.isEmpty())
        reply.setHeader("Link", link);
    return reply;
}

} // namespace

void GithubSecretRoutes::install(SandboxRouter &router, SandboxWorld &world)
{
    SandboxWorld *w = &world;
    const QString secrets = QStringLiteral("/repos/<arg>/<arg>/actions/secrets");
    router.add("GET", secrets + QStringLiteral("/public-key"), [w](const SandboxRequest &r) { return publicKey(r, *w); });
    router.add("GET", secrets, [w](const SandboxRequest &r) { return listSecrets(r, *w); });
    router.add("GET", secrets + QStringLiteral("/<arg>"), [w](const SandboxRequest &r) { return getSecret(r, *w); });
    router.add("PUT", secrets + QStringLiteral("/<arg>"), [w](const SandboxRequest &r) { return putSecret(r, *w); });
    router.add("DELETE", secrets + QStringLiteral("/<arg>"), [w](const SandboxRequest &r) { return deleteSecret(r, *w); });
    router.add("POST", QStringLiteral("/repos/<arg>/<arg>/pulls"), [w](const SandboxRequest &r) { return createPull(r, *w); });
    router.add("GET", QStringLiteral("/repos/<arg>/<arg>/pulls"), [w](const SandboxRequest &r) { return listPulls(r, *w); });
}

} // namespace opsdeck
