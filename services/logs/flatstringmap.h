#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "logs/hugepageallocator.h"

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
        const int64_t i = findOrInsertIndex(key, hashBytes(key.data(), key.size()), inserted);
        return i < 0 ? nullptr : &m_values[size_t(i)];
    }

    // For batched lookups: prefetch the slot of a hash, later look the key up by that hash, then
    // prefetch and use the value by index (indices stay valid when the map grows).
    void prefetchSlot(uint64_t hash) const { __builtin_prefetch(&m_slots[hash & m_mask]); }
    void prefetchValue(size_t index) const { __builtin_prefetch(&m_values[index]); }

    // The value index of key (inserted when new); -1 when the map is full.
    int64_t findOrInsertIndex(std::string_view key, uint64_t h, bool *inserted = nullptr)
    {
        // Keys of up to 16 bytes (every IPv4 address) are compared inside the slot: one cache miss.
        const bool inlined = key.size() <= kInline;
        uint64_t probe[2] = {0, 0};
        if (inlined)
            std::memcpy(probe, key.data(), key.size());
        size_t i = h & m_mask;
        for (;;) {
            const Slot &s = m_slots[i];
            if (s.index == 0)
                break;
            if (s.hash == h && s.length == key.size()) {
                const bool same = inlined ? (s.key[0] == probe[0] && s.key[1] == probe[1])
                                          : std::memcmp(m_keys.data() + m_entries[s.index - 1].offset, key.data(), key.size()) == 0;
                if (same) {
                    if (inserted)
                        *inserted = false;
                    return int64_t(s.index) - 1;
                }
            }
            i = (i + 1) & m_mask;
        }
        if (m_values.size() >= m_maxEntries)
            return -1;
        m_entries.push_back(Entry{m_keys.size(), key.size()});
        m_keys.append(key);
        m_values.emplace_back();
        Slot &slot = m_slots[i];
        slot.hash = h;
        slot.index = uint32_t(m_values.size());
        slot.length = uint32_t(key.size());
        slot.key[0] = probe[0];
        slot.key[1] = probe[1];
        if (inserted)
            *inserted = true;
        const int64_t index = int64_t(m_values.size()) - 1;
        if (m_values.size() * 2 > m_slots.size())
            rehash(m_slots.size() * 2);
        return index;
    }

    // Empties the map but keeps its memory, so that a reused map does not fault pages in again.
    void clear()
    {
        std::fill(m_slots.begin(), m_slots.end(), Slot{});
        m_entries.clear();
        m_values.clear();
        m_keys.clear();
    }

    size_t size() const { return m_values.size(); }
    bool full() const { return m_values.size() >= m_maxEntries; }
    std::string_view key(size_t i) const { return {m_keys.data() + m_entries[i].offset, m_entries[i].length}; }
    V &value(size_t i) { return m_values[i]; }
    static uint64_t hash(std::string_view key) { return hashBytes(key.data(), key.size()); }
    const V &value(size_t i) const { return m_values[i]; }

private:
    static constexpr size_t kInline = 16;
    struct Slot {
        uint64_t hash = 0;
        uint32_t index = 0;  // entry index + 1; 0 = empty
        uint32_t length = 0;
        uint64_t key[2] = {0, 0};  // the key when it is short (up to 16 bytes), zero-padded
    };
    struct Entry {
        size_t offset;
        size_t length;
    };

    void rehash(size_t capacity)
    {
        std::vector<Slot, HugePageAllocator<Slot>> slots(capacity);
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

    std::vector<Slot, HugePageAllocator<Slot>> m_slots;
    std::vector<Entry> m_entries;
    std::vector<V, HugePageAllocator<V>> m_values;
    std::string m_keys;
    size_t m_mask = 0;
    size_t m_maxEntries;
};

} // namespace opsdeck
