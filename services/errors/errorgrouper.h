#pragma once

#include "providers/vercel/types.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace opsdeck {

// Error log lines that share a message signature.
struct ErrorGroup {
    QString signature;     // the message with ids, numbers, hex, UUIDs, IPs and quoted values masked
    int count = 0;
    QDateTime firstSeen;
    QDateTime lastSeen;
    QString sample;        // the first message of the group, as sent (sanitized)
    QStringList paths;     // distinct request paths, most frequent first (at most 10)
    QList<int> statusCodes;
};

// "TypeError: Cannot read properties of undefined (reading 'id') at /api/user/8812" and the same
// with another number share the signature "TypeError: Cannot read properties of undefined (reading '…') at /api/user/#".
QString errorSignature(const QString &message);

// Groups lines of level error/fatal (others are ignored), biggest group first, then by last seen.
QList<ErrorGroup> groupErrors(const QList<RuntimeLogLine> &lines);

} // namespace opsdeck
