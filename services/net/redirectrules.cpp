#include "net/redirectrules.h"

#include <QCoreApplication>

namespace opsdeck {

namespace {

int effectivePort(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return url.port(scheme == QStringLiteral("https") ? 443 : scheme == QStringLiteral("http") ? 80 : -1);
}

bool isHttpScheme(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return scheme == QStringLiteral("http") || scheme == QStringLiteral("https");
}

} // namespace

bool isRedirectStatus(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

bool isSameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
        && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && effectivePort(a) == effectivePort(b);
}

std::optional<QString> redirectRefusal(const QUrl &from, const QUrl &to)
{
    if (!to.isValid() || !isHttpScheme(to) || to.host().isEmpty())
        return QCoreApplication::translate("opsdeck::HttpClient", "refused redirect to an unsupported URL");
    if (from.scheme().compare(QStringLiteral("https"), Qt::CaseInsensitive) == 0
        && to.scheme().compare(QStringLiteral("http"), Qt::CaseInsensitive) == 0)
        return QCoreApplication::translate("opsdeck::HttpClient", "refused redirect from HTTPS to plain HTTP");
    return std::nullopt;
}

} // namespace opsdeck
