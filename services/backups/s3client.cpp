#include "backups/s3client.h"

#include <QCryptographicHash>
#include <QEventLoop>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QTimer>
#include <QXmlStreamReader>

namespace opsdeck {

namespace {
constexpr qint64 kMaxSmallBody = 16 * 1024 * 1024;
}

Result<S3Location> S3Location::parse(const QString &destination)
{
    static const QRegularExpression re(QStringLiteral("^s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(/([A-Za-z0-9_./-]*))?$"));
    const auto m = re.match(destination);
    if (!m.hasMatch())
        return makeError(ErrorKind::Config, QCoreApplication::translate("S3Client",
                                                                        "An S3 destination looks like s3://bucket/prefix"));
    S3Location loc;
    loc.bucket = m.captured(1);
    QStringList parts = m.captured(3).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const QString &p : parts)
        if (p == QLatin1String("..") || p == QLatin1String("."))
            return makeError(ErrorKind::Config, QCoreApplication::translate("S3Client", "The S3 prefix may not contain . or .."));
    loc.prefix = parts.join(QLatin1Char('/'));
    return loc;
}

S3Client::S3Client(S3Config config, QString bucket)
    : m_config(std::move(config)), m_bucket(std::move(bucket)),
      m_signer(m_config.accessKeyId, m_config.secretAccessKey, m_config.region, QStringLiteral("s3")),
      m_nam(std::make_unique<QNetworkAccessManager>())
{
    m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);  // a redirect never carries our signature elsewhere
}

S3Client::~S3Client() = default;

QUrl S3Client::url(const QString &key, const ByteHeaders &query) const
{
    QUrl u;
    QByteArray path;
    if (m_config.endpoint.isEmpty()) {
        u = QUrl(QStringLiteral("https://%1.s3.%2.amazonaws.com").arg(m_bucket, m_config.region));
        path = '/' + key.toUtf8();
    } else {
        u = QUrl(m_config.endpoint);
        path = u.path().toUtf8();
        if (path.endsWith('/'))
            path.chop(1);
        path += '/' + m_bucket.toUtf8() + (key.isEmpty() ? QByteArray() : '/' + key.toUtf8());
    }
    u.setPath(QString::fromLatin1(SigV4::uriEncode(path, false)), QUrl::TolerantMode);
    if (!query.isEmpty())
        u.setQuery(QString::fromLatin1(SigV4::canonicalQuery(query)), QUrl::TolerantMode);
    return u;
}

QByteArray S3Client::errorCode(const QByteArray &xml)
{
    QXmlStreamReader r(xml);
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement() && r.name() == QLatin1String("Code"))
            return r.readElementText().toUtf8();
    }
    return {};
}

Result<S3Reply> S3Client::send(const Call &call, const std::atomic<bool> &cancel)
{
    const QUrl target = url(call.key, call.query);
    if (!target.isValid() || (target.scheme() != QLatin1String("https") && target.scheme() != QLatin1String("http")))
        return makeError(ErrorKind::Config, tr("Invalid S3 endpoint %1").arg(m_config.endpoint));
    if (m_config.accessKeyId.isEmpty() || m_config.secretAccessKey.isEmpty())
        return makeError(ErrorKind::Config, tr("Missing AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or "
                                               "store aws-access-key-id and aws-secret-access-key in the keychain"));
    // The Host header as Qt sends it: host, plus the port when it is not the scheme's default.
    QByteArray host = target.host(QUrl::FullyEncoded).toLatin1();
    const int defaultPort = target.scheme() == QLatin1String("https") ? 443 : 80;
    if (target.port() != -1 && target.port() != defaultPort)
        host += ':' + QByteArray::number(target.port());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    SigV4Request signing;
    signing.method = call.method;
    signing.path = QUrl::fromPercentEncoding(target.path(QUrl::FullyEncoded).toLatin1()).toUtf8();
    signing.query = call.query;
    signing.payloadHash = call.payloadHash.isEmpty() ? SigV4::sha256Hex(call.body) : call.payloadHash;
    signing.headers = {{"host", host}, {"x-amz-content-sha256", signing.payloadHash}, {"x-amz-date", SigV4::amzDate(now)}};

    QNetworkRequest request(target);
    for (const auto &[name, value] : signing.headers)
        request.setRawHeader(name, value);
    request.setRawHeader("Authorization", m_signer.authorization(signing, now));
    request.setTransferTimeout(m_config.timeoutMs);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/octet-stream"));
    const qint64 length = call.bodyDevice ? call.bodyDevice->size() : call.body.size();
    if (call.method == "PUT" || call.method == "POST")
        request.setHeader(QNetworkRequest::ContentLengthHeader, length);

    QNetworkReply *reply = call.bodyDevice ? m_nam->sendCustomRequest(request, call.method, call.bodyDevice)
                                           : m_nam->sendCustomRequest(request, call.method, call.body);
    QEventLoop loop;
    S3Reply out;
    QString sinkError;
    qint64 received = 0;  // body bytes, to check against Content-Length
    QObject::connect(reply, &QNetworkReply::readyRead, &loop, [&] {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray chunk = reply->readAll();
        received += chunk.size();
        if (call.sink && status >= 200 && status < 300) {
            if (call.sink->write(chunk) != chunk.size())
                sinkError = call.sink->errorString();
        } else if (out.body.size() + chunk.size() <= kMaxSmallBody) {
            out.body += chunk;
        } else {
            sinkError = tr("response too large");
            reply->abort();
        }
    });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (cancel.load())
            reply->abort();
    });
    poll.start(100);
    if (!reply->isFinished())
        loop.exec();
    const QByteArray rest = reply->readAll();
    received += rest.size();
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (call.sink && out.status >= 200 && out.status < 300)
        call.sink->write(rest);
    else
        out.body += rest;
    out.etag = reply->rawHeader("ETag");
    out.etag.replace('"', QByteArray());
    const QByteArray lengthHeader = reply->rawHeader("Content-Length");
    out.contentLength = lengthHeader.isEmpty() ? -1 : lengthHeader.toLongLong();
    const QByteArray encoding = reply->rawHeader("Content-Encoding");
    const bool decoded = !encoding.isEmpty() && encoding.compare("identity", Qt::CaseInsensitive) != 0;
    const QNetworkReply::NetworkError networkError = reply->error();
    const QString networkText = reply->errorString();
    reply->deleteLater();
    if (cancel.load())
        return makeError(ErrorKind::Cancelled, tr("Cancelled"));
    if (!sinkError.isEmpty())
        return makeError(ErrorKind::Io, tr("Cannot store the downloaded object"), sinkError);
    if (out.status == 0)
        return makeError(networkError == QNetworkReply::TimeoutError || networkError == QNetworkReply::OperationCanceledError
                             ? ErrorKind::Timeout
                             : ErrorKind::Network,
                         tr("S3 request failed: %1 %2").arg(QString::fromLatin1(call.method), call.key), networkText);
    // A 2xx answer cut after its headers is not a success: its length must be the announced one (unless
    // Qt decompressed it), and the transfer must have ended without a network error. A HEAD answer is
    // its headers only (the peer may close right after them).
    const bool withBody = out.status >= 200 && out.status < 300 && call.method != "HEAD";
    if (withBody && out.contentLength >= 0 && !decoded && received != out.contentLength)
        return makeError(ErrorKind::Network,
                         tr("S3 sent %1 of the %2 bytes it announced for %3 %4: the transfer was cut")
                             .arg(received)
                             .arg(out.contentLength)
                             .arg(QString::fromLatin1(call.method), call.key),
                         networkText);
    if (withBody && networkError != QNetworkReply::NoError)
        return makeError(networkError == QNetworkReply::TimeoutError ? ErrorKind::Timeout : ErrorKind::Network,
                         tr("S3 request failed: %1 %2").arg(QString::fromLatin1(call.method), call.key), networkText);
    if (out.status >= 300) {
        const QByteArray code = errorCode(out.body);
        const ErrorKind kind = out.status == 403 ? ErrorKind::Auth
            : out.status == 404                  ? ErrorKind::NotFound
            : out.status >= 500                  ? ErrorKind::Network
                                                 : ErrorKind::BadResponse;
        return makeError(kind,
                         tr("S3 answered %1 %2 to %3 %4")
                             .arg(out.status)
                             .arg(QString::fromLatin1(code), QString::fromLatin1(call.method), call.key),
                         QString::fromUtf8(out.body.left(500)), out.status);
    }
    return out;
}

} // namespace opsdeck
