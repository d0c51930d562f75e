#pragma once

#include "sandbox/sandboxfaults.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <utility>

namespace opsdeck {

// One request as a provider's routes see it: the path below the provider prefix, decoded
// query items in their original order (repeated keys kept) and lower-case header names.
struct SandboxRequest {
    QByteArray method;
    QString path;
    QStringList args;  // <arg> captures of the matched pattern
    QList<std::pair<QString, QString>> query;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QUrl apiBase;      // prefix-inclusive base URL of the provider, for absolute links
    qint64 nowMs = 0;  // the sandbox's simulated time
    QString requestId;
    SandboxFaults faults;  // the provider's fault switches when the request arrived

    QString arg(int index) const { return args.value(index); }
    bool hasQuery(const QString &key) const;
    QString queryValue(const QString &key, const QString &fallback = {}) const;
    QStringList queryValues(const QString &key) const;
    QByteArray header(const QByteArray &lowerName) const;
    QByteArray bearerToken() const;  // Authorization: Bearer|token <value>
    // apiBase + path with the given query items (used for Link headers).
    QUrl urlWith(const QList<std::pair<QString, QString>> &items) const;
};

struct SandboxReply {
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json; charset=utf-8");
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;

    static SandboxReply json(const QJsonObject &object, int status = 200);
    static SandboxReply json(const QJsonArray &array, int status = 200);
    static SandboxReply empty(int status);
    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(const QByteArray &name) const;  // case-insensitive
    bool hasHeader(const QByteArray &name) const { return !header(name).isNull(); }
};

// Matches "METHOD /a/<arg>/b" patterns segment by segment.
class SandboxRouter
{
public:
    using Handler = std::function<SandboxReply(const SandboxRequest &)>;

    void add(const QByteArray &method, const QString &pattern, Handler handler);
    // The handler for method + path (captures go to *args), or nullptr.
    const Handler *match(const QByteArray &method, const QString &path, QStringList *args) const;

private:
    struct Route {
        QByteArray method;
        QStringList segments;
        Handler handler;
    };
    QList<Route> m_routes;
};

} // namespace opsdeck
