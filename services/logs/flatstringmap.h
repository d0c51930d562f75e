#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace opsdeck {

// Fast hash for short byte strings (IP addresses, paths).
inline uint64_t hashBytes(const char *p, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (uint64_t(n) * 0xff51afd7ed558ccdULL);
    while (n >= 8) {
        uint64_t v;
        std::memcpy(&v, p, 8);
        h = (h ^ v) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
        p += 8;
        n -= 8;
    }
    uint64_t v = 0;
    std::memcpy(&v, p, n);
    h = (h ^ v) * 0x94d049bb133111ebULL;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    return h ^ (h >> 32);
}

// An open-addressing map from byte strings to V with keys kept in one arena: a lookup of a key that
// is already present allocates nothing. Holds at most maxEntries keys (insert returns nullptr beyond).
template <typename V>
class FlatStringMap
{
public:
    explicit FlatStringMap(size_t maxEntries = size_t(1) << 21) : m_maxEntries(maxEntries) { rehash(64); }

    V *findOrInsert(std::string_view key, bool *inserted = nullptr)
    {
        const uint64_t h = hashBytes(key.data(), key.size());
        size_t i = h & m_mask;
        for (;;) {
            Slot &s = m_slots[i];
            if (s.index == 0)
                break;
            if (s.hash == h) {
                const Entry &e = m_entries[s.index - 1];
                if (e.length == key.size() && std::memcmp(m_keys.data() + e.offset, key.data(), key.size()) == 0) {
                    if (inserted)
                        *inserted = false;
                    return &m_values[s.index - 1];
                }
            }
            i = (i + 1) & m_mask;
        }
        if (m_values.size() >= m_maxEntries)
            return nullptr;
        m_entries.push_back(Entry{m_keys.size(), key.size()});
        m_keys.append(key);
        m_values.emplace_back();
        m_slots[i] = Slot{h, uint32_t(m_values.size())};
        if (inserted)
            *inserted = true;
        if (m_values.size() * 2 > m_slots.size())
            rehash(m_slots.size() * 2);
        return &m_values.back();
    }

    size_t size() const { return m_values.size(); }
    bool full() const { return m_values.size() >= m_maxEntries; }
    std::string_view key(size_t i) const { return {m_keys.data() + m_entries[i].offset, m_entries[i].length}; }
    V &value(size_t i) { return m_values[i]; }
    const V &value(size_t i) const { return m_values[i]; }

private:
    struct Slot {
        uint64_t hash = 0;
        uint32_t index = 0;  // entry index + 1; 0 = empty
    };
    struct Entry {
        size_t offset;
        size_t length;
    };

    void rehash(size_t capacity)
    {
        std::vector<Slot> slots(capacity);
        m_mask = capacity - 1;
        for (const Slot &s : m_slots) {
            if (s.index == 0)
                continue;
            size_t i = s.hash & m_mask;
            while (slots[i].index != 0)
                i = (i + 1) & m_mask;
            slots[i] = s;
        }
        m_slots.swap(slots);
    }

    std::vector<Slot> m_slots;
    std::vector<Entry> m_entries;
    std::vector<V> m_values;
    std::string m_keys;
    size_t m_mask = 0;
    size_t m_maxEntries;
};

} // namespace opsdeck
