#include "providers/apiurl.h"

namespace opsdeck {

QueryBuilder &QueryBuilder::add(const QString &key, const QString &value)
{
    m_items.append({key, value});
    return *this;
}

QueryBuilder &QueryBuilder::addIfNotEmpty(const QString &key, const QString &value)
{
    if (!value.isEmpty())
        add(key, value);
    return *this;
}

QueryBuilder &QueryBuilder::addEach(const QString &key, const QStringList &values)
{
    for (const QString &v : values)
        add(key, v);
    return *this;
}

QString QueryBuilder::encoded() const
{
    QStringList parts;
    parts.reserve(m_items.size());
    for (const auto &[key, value] : m_items) {
        // Brackets stay literal in keys (group_by[]=model, as the providers' own examples send it);
        // ':', '/', '@' and ',' are legal in a query and keep times and lists readable in logs.
        parts.append(QString::fromLatin1(QUrl::toPercentEncoding(key, QByteArrayLiteral("[]"))) + QLatin1Char('=')
                     + QString::fromLatin1(QUrl::toPercentEncoding(value, QByteArrayLiteral(":/@,"))));
    }
    return parts.join(QLatin1Char('&'));
}

QString pathSegment(const QString &segment)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(segment));
}

QUrl apiUrl(const QUrl &base, const QString &encodedPath, const QueryBuilder &query)
{
    QUrl url = base;
    QString basePath = base.path(QUrl::FullyEncoded);
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + encodedPath, QUrl::TolerantMode);
    if (query.isEmpty())
        url.setQuery(QString());
    else
        url.setQuery(query.encoded(), QUrl::TolerantMode);
    url.setFragment(QString());
    return url;
}

bool sameOrigin(const QUrl &url, const QUrl &base)
{
    return url.scheme().compare(base.scheme(), Qt::CaseInsensitive) == 0
        && url.host().compare(base.host(), Qt::CaseInsensitive) == 0
        && url.port(url.scheme() == QLatin1String("http") ? 80 : 443)
        == base.port(base.scheme() == QLatin1String("http") ? 80 : 443);
}

} // namespace opsdeck
