#pragma once

#include <QByteArray>
#include <QList>
#include <QUrl>

#include <optional>
#include <utility>

namespace opsdeck {

using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

struct HttpRequest {
    QByteArray method = QByteArrayLiteral("GET");
    QUrl url;
    HeaderList headers;        // ordinary headers (Accept, Content-Type, anthropic-version...)
    HeaderList authHeaders;    // credentials: sent only to the original host, always redacted in logs
    QByteArray body;
    // Defaults to true for GET/HEAD/PUT/DELETE/OPTIONS, false for POST/PATCH. Only idempotent
    // requests are ever retried automatically.
    std::optional<bool> idempotent;
    qint64 maxBodyBytes = 10 * 1024 * 1024;  // body cap: abort beyond
    int transferTimeoutMs = 30'000;           // inactivity timeout
    qint64 deadlineMs = 10 * 60 * 1000;       // overall deadline: wall budget including retries
    bool useEtagCache = false;                // GitHub: If-None-Match, 304 reuses the cached body
    bool streaming = false;                   // emit HttpReply::chunk as data arrives (NDJSON tails)
    QString provider;                         // rate-limit bucket and log prefix, e.g. "github"

    bool isIdempotent() const;
    QByteArray header(QByteArrayView name) const;
};

struct RateLimitInfo {
    qint64 limit = -1;
    qint64 remaining = -1;
    qint64 resetEpoch = -1;      // epoch seconds
    qint64 retryAfterSec = -1;
    qint64 used = -1;

    bool isEmpty() const { return limit < 0 && remaining < 0 && resetEpoch < 0 && retryAfterSec < 0 && used < 0; }
};

struct HttpResponse {
    int status = 0;
    QByteArray body;
    HeaderList headers;
    QUrl finalUrl;
    int attempts = 0;
    qint64 elapsedMs = 0;
    bool fromCache = false;      // a 304 answered from the ETag cache (status is then 200)
    RateLimitInfo rateLimit;

    QByteArray header(QByteArrayView name) const;  // case-insensitive, first match
    bool isSuccess() const { return status >= 200 && status < 300; }
};

} // namespace opsdeck
