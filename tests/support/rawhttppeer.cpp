#include "rawhttppeer.h"

#include <QHostAddress>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace opsdeck::test {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

} // namespace

QByteArray RawHttpRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

RawHttpPeer::RawHttpPeer(QObject *parent) : QObject(parent)
{
    m_default.bytes = response(404, {}, "no scripted answer");
    connect(&m_server, &QTcpServer::newConnection, this, &RawHttpPeer::onNewConnection);
    m_server.listen(QHostAddress::LocalHost, 0);
}

RawHttpPeer::~RawHttpPeer() = default;

QUrl RawHttpPeer::url(const QString &pathAndQuery) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port()) + pathAndQuery);
}

void RawHttpPeer::enqueue(RawHttpAnswer answer) { m_queue.append(std::move(answer)); }

QByteArray RawHttpPeer::head(int status, const RawHeaders &headers)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    return out + "\r\n";
}

QByteArray RawHttpPeer::response(int status, const RawHeaders &headers, const QByteArray &body)
{
    RawHeaders all = headers;
    all.append(std::pair<QByteArray, QByteArray>("Content-Length", QByteArray::number(body.size())));
    all.append(std::pair<QByteArray, QByteArray>("Connection", "close"));
    return head(status, all) + body;
}

void RawHttpPeer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        ++m_connections;
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void RawHttpPeer::onReadyRead(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    for (;;) {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        RawHttpRequest request;
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        request.target = requestLine.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                request.headers.append(std::pair(lines[i].left(colon).trimmed(), lines[i].mid(colon + 1).trimmed()));
        }
        const qsizetype length = request.header("content-length").toLongLong();
        if (buffer.size() < end + 4 + length)
            return;  // wait for the rest of the body
        request.body = buffer.mid(end + 4, length);
        buffer.remove(0, end + 4 + length);
        m_requests.append(request);
        Q_EMIT requestReceived(request);
        RawHttpAnswer next = m_default;
        if (m_handler)
            next = m_handler(request);
        else if (!m_queue.isEmpty())
            next = m_queue.takeFirst();
        answer(socket, next);
    }
}

void RawHttpPeer::answer(QTcpSocket *socket, const RawHttpAnswer &answer)
{
    if (answer.hang)
        return;
    if (answer.trickleMs <= 0) {
        socket->write(answer.bytes);
        if (answer.closeAfter)
            socket->disconnectFromHost();  // flushes first
        return;
    }
    socket->write(answer.bytes.left(answer.immediateBytes));
    auto *timer = new QTimer(socket);
    auto offset = std::make_shared<qsizetype>(std::min<qsizetype>(answer.immediateBytes, answer.bytes.size()));
    QPointer<QTcpSocket> guard(socket);
    connect(timer, &QTimer::timeout, socket, [=] {
        if (!guard || guard->state() != QAbstractSocket::ConnectedState) {
            timer->stop();
            return;
        }
        guard->write(answer.bytes.mid(*offset, answer.pieceSize));
        *offset += answer.pieceSize;
        if (*offset >= answer.bytes.size()) {
            timer->stop();
            if (answer.closeAfter)
                guard->disconnectFromHost();
        }
    });
    timer->start(answer.trickleMs);
}

} // namespace opsdeck::test
