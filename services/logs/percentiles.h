#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace opsdeck {

// Nearest-rank percentiles over raw values (exact, no estimation): the P-th percentile is the value
// of rank ceil(P/100 * n) in ascending order (1-based), i.e. the smallest value that at least P % of
// the values are less than or equal to. P is given in hundredths of a percent (9500 = P95) so that
// the rank is computed in integers, without floating-point rounding at the boundaries.
size_t nearestRankIndex(uint32_t basisPoints, size_t count);  // 0-based; count must be > 0

// Computes several percentiles at once; reorders values (nth_element). percents ascending, in
// basis points. Returns one value per entry; empty values → empty result.
std::vector<uint32_t> nearestRankPercentiles(std::span<uint32_t> values, const std::vector<uint32_t> &basisPoints);

// The same, with the help of a count of the values per bucket (rankBucket) taken while the values
// were collected: only the values of the buckets that hold the wanted ranks are selected among,
// one sequential pass instead of several nth_element runs over everything. values is not modified.
constexpr int kRankShift = 7;  // 128 µs buckets
constexpr size_t kRankBuckets = size_t(1) << 16;  // the last bucket takes everything from 8.4 s up
inline size_t rankBucket(uint32_t value) { return std::min<size_t>(value >> kRankShift, kRankBuckets - 1); }
std::vector<uint32_t> nearestRankPercentiles(std::span<const uint32_t> values, const std::vector<uint64_t> &bucketCounts,
                                             const std::vector<uint32_t> &basisPoints);

} // namespace opsdeck
