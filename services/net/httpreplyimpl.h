#pragma once

// Internal to services/net: one logical request (retries, redirects, deadline) driven by
// HttpClient. Users only see HttpReply.

#include "net/httpclient.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QStringList>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace opsdeck {

class HttpReplyImpl final : public HttpReply
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpReplyImpl)
public:
    HttpReplyImpl(HttpClient *client, HttpRequest request);
    ~HttpReplyImpl() override;

    void start();
    void cancel() override;
    // The client is going away: stop without emitting anything.
    void abandon();

private:
    HttpClient::Private &d() const;
    void startAttempt();
    QNetworkRequest buildRequest();
    QNetworkReply *sendOnce(QNetworkAccessManager *nam, QNetworkRequest req);
    void onMetaDataChanged();
    void onReadyRead();
    bool consume(QNetworkReply *net);  // false when that finished the request (size cap, cancel)
    void onNetFinished();
    void onDeadline();
    void handleTransportError(QNetworkReply *net);
    void handleHttpResponse(QNetworkReply *net);
    void followRedirect(const HttpResponse &response);
    void applyEtagCache(HttpResponse &response);
    // Schedules the next attempt if the rules allow it; otherwise says why not in refusalNote.
    bool retry(const Classification &classification, const QString &outcome, QString *refusalNote);
    void failWith(const Error &error, const QString &outcome);
    void stopNetwork();
    void finish(Result<HttpResponse> result);
    void logAttempt(const QString &outcome, const QString &extra = {});
    QString sizeText(qint64 bytes) const;

    QPointer<HttpClient> m_client;
    HttpRequest m_request;
    QUrl m_url;            // current hop (after redirects)
    QByteArray m_method;   // may turn into GET after a 303
    QByteArray m_body;
    qint64 m_startMs = 0;
    int m_attempt = 0;     // 1-based; redirects do not count
    int m_redirects = 0;
    int m_retries = 0;
    quint64 m_generation = 0;
    QPointer<QNetworkReply> m_net;
    QByteArray m_buffer;
    qint64 m_received = 0;
    bool m_chunksEmitted = false;
    bool m_sentCachedEtag = false;
    QByteArray m_etagKey;
    QStringList m_sslErrors;
    QElapsedTimer m_attemptTimer;
};

} // namespace opsdeck
