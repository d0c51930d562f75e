#include "net/etagcache.h"

#include <QCryptographicHash>

namespace opsdeck {

EtagCache::EtagCache(int maxEntries, qint64 maxBytes) : m_maxEntries(maxEntries), m_maxBytes(maxBytes) {}

QByteArray EtagCache::key(const QUrl &url, const HeaderList &authHeaders)
{
    QCryptographicHash credential(QCryptographicHash::Sha256);
    for (const auto &[name, value] : authHeaders) {
        credential.addData(name.toLower());
        credential.addData(QByteArrayView(":"));
        credential.addData(value);
        credential.addData(QByteArrayView("\n"));
    }
    QCryptographicHash key(QCryptographicHash::Sha256);
    key.addData(url.adjusted(QUrl::RemoveFragment).toEncoded());
    key.addData(QByteArrayView("\n"));
    key.addData(credential.result());
    return key.result().toHex();
}

HeaderList EtagCache::refreshedHeaders(HeaderList stored, const HeaderList &fresh)
{
    for (const auto &header : fresh) {
        stored.removeIf([&](const auto &h) { return h.first.compare(header.first, Qt::CaseInsensitive) == 0; });
    }
    stored.append(fresh);
    return stored;
}

std::optional<EtagCache::Entry> EtagCache::find(const QByteArray &key)
{
    QMutexLocker locker(&m_mutex);
    auto it = m_entries.find(key);
    if (it == m_entries.end())
        return std::nullopt;
    m_lru.splice(m_lru.begin(), m_lru, it->position);
    return it->entry;
}

void EtagCache::insert(const QByteArray &key, Entry entry)
{
    QMutexLocker locker(&m_mutex);
    if (auto it = m_entries.find(key); it != m_entries.end()) {
        m_bytes -= cost(it->entry);
        m_lru.erase(it->position);
        m_entries.erase(it);
    }
    const qint64 size = cost(entry);
    if (entry.etag.isEmpty() || size > m_maxBytes || m_maxEntries <= 0)
        return;
    m_lru.push_front(key);
    m_entries.insert(key, Slot{std::move(entry), m_lru.begin()});
    m_bytes += size;
    evict();
}

void EtagCache::remove(const QByteArray &key)
{
    QMutexLocker locker(&m_mutex);
    if (auto it = m_entries.find(key); it != m_entries.end()) {
        m_bytes -= cost(it->entry);
        m_lru.erase(it->position);
        m_entries.erase(it);
    }
}

void EtagCache::clear()
{
    QMutexLocker locker(&m_mutex);
    m_entries.clear();
    m_lru.clear();
    m_bytes = 0;
}

int EtagCache::size() const
{
    QMutexLocker locker(&m_mutex);
    return int(m_entries.size());
}

qint64 EtagCache::totalBytes() const
{
    QMutexLocker locker(&m_mutex);
    return m_bytes;
}

qint64 EtagCache::cost(const Entry &entry)
{
    qint64 bytes = entry.body.size() + entry.etag.size();
    for (const auto &[name, value] : entry.headers)
        bytes += name.size() + value.size();
    return bytes;
}

void EtagCache::evict()
{
    while (!m_lru.empty() && (int(m_entries.size()) > m_maxEntries || m_bytes > m_maxBytes)) {
        auto it = m_entries.find(m_lru.back());
        m_bytes -= cost(it->entry);
        m_entries.erase(it);
        m_lru.pop_back();
    }
}

} // namespace opsdeck
