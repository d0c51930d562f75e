#pragma once

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace opsdeck {

// The first c in [p, e), or nullptr. Inline and 16 bytes at a time: the fields of a log line are
// short, and a call to memchr costs more than scanning them.
inline const char *scanFor(const char *p, const char *e, char c)
{
#if defined(__SSE2__)
    const __m128i needle = _mm_set1_epi8(c);
    while (e - p >= 16) {
        const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const int mask = _mm_movemask_epi8(_mm_cmpeq_epi8(chunk, needle));
        if (mask)
            return p + __builtin_ctz(unsigned(mask));
        p += 16;
    }
#endif
    for (; p < e; ++p)
        if (*p == c)
            return p;
    return nullptr;
}

} // namespace opsdeck
