#include "net/httpreplyimpl.h"

#include "core/text.h"
#include "net/httpclientprivate.h"
#include "net/oneshotbody.h"
#include "net/redactor.h"
#include "net/redirectrules.h"
#include "net/transportfailure.h"

#include <QNetworkAccessManager>
#include <QSslConfiguration>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslError>

#include <algorithm>

namespace opsdeck {

HttpReplyImpl::HttpReplyImpl(HttpClient *client, HttpRequest request)
    : HttpReply(client), m_client(client), m_request(std::move(request))
{
    m_request.method = m_request.method.toUpper();
    m_url = m_request.url;
    m_method = m_request.method;
    m_body = m_request.body;
}

HttpReplyImpl::~HttpReplyImpl()
{
    stopNetwork();
    if (m_client)  // deleted by its user before finishing
        d().outstanding.remove(this);
}

HttpClient::Private &HttpReplyImpl::d() const { return *m_client->d; }

void HttpReplyImpl::start()
{
    m_startMs = d().clock.nowMs();
    const QString scheme = m_url.scheme().toLower();
    if (!m_url.isValid() || m_url.host().isEmpty() || (scheme != QStringLiteral("http") && scheme != QStringLiteral("https"))) {
        // Deliver on the next event-loop turn so the caller can connect first.
        QMetaObject::invokeMethod(this, [this] {
            failWith(makeError(ErrorKind::Config, tr("Invalid request URL"),
                               Redactor::global().redact(m_url.toDisplayString())), QStringLiteral("invalid URL"));
        }, Qt::QueuedConnection);
        return;
    }
    if (m_request.deadlineMs > 0)
        d().clock.schedule(m_request.deadlineMs, this, [this] { onDeadline(); });
    startAttempt();
}

void HttpReplyImpl::cancel()
{
    if (m_finished)
        return;
    stopNetwork();
    logAttempt(QStringLiteral("cancelled"));
    finish(makeError(ErrorKind::Cancelled, tr("Request cancelled")));
}

void HttpReplyImpl::abandon()
{
    stopNetwork();
    m_finished = true;
    m_client = nullptr;
    deleteLater();
}

void HttpReplyImpl::startAttempt()
{
    if (m_finished || !m_client)
        return;
    if (m_attempt == 0)
        m_attempt = 1;
    m_buffer.clear();
    m_received = 0;
    m_sslErrors.clear();
    m_attemptTimer.start();

    const QNetworkRequest req = buildRequest();
    QNetworkAccessManager *nam = d().nam;
    QNetworkReply *net = nullptr;
    if (m_method == "GET" && m_body.isEmpty())
        net = nam->get(req);
    else if (m_method == "HEAD")
        net = nam->head(req);
    else if (m_request.isIdempotent())
        net = nam->sendCustomRequest(req, m_method, m_body);
    else
        net = sendOnce(nam, req);
    m_net = net;
    connect(net, &QNetworkReply::metaDataChanged, this, &HttpReplyImpl::onMetaDataChanged);
    connect(net, &QNetworkReply::readyRead, this, &HttpReplyImpl::onReadyRead);
    connect(net, &QNetworkReply::finished, this, &HttpReplyImpl::onNetFinished);
    // TLS errors are never ignored: the reasons only make the error message specific.
    connect(net, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &e : errors)
            m_sslErrors << e.errorString();
    });
}

// A non-idempotent request goes out at most once: Qt gets a body it cannot rewind, so its HTTP/1.1
// channel cannot silently re-send the request when the connection drops before the answer.
QNetworkReply *HttpReplyImpl::sendOnce(QNetworkAccessManager *nam, QNetworkRequest req)
{
    req.setHeader(QNetworkRequest::ContentLengthHeader, m_body.size());
    req.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
    auto *body = new OneShotBody(m_body);
    QNetworkReply *net = nam->sendCustomRequest(req, m_method, body);
    body->setParent(net);
    return net;
}

QNetworkRequest HttpReplyImpl::buildRequest()
{
    QNetworkRequest req(m_url);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    req.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    if (m_request.transferTimeoutMs > 0)
        req.setTransferTimeout(m_request.transferTimeoutMs);
    if (!d().extraCas.isEmpty() && m_url.scheme() == QLatin1String("https")) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(d().extraCas);
        req.setSslConfiguration(tls);
    }
    // Qt's decompression safety check (gzip bombs) is deliberately left at its default.

    const bool sameOrigin = isSameOrigin(m_url, m_request.url);
    bool hasUserAgent = false;
    bool hasContentType = false;
    bool hasIfNoneMatch = false;
    for (const auto &[name, value] : std::as_const(m_request.headers)) {
        if (!sameOrigin && Redactor::isSensitiveHeader(name))
            continue;
        if (m_body.isEmpty() && name.compare("content-type", Qt::CaseInsensitive) == 0)
            continue;  // dropped with the body after a 303
        hasUserAgent |= name.compare("user-agent", Qt::CaseInsensitive) == 0;
        hasContentType |= name.compare("content-type", Qt::CaseInsensitive) == 0;
        hasIfNoneMatch |= name.compare("if-none-match", Qt::CaseInsensitive) == 0;
        req.setRawHeader(name, value);
    }
    if (sameOrigin) {
        for (const auto &[name, value] : std::as_const(m_request.authHeaders))
            req.setRawHeader(name, value);
    }
    if (!hasUserAgent)
        req.setRawHeader("User-Agent", d().userAgent);
    if (!m_body.isEmpty() && !hasContentType)
        req.setRawHeader("Content-Type", "application/json");

    m_sentCachedEtag = false;
    if (m_request.useEtagCache && m_method == "GET") {
        m_etagKey = EtagCache::key(m_url, sameOrigin ? m_request.authHeaders : HeaderList{});
        const auto cached = hasIfNoneMatch ? std::nullopt : d().etags.find(m_etagKey);
        if (cached) {
            req.setRawHeader("If-None-Match", cached->etag);
            m_sentCachedEtag = true;
        }
    }
    return req;
}

void HttpReplyImpl::onMetaDataChanged()
{
    if (!m_net || m_finished || m_request.maxBodyBytes <= 0)
        return;
    bool ok = false;
    const qint64 length = m_net->header(QNetworkRequest::ContentLengthHeader).toLongLong(&ok);
    if (ok && length > m_request.maxBodyBytes) {
        stopNetwork();
        failWith(makeError(ErrorKind::BadResponse, tr("response larger than %1").arg(sizeText(m_request.maxBodyBytes)),
                           tr("Content-Length: %1").arg(length)),
                 QStringLiteral("aborted: Content-Length %1 over the cap").arg(length));
    }
}

void HttpReplyImpl::onReadyRead()
{
    if (m_net && !m_finished)
        consume(m_net);
}

bool HttpReplyImpl::consume(QNetworkReply *net)
{
    const QByteArray data = net->readAll();
    m_received += data.size();
    if (m_request.maxBodyBytes > 0 && m_received > m_request.maxBodyBytes) {
        stopNetwork();
        failWith(makeError(ErrorKind::BadResponse, tr("response larger than %1").arg(sizeText(m_request.maxBodyBytes))),
                 QStringLiteral("aborted after %1 bytes: over the cap").arg(m_received));
        return false;
    }
    const int status = net->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_request.streaming && status >= 200 && status < 300) {
        if (!data.isEmpty()) {
            m_chunksEmitted = true;
            const QPointer<HttpReplyImpl> self(this);
            Q_EMIT chunk(data);  // a slot may cancel us, or even delete the client
            return self && !m_finished;
        }
        return true;
    }
    m_buffer += data;
    return true;
}

void HttpReplyImpl::onNetFinished()
{
    QNetworkReply *net = m_net;
    if (!net || m_finished)
        return;
    if (net->bytesAvailable() > 0 && !consume(net))
        return;
    m_net = nullptr;
    QObject::disconnect(net, nullptr, this, nullptr);
    net->deleteLater();
    const int status = net->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (isTransportError(net->error(), status))
        handleTransportError(net);
    else
        handleHttpResponse(net);
}

void HttpReplyImpl::handleTransportError(QNetworkReply *net)
{
    const auto error = net->error();
    const QString detail = Redactor::global().redact(net->errorString());
    if (!m_sslErrors.isEmpty() || error == QNetworkReply::SslHandshakeFailedError) {
        const QString reasons = m_sslErrors.isEmpty() ? detail : m_sslErrors.join(QStringLiteral("; "));
        failWith(makeError(ErrorKind::Network, tr("TLS error: %1").arg(reasons), detail),
                 QStringLiteral("TLS error: %1").arg(reasons));
        return;
    }
    if (error == QNetworkReply::OperationCanceledError || error == QNetworkReply::TimeoutError) {
        // We disconnect before aborting ourselves, so this is Qt's transfer (inactivity) timeout.
        const QString message = tr("No data from %1 for %2 s").arg(m_url.host()).arg(m_request.transferTimeoutMs / 1000.0);
        failWith(makeError(ErrorKind::Timeout, message, detail), QStringLiteral("inactivity timeout"));
        return;
    }
    if (error == QNetworkReply::UnknownContentError || error == QNetworkReply::ProtocolFailure) {
        // Includes Qt's decompression safety check (a compression bomb) and malformed framing.
        failWith(makeError(ErrorKind::BadResponse, tr("Unreadable response from %1").arg(m_url.host()), detail),
                 QStringLiteral("unreadable response: %1").arg(detail));
        return;
    }
    if (error == QNetworkReply::ContentReSendError) {
        // Qt wanted to send a non-idempotent request again (OneShotBody refused): the outcome is unknown.
        const QString message = tr("The connection to %1 closed before it answered: the %2 may or may not have been applied")
                                    .arg(m_url.host(), QString::fromLatin1(m_method));
        failWith(makeError(ErrorKind::Network, message, detail),
                 QStringLiteral("connection closed before the answer; not re-sent (%1 is not idempotent)")
                     .arg(QString::fromLatin1(m_method)));
        return;
    }
    const Classification c = classifyTransportFailure(isConnectionReset(error));
    const QString outcome = QStringLiteral("network error: %1").arg(detail);
    QString note;
    if (retry(c, outcome, &note))
        return;
    failWith(makeError(ErrorKind::Network, tr("Network error: %1").arg(detail), detail), outcome + note);
}

void HttpReplyImpl::handleHttpResponse(QNetworkReply *net)
{
    HttpResponse r;
    r.status = net->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = m_buffer;
    r.headers = net->rawHeaderPairs();
    r.finalUrl = m_url;
    r.attempts = m_attempt;
    r.elapsedMs = d().clock.nowMs() - m_startMs;
    r.rateLimit = parseRateLimitHeaders(r.headers);
    if (const auto wait = parseRetryAfterMs(r.header("retry-after"), d().clock.nowMs()))
        r.rateLimit.retryAfterSec = (*wait + 999) / 1000;
    if (!r.rateLimit.isEmpty())
        d().rateLimits.insert(m_request.provider, r.rateLimit);
    m_buffer.clear();

    if (isRedirectStatus(r.status) && !r.header("location").isEmpty()) {
        followRedirect(r);
        return;
    }
    applyEtagCache(r);
    const QString outcome = QString::number(r.status) + (r.fromCache ? QStringLiteral(" (304, from cache)") : QString());
    QString note;
    if (!r.isSuccess() && retry(classifyResponse(r, d().clock.nowMs(), d().policy), outcome, &note))
        return;
    logAttempt(outcome, note);
    finish(std::move(r));
}

void HttpReplyImpl::followRedirect(const HttpResponse &response)
{
    const QUrl target = m_url.resolved(QUrl::fromEncoded(response.header("location")));
    const QString outcome = QStringLiteral("%1 redirect").arg(response.status);
    if (++m_redirects > 5) {
        failWith(makeError(ErrorKind::BadResponse, tr("Too many redirects"), {}, response.status), outcome);
        return;
    }
    if (const auto refusal = redirectRefusal(m_url, target)) {
        failWith(makeError(ErrorKind::Network, *refusal, Redactor::global().redact(target.toDisplayString()),
                           response.status), outcome);
        return;
    }
    logAttempt(outcome, QStringLiteral(" to %1").arg(target.toDisplayString()));
    if (response.status == 303 || ((response.status == 301 || response.status == 302) && m_method == "POST")) {
        m_method = QByteArrayLiteral("GET");
        m_body.clear();
    }
    m_url = target;
    startAttempt();
}

void HttpReplyImpl::applyEtagCache(HttpResponse &response)
{
    if (!m_request.useEtagCache || m_method != "GET")
        return;
    if (response.status == 304 && m_sentCachedEtag) {
        if (const auto cached = d().etags.find(m_etagKey)) {
            response.status = 200;
            response.body = cached->body;
            response.headers = EtagCache::refreshedHeaders(cached->headers, response.headers);
            response.fromCache = true;
        }
    } else if (response.status == 200 && !response.header("etag").isEmpty()) {
        d().etags.insert(m_etagKey, EtagCache::Entry{response.header("etag"), response.body, response.headers});
    }
}

bool HttpReplyImpl::retry(const Classification &c, const QString &outcome, QString *refusalNote)
{
    if (c.decision != RetryDecision::Retry)
        return false;
    const RetryPolicy &policy = d().policy;
    QString refusal;
    qint64 minWait = c.minWaitMs;
    if (c.growMinWait)  // GitHub secondary limit: at least 60 s, then exponentially more
        minWait = std::min<qint64>(policy.maxWaitMs + 1, minWait << std::min(m_retries, 20));
    if (!m_request.isIdempotent())
        refusal = QStringLiteral("not retried: %1 is not idempotent").arg(QString::fromLatin1(m_method));
    else if (m_chunksEmitted)
        refusal = QStringLiteral("not retried: data was already streamed");
    else if (m_attempt >= policy.maxAttempts)
        refusal = QStringLiteral("giving up after %1 attempts").arg(m_attempt);
    else if (minWait > policy.maxWaitMs)
        refusal = QStringLiteral("giving up: server asks to wait %1 s").arg(minWait / 1000);
    qint64 delay = 0;
    if (refusal.isEmpty()) {
        delay = std::min(backoffDelayMs(policy, m_retries, minWait, d().random01), std::max(minWait, policy.maxWaitMs));
        const qint64 elapsed = d().clock.nowMs() - m_startMs;
        if (m_request.deadlineMs > 0 && elapsed + delay >= m_request.deadlineMs)
            refusal = QStringLiteral("giving up: a retry in %1 ms would pass the deadline").arg(delay);
    }
    if (!refusal.isEmpty()) {
        *refusalNote = QStringLiteral("; ") + refusal;
        return false;
    }
    logAttempt(outcome, QStringLiteral("; retrying in %1 ms (%2)").arg(delay).arg(c.reason));
    ++m_retries;
    ++m_attempt;
    const quint64 generation = ++m_generation;
    d().clock.schedule(delay, this, [this, generation] {
        if (!m_finished && generation == m_generation)
            startAttempt();
    });
    return true;
}

void HttpReplyImpl::onDeadline()
{
    if (m_finished)
        return;
    stopNetwork();
    failWith(makeError(ErrorKind::Timeout,
                       tr("No complete answer from %1 within %2 s").arg(m_url.host()).arg(m_request.deadlineMs / 1000.0)),
             QStringLiteral("deadline exceeded"));
}

void HttpReplyImpl::failWith(const Error &error, const QString &outcome)
{
    logAttempt(outcome);
    Error e = error;
    e.message = Redactor::global().redact(e.message);
    e.detail = Redactor::global().redact(e.detail);
    finish(std::move(e));
}

void HttpReplyImpl::stopNetwork()
{
    ++m_generation;  // drops a pending retry
    if (QNetworkReply *net = m_net) {
        m_net = nullptr;
        QObject::disconnect(net, nullptr, this, nullptr);
        net->abort();
        net->deleteLater();
    }
}

void HttpReplyImpl::finish(Result<HttpResponse> result)
{
    if (m_finished)
        return;
    stopNetwork();
    m_finished = true;
    if (m_client)
        d().outstanding.remove(this);
    const QPointer<HttpReplyImpl> self(this);
    Q_EMIT finished(result);
    if (self)  // a slot may have deleted the client, and us with it
        deleteLater();
}

void HttpReplyImpl::logAttempt(const QString &outcome, const QString &extra)
{
    if (!m_client)
        return;
    const QString prefix = m_request.provider.isEmpty() ? QString() : QLatin1Char('[') + m_request.provider + QStringLiteral("] ");
    const QString line = prefix + QString::fromLatin1(m_method) + QLatin1Char(' ') + m_url.toDisplayString()
        + QStringLiteral(" -> ") + outcome + QStringLiteral(" in %1 ms (attempt %2/%3)")
              .arg(m_attemptTimer.isValid() ? m_attemptTimer.elapsed() : 0)
              .arg(m_attempt)
              .arg(d().policy.maxAttempts)
        + extra;
    Q_EMIT m_client->logLine(Redactor::global().redact(sanitizeForDisplay(line)));
}

QString HttpReplyImpl::sizeText(qint64 bytes) const
{
    constexpr qint64 mib = 1024 * 1024;
    if (bytes >= mib)
        return bytes % mib == 0 ? tr("%1 MiB").arg(bytes / mib) : tr("%1 MiB").arg(double(bytes) / mib, 0, 'f', 1);
    if (bytes >= 1024)
        return tr("%1 KiB").arg(bytes / 1024);
    return tr("%1 bytes").arg(bytes);
}

} // namespace opsdeck
