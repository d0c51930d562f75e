#include "backups/sigv4.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

#include <algorithm>

namespace opsdeck {

namespace {

QByteArray hmac(const QByteArray &key, const QByteArray &data)
{
    return QMessageAuthenticationCode::hash(data, key, QCryptographicHash::Sha256);
}

QByteArray canonicalHeaderValue(const QByteArray &value)
{
    return value.simplified();  // trims and collapses runs of spaces, as the spec asks
}

} // namespace

SigV4::SigV4(QByteArray accessKeyId, QByteArray secretAccessKey, QString region, QString service)
    : m_accessKeyId(std::move(accessKeyId)), m_secret(std::move(secretAccessKey)), m_region(region.toUtf8()),
      m_service(service.toUtf8())
{
}

QByteArray SigV4::uriEncode(const QByteArray &bytes, bool encodeSlash)
{
    static const char hex[] = "0123456789ABCDEF";
    QByteArray out;
    out.reserve(bytes.size() * 3);
    for (char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
            || c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
            out += char(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    return out;
}

QByteArray SigV4::canonicalQuery(const ByteHeaders &query)
{
    QList<QPair<QByteArray, QByteArray>> encoded;
    for (const auto &[name, value] : query)
        encoded.append({uriEncode(name, true), uriEncode(value, true)});
    std::sort(encoded.begin(), encoded.end());
    QList<QByteArray> parts;
    for (const auto &[name, value] : encoded)
        parts << name + '=' + value;
    return parts.join('&');
}

QByteArray SigV4::amzDate(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toLatin1();
}

QByteArray SigV4::sha256Hex(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QByteArray SigV4::canonicalRequest(const SigV4Request &request, QByteArray *signedHeaders) const
{
    QList<QPair<QByteArray, QByteArray>> headers;
    for (const auto &[name, value] : request.headers)
        headers.append({name.toLower().trimmed(), canonicalHeaderValue(value)});
    std::stable_sort(headers.begin(), headers.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QByteArray canonicalHeaders;
    QList<QByteArray> names;
    for (qsizetype i = 0; i < headers.size(); ++i) {
        // Repeated headers join their values with commas.
        if (i > 0 && headers[i].first == headers[i - 1].first) {
            canonicalHeaders.chop(1);
            canonicalHeaders += ',' + headers[i].second + '\n';
            continue;
        }
        canonicalHeaders += headers[i].first + ':' + headers[i].second + '\n';
        names << headers[i].first;
    }
    const QByteArray signedList = names.join(';');
    if (signedHeaders)
        *signedHeaders = signedList;
    const QByteArray path = request.path.isEmpty() ? QByteArrayLiteral("/") : request.path;
    return request.method + '\n' + uriEncode(path, false) + '\n' + canonicalQuery(request.query) + '\n' + canonicalHeaders
        + '\n' + signedList + '\n' + request.payloadHash;
}

QByteArray SigV4::scope(const QDateTime &time) const
{
    return time.toUTC().date().toString(QStringLiteral("yyyyMMdd")).toLatin1() + '/' + m_region + '/' + m_service
        + QByteArrayLiteral("/aws4_request");
}

QByteArray SigV4::stringToSign(const QByteArray &canonicalRequest, const QDateTime &time) const
{
    return QByteArrayLiteral("AWS4-HMAC-SHA256\n") + amzDate(time) + '\n' + scope(time) + '\n' + sha256Hex(canonicalRequest);
}

QByteArray SigV4::signingKey(const QDate &date) const
{
    const QByteArray kDate = hmac(QByteArrayLiteral("AWS4") + m_secret, date.toString(QStringLiteral("yyyyMMdd")).toLatin1());
    const QByteArray kRegion = hmac(kDate, m_region);
    const QByteArray kService = hmac(kRegion, m_service);
    return hmac(kService, QByteArrayLiteral("aws4_request"));
}

QByteArray SigV4::signature(const SigV4Request &request, const QDateTime &time) const
{
    return hmac(signingKey(time.toUTC().date()), stringToSign(canonicalRequest(request), time)).toHex();
}

QByteArray SigV4::authorization(const SigV4Request &request, const QDateTime &time) const
{
    QByteArray signedHeaders;
    const QByteArray canonical = canonicalRequest(request, &signedHeaders);
    const QByteArray sig = hmac(signingKey(time.toUTC().date()), stringToSign(canonical, time)).toHex();
    return QByteArrayLiteral("AWS4-HMAC-SHA256 Credential=") + m_accessKeyId + '/' + scope(time)
        + QByteArrayLiteral(", SignedHeaders=") + signedHeaders + QByteArrayLiteral(", Signature=") + sig;
}

} // namespace opsdeck
