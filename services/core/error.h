#pragma once

#include <QString>

namespace opsdeck {

// What went wrong, in terms a caller can act on. Kinds map to user-facing behaviour
// (retry, re-authenticate, fix configuration), not to transport details.
enum class ErrorKind {
    Network,      // connection refused/reset, DNS, TLS
    Timeout,      // inactivity timeout or overall deadline
    Auth,         // 401/403 without rate-limit meaning, bad credential
    RateLimited,  // 429 / rate-limit 403 after retries, spend limit
    NotFound,
    Conflict,     // 409/422, stale plan
    BadResponse,  // unparseable or wrongly typed body, HTML instead of JSON, size cap
    Config,       // missing setting or credential, invalid input
    Io,           // file system
    External,     // an external program failed
    Keychain,     // no secret service, locked, denied
    Cancelled,
    Internal,
};

struct Error {
    ErrorKind kind = ErrorKind::Internal;
    QString message;  // one line for the user
    QString detail;   // technical detail for the log pane (already redacted)
    int httpStatus = 0;

    QString kindName() const;
    QString toString() const;  // "message (detail)"
};

QString errorKindName(ErrorKind kind);

} // namespace opsdeck
