#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <utility>

namespace opsdeck {

// Query parameters in the order added, percent-encoded exactly once (so '+', '&', '#' and
// spaces in values survive). Repeated keys are kept: group_by=a&group_by=b.
class QueryBuilder
{
public:
    QueryBuilder &add(const QString &key, const QString &value);
    QueryBuilder &add(const QString &key, qint64 value) { return add(key, QString::number(value)); }
    QueryBuilder &addIfNotEmpty(const QString &key, const QString &value);
    QueryBuilder &addEach(const QString &key, const QStringList &values);

    bool isEmpty() const { return m_items.isEmpty(); }
    const QList<std::pair<QString, QString>> &items() const { return m_items; }
    QString encoded() const;

private:
    QList<std::pair<QString, QString>> m_items;
};

// One path segment, percent-encoded ('/' included), for ids and names put into a path.
QString pathSegment(const QString &segment);

// base + path + query. The base URL may carry a path of its own (GitHub Enterprise's /api/v3,
// the sandbox's /vercel): the path is APPENDED to it, never resolved against the host root.
// encodedPath starts with '/' and has its variable segments encoded with pathSegment().
QUrl apiUrl(const QUrl &base, const QString &encodedPath, const QueryBuilder &query = {});

// True when url points at the same scheme, host and port as base (pagination links must not
// lead the client to another host).
bool sameOrigin(const QUrl &url, const QUrl &base);

} // namespace opsdeck
