#pragma once

#include "backups/sigv4.h"
#include "core/result.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QUrl>

#include <atomic>
#include <memory>

class QIODevice;

namespace opsdeck {

struct S3Location {
    QString bucket;
    QString prefix;  // without leading/trailing "/"; may be empty
    static Result<S3Location> parse(const QString &destination);  // s3://bucket/prefix
    QString key(const QString &name) const { return prefix.isEmpty() ? name : prefix + QLatin1Char('/') + name; }
};

struct S3Config {
    QString endpoint;  // empty: AWS (https://<bucket>.s3.<region>.amazonaws.com); else path-style <endpoint>/<bucket>
    QString region = QStringLiteral("us-east-1");
    QByteArray accessKeyId;
    QByteArray secretAccessKey;  // secret: never logged
    int timeoutMs = 60'000;
};

struct S3Reply {
    int status = 0;
    QByteArray body;  // small bodies only (XML, manifests); downloads go to a device
    QByteArray etag;  // without quotes
    qint64 contentLength = -1;
};

// One blocking S3 request at a time, signed with Signature V4 (x-amz-content-sha256 carries the
// body's SHA-256, so the store checks the bytes). Use from one worker thread (it runs a private event
// loop there); never from the GUI thread. TLS verification is never relaxed.
class S3Client
{
    Q_DECLARE_TR_FUNCTIONS(S3Client)

public:
    S3Client(S3Config config, QString bucket);
    ~S3Client();
    Q_DISABLE_COPY_MOVE(S3Client)

    struct Call {
        QByteArray method = QByteArrayLiteral("GET");
        QString key;  // empty: the bucket itself
        ByteHeaders query;
        QByteArray body;            // used when bodyDevice is null
        QIODevice *bodyDevice = nullptr;  // random-access, positioned at 0; read to its size()
        QByteArray payloadHash;     // hex SHA-256 of the body (computed from `body` when empty)
        QIODevice *sink = nullptr;  // receives a 2xx response body instead of S3Reply::body
    };
    Result<S3Reply> send(const Call &call, const std::atomic<bool> &cancel);
    QUrl url(const QString &key, const ByteHeaders &query) const;

    static QByteArray errorCode(const QByteArray &xml);  // <Code> of an S3 error document

private:
    S3Config m_config;
    QString m_bucket;
    SigV4 m_signer;
    std::unique_ptr<QNetworkAccessManager> m_nam;
};

} // namespace opsdeck
