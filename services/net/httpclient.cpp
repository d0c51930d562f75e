#include "net/httpclient.h"

#include "net/httpclientprivate.h"
#include "net/httpreplyimpl.h"
#include "net/redactor.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QRandomGenerator>

namespace opsdeck {

namespace {

// The system's proxy (http_proxy / https_proxy / no_proxy, or the desktop's settings), except for
// loopback: the demo sandbox and local tools on 127.0.0.1 are never sent through a proxy.
class SystemProxyFactory final : public QNetworkProxyFactory
{
public:
    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override
    {
        const QString host = query.peerHostName();
        const QHostAddress address(host);
        if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 || (!address.isNull() && address.isLoopback()))
            return {QNetworkProxy(QNetworkProxy::NoProxy)};
        return systemProxyForQuery(query);
    }
};

} // namespace

HttpReply::~HttpReply() = default;

HttpClient::HttpClient(Clock &clock, QObject *parent) : QObject(parent), d(std::make_unique<Private>(clock))
{
    d->nam = new QNetworkAccessManager(this);
    // Redirects are followed by HttpReplyImpl, which decides where credentials may go.
    d->nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    d->nam->setProxyFactory(new SystemProxyFactory);  // owned by the manager
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

Status HttpClient::addCaCertificates(const QString &pemFile)
{
    if (!QFileInfo(pemFile).isReadable())
        return makeError(ErrorKind::Config, QCoreApplication::translate("HttpClient", "The CA bundle %1 cannot be read.").arg(pemFile));
    const QList<QSslCertificate> certs = QSslCertificate::fromPath(pemFile, QSsl::Pem, QSslCertificate::PatternSyntax::FixedString);
    if (certs.isEmpty())
        return makeError(ErrorKind::Config,
                         QCoreApplication::translate("HttpClient", "The CA bundle %1 holds no PEM certificate.").arg(pemFile));
    d->extraCas += certs;
    return {};
}

RateLimitInfo HttpClient::rateLimit(const QString &provider) const { return d->rateLimits.value(provider); }

} // namespace opsdeck
