#include "net/httpclient.h"

#include "net/httpclientprivate.h"
#include "net/httpreplyimpl.h"
#include "net/redactor.h"

#include <QNetworkAccessManager>
#include <QRandomGenerator>

namespace opsdeck {

HttpReply::~HttpReply() = default;

HttpClient::HttpClient(Clock &clock, QObject *parent) : QObject(parent), d(std::make_unique<Private>(clock))
{
    d->nam = new QNetworkAccessManager(this);
    // Redirects are followed by HttpReplyImpl, which decides where credentials may go (H5).
    d->nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    d->random01 = [] { return QRandomGenerator::global()->generateDouble(); };
}

HttpClient::~HttpClient()
{
    // Outstanding requests stop silently: emitting finished from here could run slots of an
    // owner that is itself half-destroyed.
    const auto outstanding = d->outstanding;
    d->outstanding.clear();
    for (HttpReplyImpl *reply : outstanding)
        reply->abandon();
}

HttpReply *HttpClient::send(HttpRequest request)
{
    for (const auto &[name, value] : std::as_const(request.authHeaders))
        Redactor::global().addSecret(value);
    for (const auto &[name, value] : std::as_const(request.headers)) {
        if (Redactor::isSensitiveHeader(name))
            Redactor::global().addSecret(value);
    }
    auto *reply = new HttpReplyImpl(this, std::move(request));
    d->outstanding.insert(reply);
    reply->start();
    return reply;
}

void HttpClient::setRetryPolicy(const RetryPolicy &policy) { d->policy = policy; }

const RetryPolicy &HttpClient::retryPolicy() const { return d->policy; }

void HttpClient::setUserAgent(const QByteArray &userAgent) { d->userAgent = userAgent; }

RateLimitInfo HttpClient::rateLimit(const QString &provider) const { return d->rateLimits.value(provider); }

} // namespace opsdeck
