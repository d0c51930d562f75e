#include "sandbox/sandboxrouter.h"

#include <QJsonDocument>

namespace opsdeck {

bool SandboxRequest::hasQuery(const QString &key) const
{
    for (const auto &item : query) {
        if (item.first == key)
            return true;
    }
    return false;
}

QString SandboxRequest::queryValue(const QString &key, const QString &fallback) const
{
    for (const auto &item : query) {
        if (item.first == key)
            return item.second;
    }
    return fallback;
}

QStringList SandboxRequest::queryValues(const QString &key) const
{
    QStringList out;
    for (const auto &item : query) {
        if (item.first == key)
            out.append(item.second);
    }
    return out;
}

QByteArray SandboxRequest::header(const QByteArray &lowerName) const
{
    for (const auto &h : headers) {
        if (h.first == lowerName)
            return h.second;
    }
    return {};
}

QByteArray SandboxRequest::bearerToken() const
{
    const QByteArray value = header(QByteArrayLiteral("authorization")).trimmed();
    const qsizetype space = value.indexOf(' ');
    if (space < 0)
        return {};
    const QByteArray scheme = value.left(space).toLower();
    if (scheme != "bearer" && scheme != "token")
        return {};
    return value.mid(space + 1).trimmed();
}

QUrl SandboxRequest::urlWith(const QList<std::pair<QString, QString>> &items) const
{
    QUrl url = apiBase;
    url.setPath(apiBase.path() + path);
    QByteArray encoded;
    for (const auto &item : items) {
        if (!encoded.isEmpty())
            encoded += '&';
        encoded += QUrl::toPercentEncoding(item.first) + '=' + QUrl::toPercentEncoding(item.second);
    }
    url.setQuery(QString::fromLatin1(encoded), QUrl::StrictMode);
    return url;
}

SandboxReply SandboxReply::json(const QJsonObject &object, int status)
{
    SandboxReply reply;
    reply.status = status;
    reply.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return reply;
}

SandboxReply SandboxReply::json(const QJsonArray &array, int status)
{
    SandboxReply reply;
    reply.status = status;
    reply.body = QJsonDocument(array).toJson(QJsonDocument::Compact);
    return reply;
}

SandboxReply SandboxReply::empty(int status)
{
    SandboxReply reply;
    reply.status = status;
    reply.contentType.clear();
    return reply;
}

void SandboxReply::setHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
            h.second = value;
            return;
        }
    }
    headers.append({name, value});
}

QByteArray SandboxReply::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second.isNull() ? QByteArray("") : h.second;
    }
    return {};
}

void SandboxRouter::add(const QByteArray &method, const QString &pattern, Handler handler)
{
    m_routes.append({method, pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts), std::move(handler)});
}

const SandboxRouter::Handler *SandboxRouter::match(const QByteArray &method, const QString &path,
                                                   QStringList *args) const
{
    const QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const Route &route : m_routes) {
        if (route.method != method || route.segments.size() != segments.size())
            continue;
        QStringList captured;
        bool ok = true;
        for (qsizetype i = 0; i < segments.size() && ok; ++i) {
            if (route.segments.at(i) == QLatin1String("<arg>"))
                captured.append(segments.at(i));
            else
                ok = route.segments.at(i) == segments.at(i);
        }
        if (ok) {
            if (args)
                *args = captured;
            return &route.handler;
        }
    }
    return nullptr;
}

} // namespace opsdeck
