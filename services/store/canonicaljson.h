#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>

namespace opsdeck {

// Canonical JSON in the spirit of RFC 8785, for hashing: no whitespace, object keys sorted by UTF-16
// code units, strings escaped minimally (\" \\ \b \f \n \r \t, other control characters as \u00XX,
// everything else as UTF-8), integers without a fraction, other numbers in shortest round-trip form,
// non-finite numbers as null. The same value always gives the same bytes, whatever Qt's own
// serialiser does in a later version.
QByteArray canonicalJson(const QJsonValue &value);
inline QByteArray canonicalJson(const QJsonObject &object) { return canonicalJson(QJsonValue(object)); }

} // namespace opsdeck
