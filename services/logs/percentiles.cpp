#include "logs/percentiles.h"

#include <algorithm>

namespace opsdeck {

size_t nearestRankIndex(uint32_t basisPoints, size_t count)
{
    if (count == 0)
        return 0;
    // count * 10000 fits in 64 bits for any count a machine can hold in memory.
    size_t rank = size_t((uint64_t(basisPoints) * count + 9999) / 10000);  // ceil(P/100 * n)
    rank = std::clamp<size_t>(rank, 1, count);
    return rank - 1;
}

std::vector<uint32_t> nearestRankPercentiles(std::span<uint32_t> values, const std::vector<uint32_t> &basisPoints)
{
    std::vector<uint32_t> out;
    if (values.empty())
        return out;
    out.resize(basisPoints.size());
    // Highest first: each later nth_element only needs the part left of the previous pivot.
    std::vector<size_t> order(basisPoints.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return basisPoints[a] > basisPoints[b]; });
    auto end = values.end();
    for (size_t i : order) {
        const size_t k = nearestRankIndex(basisPoints[i], values.size());
        const auto nth = values.begin() + std::ptrdiff_t(k);
        std::nth_element(values.begin(), nth, end);
        out[i] = *nth;
        end = nth + 1;
    }
    return out;
}

std::vector<uint32_t> nearestRankPercentiles(std::span<const uint32_t> values, const std::vector<uint64_t> &bucketCounts,
                                             const std::vector<uint32_t> &basisPoints)
{
    std::vector<uint32_t> out(basisPoints.size());
    if (values.empty())
        return {};
    // For each wanted rank: its bucket and its rank within the bucket.
    struct Want {
        size_t bucket = 0;
        uint64_t rankInBucket = 0;
    };
    std::vector<Want> wants(basisPoints.size());
    for (size_t i = 0; i < basisPoints.size(); ++i) {
        uint64_t k = nearestRankIndex(basisPoints[i], values.size());
        size_t b = 0;
        while (b + 1 < bucketCounts.size() && k >= bucketCounts[b]) {
            k -= bucketCounts[b];
            ++b;
        }
        wants[i] = Want{b, k};
    }
    std::vector<size_t> buckets;
    for (const Want &w : wants)
        if (std::find(buckets.begin(), buckets.end(), w.bucket) == buckets.end())
            buckets.push_back(w.bucket);
    std::vector<std::vector<uint32_t>> members(buckets.size());
    for (uint32_t v : values) {
        const size_t b = rankBucket(v);
        for (size_t j = 0; j < buckets.size(); ++j)
            if (buckets[j] == b)
                members[j].push_back(v);
    }
    for (size_t i = 0; i < wants.size(); ++i) {
        const size_t j = size_t(std::find(buckets.begin(), buckets.end(), wants[i].bucket) - buckets.begin());
        std::vector<uint32_t> &m = members[j];
        if (wants[i].rankInBucket >= m.size()) {  // counts that do not match the values: select among all
            std::vector<uint32_t> copy(values.begin(), values.end());
            return nearestRankPercentiles(copy, basisPoints);
        }
        const auto nth = m.begin() + std::ptrdiff_t(wants[i].rankInBucket);
        std::nth_element(m.begin(), nth, m.end());
        out[i] = *nth;
    }
    return out;
}

} // namespace opsdeck
