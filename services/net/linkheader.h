#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QUrl>

namespace opsdeck {

// Parses an RFC 8288 Link header (GitHub pagination) into rel -> URL, e.g. "next", "prev",
// "first", "last". A quoted rel may name several relations ("next last"); URLs may contain
// commas and semicolons inside <...>. Rel names are lower-cased; the first link for a rel wins.
// Malformed parts are skipped, never guessed.
QMap<QString, QUrl> parseLinkHeader(const QByteArray &value);

} // namespace opsdeck
