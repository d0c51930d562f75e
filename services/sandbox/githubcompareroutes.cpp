#include "sandbox/githubcompareroutes.h"

#include "sandbox/githubroutes.h"
#include "sandbox/sandboxformat.h"
#include "sandbox/sandboxworld.h"

#include <algorithm>

namespace opsdeck {

using namespace sandboxformat;

namespace {

const QString kRepoApi = QStringLiteral("https://api.github.com/repos/acme/web");
const QString kRepoHtml = QStringLiteral("https://github.com/acme/web");

// The commit history implied by the deployments, oldest first on the main line.
class History
{
public:
    explicit History(const SandboxWorld &world)
    {
        for (const SandboxDeployment &d : world.deployments())
            (d.production ? m_main : m_branches).append(&d);
        const auto older = [](const SandboxDeployment *a, const SandboxDeployment *b) { return a->created < b->created; };
        std::sort(m_main.begin(), m_main.end(), older);
    }

    // A full or abbreviated SHA (at least 4 hex digits), or "main".
    const SandboxDeployment *resolve(const QString &ref) const
    {
        if (ref == QLatin1String("main") || ref == QLatin1String("HEAD"))
            return m_main.isEmpty() ? nullptr : m_main.last();
        if (ref.size() < 4)
            return nullptr;
        for (const auto *list : {&m_main, &m_branches}) {
            for (const SandboxDeployment *d : *list) {
                if (d->sha.startsWith(ref.toLower()))
                    return d;
            }
        }
        return nullptr;
    }

    // Every commit reachable from c, oldest first (c last).
    QList<const SandboxDeployment *> ancestry(const SandboxDeployment *c) const
    {
        QList<const SandboxDeployment *> out;
        for (const SandboxDeployment *m : m_main) {
            if (m->created > c->created || (c->production && m->created == c->created && m != c))
                break;
            if (m != c)
                out.append(m);
        }
        out.append(c);
        return out;
    }

    const SandboxDeployment *parentOf(const SandboxDeployment *c) const
    {
        const auto chain = ancestry(c);
        return chain.size() >= 2 ? chain.at(chain.size() - 2) : nullptr;
    }

private:
    QList<const SandboxDeployment *> m_main;
    QList<const SandboxDeployment *> m_branches;
};

QJsonObject userJson(const QString &login)
{
    return QJsonObject{{QStringLiteral("login"), login},
                       {QStringLiteral("id"), qint64(qHash(login) % 9000000) + 1000},
                       {QStringLiteral("type"), QStringLiteral("User")},
                       {QStringLiteral("site_admin"), false},
                       {QStringLiteral("html_url"), QString(QStringLiteral("https://github.com/") + login)}};
}

QJsonObject commitJson(const History &history, const SandboxDeployment &c)
{
    const QString email = c.creatorName + QStringLiteral("@users.noreply.github.com");
    const QJsonObject person{{QStringLiteral("name"), c.authorName},
                             {QStringLiteral("email"), email},
                             {QStringLiteral("date"), isoSeconds(c.created)}};
    const QJsonObject committer{{QStringLiteral("name"), QStringLiteral("GitHub")},
                                {QStringLiteral("email"), QStringLiteral("noreply@github.com")},
                                {QStringLiteral("date"), isoSeconds(c.created)}};
    QJsonArray parents;
    if (const SandboxDeployment *p = history.parentOf(&c))
        parents.append(QJsonObject{{QStringLiteral("sha"), p->sha},
                                   {QStringLiteral("url"), QString(kRepoApi + QStringLiteral("/commits/") + p->sha)},
                                   {QStringLiteral("html_url"), QString(kRepoHtml + QStringLiteral("/commit/") + p->sha)}});
    const QString tree = c.sha.mid(20) + c.sha.left(20);
    return QJsonObject{
        {QStringLiteral("sha"), c.sha},
        {QStringLiteral("node_id"), QString(QStringLiteral("C_kwDOKj") + c.sha.left(24))},
        {QStringLiteral("commit"),
         QJsonObject{{QStringLiteral("author"), person},
                     {QStringLiteral("committer"), committer},
                     {QStringLiteral("message"), c.message},
                     {QStringLiteral("tree"), QJsonObject{{QStringLiteral("sha"), tree},
                                                          {QStringLiteral("url"), QString(kRepoApi + QStringLiteral("/git/trees/") + tree)}}},
                     {QStringLiteral("url"), QString(kRepoApi + QStringLiteral("/git/commits/") + c.sha)},
                     {QStringLiteral("comment_count"), 0},
                     {QStringLiteral("verification"), QJsonObject{{QStringLiteral("verified"), false},
                                                                  {QStringLiteral("reason"), QStringLiteral("unsigned")},
                                                                  {QStringLiteral("signature"), QJsonValue(QJsonValue::Null)},
                                                                  {QStringLiteral("payload"), QJsonValue(QJsonValue::Null)}}}}},
        {QStringLiteral("url"), QString(kRepoApi + QStringLiteral("/commits/") + c.sha)},
        {QStringLiteral("html_url"), QString(kRepoHtml + QStringLiteral("/commit/") + c.sha)},
        {QStringLiteral("comments_url"), QString(kRepoApi + QStringLiteral("/commits/") + c.sha + QStringLiteral("/comments"))},
        {QStringLiteral("author"), userJson(c.creatorName)},
        {QStringLiteral("committer"), userJson(QStringLiteral("web-flow"))},
        {QStringLiteral("parents"), parents},
    };
}

SandboxReply compare(const SandboxRequest &request, const SandboxWorld &world)
{
    if (!GithubRoutes::isRepo(request))
        return GithubRoutes::error(404, QStringLiteral("Not Found"));
    const QString basehead = request.arg(2);
    const qsizetype dots = basehead.indexOf(QLatin1String("..."));
    if (dots <= 0 || dots + 3 >= basehead.size())
        return GithubRoutes::error(404, QStringLiteral("Not Found"));
    const History history(world);
    const QString baseRef = basehead.left(dots);
    const QString headRef = basehead.mid(dots + 3);
    const SandboxDeployment *base = history.resolve(baseRef);
    const SandboxDeployment *head = history.resolve(headRef);
    if (!base || !head)
        return GithubRoutes::error(404, QStringLiteral("No commit found for SHA: %1").arg(!base ? baseRef : headRef));

    const auto baseChain = history.ancestry(base);
    const auto headChain = history.ancestry(head);
    QList<const SandboxDeployment *> ahead;   // in head, not in base (chronological)
    for (const SandboxDeployment *c : headChain) {
        if (!baseChain.contains(c))
            ahead.append(c);
    }
    qsizetype behind = 0;
    const SandboxDeployment *mergeBase = nullptr;
    for (const SandboxDeployment *c : baseChain) {
        if (headChain.contains(c))
            mergeBase = c;
        else
            ++behind;
    }
    const QString status = ahead.isEmpty() && behind == 0 ? QStringLiteral("identical")
        : behind == 0                                     ? QStringLiteral("ahead")
        : ahead.isEmpty()                                 ? QStringLiteral("behind")
                                                          : QStringLiteral("diverged");

    // Without pagination parameters GitHub returns up to 250 commits; with them, pages of per_page.
    const bool paged = request.hasQuery(QStringLiteral("per_page")) || request.hasQuery(QStringLiteral("page"));
    const auto [perPage, page] = paged ? GithubRoutes::pageParams(request) : std::pair<int, int>{250, 1};
    QJsonArray commits;
    for (qsizetype i = qsizetype(page - 1) * perPage; i < std::min<qsizetype>(ahead.size(), qsizetype(page) * perPage); ++i)
        commits.append(commitJson(history, *ahead.at(i)));

    const QString range = base->sha.left(12) + QStringLiteral("...") + head->sha.left(12);
    QJsonObject body{
        {QStringLiteral("url"), QString(kRepoApi + QStringLiteral("/compare/") + basehead)},
        {QStringLiteral("html_url"), QString(kRepoHtml + QStringLiteral("/compare/") + basehead)},
        {QStringLiteral("permalink_url"), QString(kRepoHtml + QStringLiteral("/compare/acme:") + range)},
        {QStringLiteral("diff_url"), QString(kRepoHtml + QStringLiteral("/compare/") + basehead + QStringLiteral(".diff"))},
        {QStringLiteral("patch_url"), QString(kRepoHtml + QStringLiteral("/compare/") + basehead + QStringLiteral(".patch"))},
        {QStringLiteral("base_commit"), commitJson(history, *base)},
        {QStringLiteral("merge_base_commit"), mergeBase ? QJsonValue(commitJson(history, *mergeBase)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("status"), status},
        {QStringLiteral("ahead_by"), ahead.size()},
        {QStringLiteral("behind_by"), behind},
        {QStringLiteral("total_commits"), ahead.size()},
        {QStringLiteral("commits"), commits},
        {QStringLiteral("files"), QJsonArray()},
    };
    SandboxReply reply = SandboxReply::json(body);
    if (paged) {
        const QByteArray link = GithubRoutes::pageLinks(request, page, perPage, ahead.size());
        if (!link.isEmpty())
            reply.setHeader("Link", link);
    }
    return reply;
}

} // namespace

void GithubCompareRoutes::install(SandboxRouter &router, SandboxWorld &world)
{
    router.add("GET", QStringLiteral("/repos/<arg>/<arg>/compare/<arg>"),
               [&world](const SandboxRequest &r) { return compare(r, world); });
}

} // namespace opsdeck
