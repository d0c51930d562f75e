#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QUrl>

#include <optional>
#include <utility>

// Small formatting helpers shared by the sandbox's route files.
namespace opsdeck::sandboxformat {

constexpr qint64 kDaySec = 86400;
constexpr qint64 kDayMs = kDaySec * 1000;

QString isoSeconds(qint64 epochMs);  // 2026-11-29T07:00:00Z
QString isoMillis(qint64 epochMs);   // 2026-11-29T07:00:00.123Z
// RFC 3339 / ISO 8601 with Z or an offset (also a bare date) to epoch ms.
std::optional<qint64> parseIso(const QString &text);
std::optional<qint64> parseInt(const QString &text);
QJsonValue stringOrNull(const QString &text);
QJsonValue msOrNull(qint64 epochMs);
qint64 floorToDay(qint64 epochSec);

// Opaque cursors: prefix + unpadded base64url of the payload.
QString encodeCursor(const QString &prefix, const QByteArray &payload);
std::optional<QByteArray> decodeCursor(const QString &prefix, const QString &cursor);

// RFC 8288 Link header: <url>; rel="next", <url>; rel="last"
QByteArray linkHeader(const QList<std::pair<QUrl, QString>> &links);

// "1834.5": micro-dollars as cents with up to four decimals, trailing zeros trimmed.
QString microsAsCents(qint64 micros);
// "12.4731": micro-dollars as dollars, trailing zeros trimmed.
QString microsAsDollars(qint64 micros);

} // namespace opsdeck::sandboxformat
