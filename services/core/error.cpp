#include "core/error.h"

namespace opsdeck {

QString errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Network: return QStringLiteral("network");
    case ErrorKind::Timeout: return QStringLiteral("timeout");
    case ErrorKind::Auth: return QStringLiteral("auth");
    case ErrorKind::RateLimited: return QStringLiteral("rate-limited");
    case ErrorKind::NotFound: return QStringLiteral("not-found");
    case ErrorKind::Conflict: return QStringLiteral("conflict");
    case ErrorKind::BadResponse: return QStringLiteral("bad-response");
    case ErrorKind::Config: return QStringLiteral("config");
    case ErrorKind::Io: return QStringLiteral("io");
    case ErrorKind::External: return QStringLiteral("external");
    case ErrorKind::Keychain: return QStringLiteral("keychain");
    case ErrorKind::Cancelled: return QStringLiteral("cancelled");
    case ErrorKind::Internal: return QStringLiteral("internal");
    }
    return QStringLiteral("internal");
}

QString Error::kindName() const { return errorKindName(kind); }

QString Error::toString() const
{
    if (detail.isEmpty())
        return message;
    return message + QStringLiteral(" (") + detail + QLatin1Char(')');
}

} // namespace opsdeck
