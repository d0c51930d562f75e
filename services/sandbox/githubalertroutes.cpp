#include "sandbox/githubalertroutes.h"

#include "sandbox/githubroutes.h"
#include "sandbox/sandboxformat.h"
#include "sandbox/sandboxworld.h"

namespace opsdeck {

using namespace sandboxformat;

namespace {

QJsonObject alertJson(const SandboxRequest &request, const SandboxAlert &a)
{
    const QJsonObject package{{QStringLiteral("ecosystem"), QStringLiteral("npm")}, {QStringLiteral("name"), a.packageName}};
    const QString number = QString::number(a.number);
    const bool dismissed = a.state == QLatin1String("dismissed");
    return QJsonObject{
        {QStringLiteral("number"), a.number},
        {QStringLiteral("state"), a.state},
        {QStringLiteral("dependency"), QJsonObject{{QStringLiteral("package"), package},
                                                   {QStringLiteral("manifest_path"), a.manifestPath},
                                                   {QStringLiteral("scope"), a.scope}}},
        {QStringLiteral("security_advisory"),
         QJsonObject{{QStringLiteral("ghsa_id"), a.ghsaId},
                     {QStringLiteral("cve_id"), a.cveId},
                     {QStringLiteral("summary"), a.summary},
                     {QStringLiteral("description"), QString(a.summary + QStringLiteral(" (simulated advisory)."))},
                     {QStringLiteral("severity"), a.severity},
                     {QStringLiteral("identifiers"),
                      QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("GHSA")}, {QStringLiteral("value"), a.ghsaId}},
                                 QJsonObject{{QStringLiteral("type"), QStringLiteral("CVE")}, {QStringLiteral("value"), a.cveId}}}}}},
        {QStringLiteral("security_vulnerability"),
         QJsonObject{{QStringLiteral("package"), package},
                     {QStringLiteral("severity"), a.severity},
                     {QStringLiteral("vulnerable_version_range"), a.vulnerableRange},
                     {QStringLiteral("first_patched_version"), QJsonObject{{QStringLiteral("identifier"), a.firstPatched}}}}},
        {QStringLiteral("url"), QString(request.apiBase.toString() + QStringLiteral("/repos/acme/web/dependabot/alerts/") + number)},
        {QStringLiteral("html_url"), QString(QStringLiteral("https://github.com/acme/web/security/dependabot/") + number)},
        {QStringLiteral("created_at"), isoSeconds(a.createdAt)},
        {QStringLiteral("updated_at"), isoSeconds(a.updatedAt)},
        {QStringLiteral("fixed_at"), a.fixedAt ? QJsonValue(isoSeconds(a.fixedAt)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("dismissed_at"), a.dismissedAt ? QJsonValue(isoSeconds(a.dismissedAt)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("dismissed_reason"), dismissed ? QJsonValue(QStringLiteral("tolerable_risk")) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("dismissed_comment"), QJsonValue(QJsonValue::Null)},
        {QStringLiteral("auto_dismissed_at"), QJsonValue(QJsonValue::Null)},
    };
}

QString cursorFor(int number)
{
    return QString::fromLatin1(QByteArrayLiteral("cursor:v2:").append(QByteArray::number(number)).toBase64());
}

std::optional<int> numberFrom(const QString &cursor)
{
    const QByteArray raw = QByteArray::fromBase64(cursor.toLatin1());
    if (!raw.startsWith("cursor:v2:"))
        return std::nullopt;
    bool ok = false;
    const int number = raw.mid(10).toInt(&ok);
    return ok ? std::optional<int>(number) : std::nullopt;
}

bool listed(const QString &filter, const QString &value)
{
    return filter.isEmpty() || filter.split(QLatin1Char(','), Qt::SkipEmptyParts).contains(value);
}

SandboxReply listAlerts(const SandboxRequest &request, const SandboxWorld &world)
{
    if (!GithubRoutes::isRepo(request))
        return GithubRoutes::error(404, QStringLiteral("Not Found"));
    for (const char *removed : {"page", "first", "last"}) {
        if (request.hasQuery(QString::fromLatin1(removed))) {
            return GithubRoutes::error(400, QStringLiteral("Pagination using the `%1` parameter is not supported.")
                                                .arg(QString::fromLatin1(removed)));
        }
    }
    const bool byUpdated = request.queryValue(QStringLiteral("sort")) == QLatin1String("updated");
    const bool ascending = request.queryValue(QStringLiteral("direction")) == QLatin1String("asc");
    QList<const SandboxAlert *> all;
    for (const SandboxAlert &a : world.alerts()) {
        if (listed(request.queryValue(QStringLiteral("state")), a.state)
            && listed(request.queryValue(QStringLiteral("severity")), a.severity)
            && listed(request.queryValue(QStringLiteral("ecosystem")), QStringLiteral("npm"))
            && listed(request.queryValue(QStringLiteral("package")), a.packageName)
            && listed(request.queryValue(QStringLiteral("scope")), a.scope)
            && listed(request.queryValue(QStringLiteral("manifest")), a.manifestPath)) {
            all.append(&a);
        }
    }
    std::stable_sort(all.begin(), all.end(), [&](const SandboxAlert *x, const SandboxAlert *y) {
        const qint64 kx = byUpdated ? x->updatedAt : x->createdAt;
        const qint64 ky = byUpdated ? y->updatedAt : y->createdAt;
        return ascending ? (kx != ky ? kx < ky : x->number < y->number) : (kx != ky ? kx > ky : x->number > y->number);
    });
    const auto [perPage, ignoredPage] = GithubRoutes::pageParams(request);
    Q_UNUSED(ignoredPage);
    const auto indexOf = [&](const QString &cursor) -> std::optional<qsizetype> {
        const auto number = numberFrom(cursor);
        for (qsizetype i = 0; number && i < all.size(); ++i) {
            if (all.at(i)->number == *number)
                return i;
        }
        return std::nullopt;
    };
    qsizetype begin = 0;
    if (request.hasQuery(QStringLiteral("after")) || request.hasQuery(QStringLiteral("before"))) {
        const bool after = request.hasQuery(QStringLiteral("after"));
        const auto at = indexOf(request.queryValue(after ? QStringLiteral("after") : QStringLiteral("before")));
        if (!at)
            return GithubRoutes::error(400, QStringLiteral("Invalid cursor"));
        begin = after ? *at + 1 : std::max<qsizetype>(0, *at - perPage);
    }
    const qsizetype end = std::min<qsizetype>(all.size(), begin + perPage);
    QJsonArray items;
    for (qsizetype i = begin; i < end; ++i)
        items.append(alertJson(request, *all.at(i)));
    SandboxReply reply = SandboxReply::json(items);
    const auto linkTo = [&](const QString &key, const QString &cursor) {
        QList<std::pair<QString, QString>> query;
        for (const auto &item : request.query) {
            if (item.first != QLatin1String("after") && item.first != QLatin1String("before"))
                query.append(item);
        }
        query.append({key, cursor});
        return request.urlWith(query);
    };
    QList<std::pair<QUrl, QString>> links;
    if (end < all.size() && end > begin)
        links.append({linkTo(QStringLiteral("after"), cursorFor(all.at(end - 1)->number)), QStringLiteral("next")});
    if (begin > 0 && begin < all.size())
        links.append({linkTo(QStringLiteral("before"), cursorFor(all.at(begin)->number)), QStringLiteral("prev")});
    if (!links.isEmpty())
        reply.setHeader("Link", linkHeader(links));
    return reply;
}

} // namespace

void GithubAlertRoutes::install(SandboxRouter &router, SandboxWorld &world)
{
    const SandboxWorld *w = &world;
    router.add("GET", QStringLiteral("/repos/<arg>/<arg>/dependabot/alerts"),
               [w](const SandboxRequest &r) { return listAlerts(r, *w); });
}

} // namespace opsdeck
