#pragma once

#include "core/clock.h"
#include "core/result.h"
#include "net/httprequest.h"
#include "net/retrypolicy.h"

#include <QObject>
#include <QPointer>

class QNetworkAccessManager;

namespace opsdeck {

class EtagCache;

// Handle for one logical request (all its retries and redirects). Emits finished exactly once.
class HttpReply : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpReply)
public:
    using QObject::QObject;
    ~HttpReply() override;
    virtual void cancel() = 0;
    bool isFinished() const { return m_finished; }

Q_SIGNALS:
    // HTTP error statuses (4xx/5xx after retries) arrive as a successful Result whose
    // response carries the status: providers map them with their own error bodies.
    // Transport failures, timeouts, the size cap and cancellation arrive as Error.
    void finished(const opsdeck::Result<opsdeck::HttpResponse> &result);
    void chunk(const QByteArray &data);  // only when HttpRequest::streaming

protected:
    bool m_finished = false;
};

// The one HTTP layer every provider uses: retries, timeouts, TLS, redirects, redaction, body caps.
class HttpClient : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpClient)
public:
    explicit HttpClient(Clock &clock = SystemClock::instance(), QObject *parent = nullptr);
    ~HttpClient() override;

    // The reply is parented to the client; it deletes itself (deleteLater) after finished.
    HttpReply *send(HttpRequest request);

    void setRetryPolicy(const RetryPolicy &policy);
    const RetryPolicy &retryPolicy() const;
    void setUserAgent(const QByteArray &userAgent);
    // Trusts the certificates of a PEM file as well as the system's (a company's TLS-inspecting proxy or
    // internal CA). Verification stays on; a file without a certificate is an error.
    Status addCaCertificates(const QString &pemFile);
    // Latest rate-limit state per HttpRequest::provider.
    RateLimitInfo rateLimit(const QString &provider) const;

Q_SIGNALS:
    // One redacted line per request attempt, for the log pane.
    void logLine(const QString &line);

private:
    class Private;
    std::unique_ptr<Private> d;
    friend class HttpReplyImpl;
};

} // namespace opsdeck
