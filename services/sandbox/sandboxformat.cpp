#include "sandbox/sandboxformat.h"

#include <QDateTime>
#include <QTimeZone>

namespace opsdeck::sandboxformat {

QString isoSeconds(qint64 epochMs)
{
    return QDateTime::fromMSecsSinceEpoch(epochMs, Qt::UTC).toString(Qt::ISODate);
}

QString isoMillis(qint64 epochMs)
{
    return QDateTime::fromMSecsSinceEpoch(epochMs, Qt::UTC).toString(Qt::ISODateWithMs);
}

std::optional<qint64> parseIso(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    QDateTime dt = QDateTime::fromString(trimmed, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(trimmed, Qt::ISODate);
    if (!dt.isValid()) {
        const QDate date = QDate::fromString(trimmed, Qt::ISODate);
        if (!date.isValid())
            return std::nullopt;
        dt = QDateTime(date, QTime(0, 0), Qt::UTC);
    }
    // A time without zone designator is taken as UTC, like the providers do.
    if (dt.timeSpec() == Qt::LocalTime)
        dt.setTimeSpec(Qt::UTC);
    return dt.toMSecsSinceEpoch();
}

std::optional<qint64> parseInt(const QString &text)
{
    bool ok = false;
    const qint64 value = text.trimmed().toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return value;
}

QJsonValue stringOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue msOrNull(qint64 epochMs)
{
    return epochMs > 0 ? QJsonValue(epochMs) : QJsonValue(QJsonValue::Null);
}

qint64 floorToDay(qint64 epochSec)
{
    qint64 day = epochSec / kDaySec;
    if (epochSec < 0 && epochSec % kDaySec != 0)
        --day;
    return day * kDaySec;
}

QString encodeCursor(const QString &prefix, const QByteArray &payload)
{
    return prefix
           + QString::fromLatin1(payload.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<QByteArray> decodeCursor(const QString &prefix, const QString &cursor)
{
    if (!cursor.startsWith(prefix))
        return std::nullopt;
    const auto result = QByteArray::fromBase64Encoding(cursor.mid(prefix.size()).toLatin1(),
                                                       QByteArray::Base64UrlEncoding
                                                           | QByteArray::AbortOnBase64DecodingErrors);
    if (!result || result.decoded.isEmpty())
        return std::nullopt;
    return result.decoded;
}

QByteArray linkHeader(const QList<std::pair<QUrl, QString>> &links)
{
    QByteArray out;
    for (const auto &link : links) {
        if (!out.isEmpty())
            out += ", ";
        out += '<' + link.first.toEncoded() + ">; rel=\"" + link.second.toLatin1() + '"';
    }
    return out;
}

static QString trimmedDecimal(qint64 value, int decimals)
{
    qint64 scale = 1;
    for (int i = 0; i < decimals; ++i)
        scale *= 10;
    const bool negative = value < 0;
    const qint64 magnitude = negative ? -value : value;
    QString out = QString::number(magnitude / scale);
    QString fraction = QStringLiteral("%1").arg(magnitude % scale, decimals, 10, QLatin1Char('0'));
    while (fraction.endsWith(QLatin1Char('0')))
        fraction.chop(1);
    if (!fraction.isEmpty())
        out += QLatin1Char('.') + fraction;
    return negative ? QLatin1Char('-') + out : out;
}

QString microsAsCents(qint64 micros)
{
    return trimmedDecimal(micros, 4);
}

QString microsAsDollars(qint64 micros)
{
    return trimmedDecimal(micros, 6);
}

} // namespace opsdeck::sandboxformat
