#pragma once

#include "core/result.h"

#include <QHash>
#include <QJsonValue>

namespace opsdeck {

// A JSON document with the line of every value, keyed by path ("lists[0].items[2].kind"), so
// schema errors can point at the line to fix. Strict RFC 8259; depth limited.
struct JsonWithLines {
    QJsonValue root;
    QHash<QString, int> lines;
    int lineOf(const QString &path) const;  // nearest known ancestor's line when path itself is absent
};

Result<JsonWithLines> parseJsonWithLines(const QByteArray &text, const QString &sourceName);

} // namespace opsdeck
