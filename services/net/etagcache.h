#pragma once

#include "net/httprequest.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QUrl>

#include <list>
#include <optional>

namespace opsdeck {

// Bodies of ETag-carrying responses, so a 304 Not Modified can be answered locally
// (GitHub: an authorized 304 does not count against the rate limit). Keyed by URL and a
// hash of the credential, because an ETag is tied to the token that fetched it.
// Bounded LRU by entry count and total body bytes. Thread-safe.
class EtagCache
{
public:
    struct Entry {
        QByteArray etag;
        QByteArray body;
        HeaderList headers;
    };

    explicit EtagCache(int maxEntries = 200, qint64 maxBytes = 20 * 1024 * 1024);
    Q_DISABLE_COPY_MOVE(EtagCache)

    // SHA-256 of the URL and of the credential values; the key holds no secret.
    static QByteArray key(const QUrl &url, const HeaderList &authHeaders);

    // The stored headers updated with those of a 304 (RFC 9111 section 4.3.4).
    static HeaderList refreshedHeaders(HeaderList stored, const HeaderList &fresh);

    std::optional<Entry> find(const QByteArray &key);  // marks the entry as recently used
    void insert(const QByteArray &key, Entry entry);   // bodies above the byte budget are not kept
    void remove(const QByteArray &key);
    void clear();

    int size() const;
    qint64 totalBytes() const;

private:
    static qint64 cost(const Entry &entry);
    void evict();

    mutable QMutex m_mutex;
    int m_maxEntries;
    qint64 m_maxBytes;
    qint64 m_bytes = 0;
    std::list<QByteArray> m_lru;  // most recent first
    struct Slot {
        Entry entry;
        std::list<QByteArray>::iterator position;
    };
    QHash<QByteArray, Slot> m_entries;
};

} // namespace opsdeck
