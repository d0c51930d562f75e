#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

namespace opsdeck {

using ByteHeaders = QList<QPair<QByteArray, QByteArray>>;

struct SigV4Request {
    QByteArray method = QByteArrayLiteral("GET");
    QByteArray path = QByteArrayLiteral("/");  // not yet percent-encoded ("/backups/shop-1.sql.gz")
    ByteHeaders query;    // name/value pairs, not yet encoded
    ByteHeaders headers;  // every header to sign, host and x-amz-date included
    QByteArray payloadHash;  // hex SHA-256 of the body, or "UNSIGNED-PAYLOAD"
};

// AWS Signature Version 4 (header form), as AWS's "Signature Version 4 signing process" defines it:
// canonical request → string to sign → HMAC chain of the date, region, service → signature. The
// path is encoded once, segment by segment (S3's rule; AWS's test-suite cases without dot segments
// agree). Secrets stay in this object; nothing here logs.
class SigV4
{
public:
    SigV4(QByteArray accessKeyId, QByteArray secretAccessKey, QString region, QString service);

    static QByteArray uriEncode(const QByteArray &bytes, bool encodeSlash);
    static QByteArray canonicalQuery(const ByteHeaders &query);
    static QByteArray amzDate(const QDateTime &time);  // 20150830T123600Z
    static QByteArray sha256Hex(const QByteArray &data);

    QByteArray canonicalRequest(const SigV4Request &request, QByteArray *signedHeaders = nullptr) const;
    QByteArray scope(const QDateTime &time) const;  // 20150830/us-east-1/service/aws4_request
    QByteArray stringToSign(const QByteArray &canonicalRequest, const QDateTime &time) const;
    QByteArray signingKey(const QDate &date) const;
    QByteArray signature(const SigV4Request &request, const QDateTime &time) const;  // hex
    QByteArray authorization(const SigV4Request &request, const QDateTime &time) const;

private:
    QByteArray m_accessKeyId;
    QByteArray m_secret;
    QByteArray m_region;
    QByteArray m_service;
};

} // namespace opsdeck
