#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>

#include <sys/mman.h>

namespace opsdeck {

// Large arrays (hash tables, read buffers, the request times) live on 2 MiB pages where the kernel
// allows it: random lookups rarely miss the TLB, which is expensive under virtualisation, and a
// fresh buffer takes a few page faults instead of thousands.
template <typename T>
struct HugePageAllocator {
    using value_type = T;
    static constexpr size_t kHuge = size_t(1) << 21;

    HugePageAllocator() = default;
    template <typename U>
    HugePageAllocator(const HugePageAllocator<U> &) {}

    T *allocate(size_t n)
    {
        const size_t bytes = n * sizeof(T);
        void *p = nullptr;
        if (bytes >= kHuge) {
            const size_t rounded = (bytes + kHuge - 1) & ~(kHuge - 1);
            p = std::aligned_alloc(kHuge, rounded);
            if (p)
                ::madvise(p, rounded, MADV_HUGEPAGE);
        } else {
            p = std::malloc(bytes ? bytes : 1);
        }
        if (!p)
            throw std::bad_alloc();
        return static_cast<T *>(p);
    }
    void deallocate(T *p, size_t) { std::free(p); }
    template <typename U>
    bool operator==(const HugePageAllocator<U> &) const { return true; }
};

} // namespace opsdeck
