#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

#include <functional>
#include <utility>

class QTcpSocket;

namespace opsdeck::test {

using RawHeaders = QList<std::pair<QByteArray, QByteArray>>;

// One request as it arrived on the wire.
struct RawHttpRequest {
    QByteArray method;
    QByteArray target;  // path and query
    RawHeaders headers;
    QByteArray body;
    QByteArray header(QByteArrayView name) const;  // case-insensitive; null when absent
    bool hasHeader(QByteArrayView name) const { return !header(name).isNull(); }
};

// One scripted answer: exact bytes, optionally trickled, or misbehaviour.
struct RawHttpAnswer {
    QByteArray bytes;       // written as-is (see RawHttpPeer::response/head)
    int trickleMs = 0;      // > 0: write pieceSize bytes every trickleMs
    int pieceSize = 1;
    int immediateBytes = 0; // with trickleMs: this many bytes (e.g. the head) go out at once
    bool hang = false;      // read the request, never answer
    bool closeAfter = true; // close the connection once everything is written
};

// A scriptable HTTP/1.1 peer on 127.0.0.1 for tests of clients: records every request and
// answers from a queue (or a handler), so tests can produce exact bytes, delays and cut-offs.
class RawHttpPeer : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RawHttpPeer)
public:
    explicit RawHttpPeer(QObject *parent = nullptr);
    ~RawHttpPeer() override;

    quint16 port() const { return m_server.serverPort(); }
    QUrl url(const QString &pathAndQuery = QStringLiteral("/")) const;

    void enqueue(RawHttpAnswer answer);
    void enqueue(const QByteArray &bytes) { enqueue(RawHttpAnswer{bytes}); }
    // Used when the queue is empty. Default: 404.
    void setDefaultAnswer(RawHttpAnswer answer) { m_default = std::move(answer); }
    // When set, answers every request instead of the queue.
    void setHandler(std::function<RawHttpAnswer(const RawHttpRequest &)> handler) { m_handler = std::move(handler); }

    QList<RawHttpRequest> requests() const { return m_requests; }
    int requestCount() const { return int(m_requests.size()); }
    int connectionCount() const { return m_connections; }

    // "HTTP/1.1 <status> ..." with Content-Length and Connection: close added, then the body.
    static QByteArray response(int status, const RawHeaders &headers = {}, const QByteArray &body = {});
    // Status line and headers only (nothing added), ending with the blank line.
    static QByteArray head(int status, const RawHeaders &headers = {});

Q_SIGNALS:
    void requestReceived(const opsdeck::test::RawHttpRequest &request);

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const RawHttpAnswer &answer);

    QTcpServer m_server;
    QList<RawHttpAnswer> m_queue;
    RawHttpAnswer m_default;
    std::function<RawHttpAnswer(const RawHttpRequest &)> m_handler;
    QList<RawHttpRequest> m_requests;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    int m_connections = 0;
};

} // namespace opsdeck::test
