#pragma once

// Internal to services/net: state shared by HttpClient and the replies it creates.

#include "net/etagcache.h"
#include "net/httpclient.h"

#include <QHash>
#include <QSslCertificate>
#include <QSet>

#include <functional>

class QNetworkAccessManager;

namespace opsdeck {

class HttpReplyImpl;

class HttpClient::Private
{
public:
    explicit Private(Clock &c) : clock(c) {}

    Clock &clock;
    QNetworkAccessManager *nam = nullptr;  // child of the client
    RetryPolicy policy;
    QByteArray userAgent = QByteArrayLiteral("OpsDeck/" OPSDECK_VERSION);
    QHash<QString, RateLimitInfo> rateLimits;
    EtagCache etags;
    QSet<HttpReplyImpl *> outstanding;
    std::function<double()> random01;
    QList<QSslCertificate> extraCas;  // a corporate CA bundle, added to the system's (never replacing it)
};

} // namespace opsdeck
