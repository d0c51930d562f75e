#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace opsdeck {

// Nearest-rank percentiles over raw values (exact, no estimation): the P-th percentile is the value
// of rank ceil(P/100 * n) in ascending order (1-based), i.e. the smallest value that at least P % of
// the values are less than or equal to. P is given in hundredths of a percent (9500 = P95) so that
// the rank is computed in integers, without floating-point rounding at the boundaries.
size_t nearestRankIndex(uint32_t basisPoints, size_t count);  // 0-based; count must be > 0

// Computes several percentiles at once; reorders values (nth_element). percents ascending, in
// basis points. Returns one value per entry; empty values → empty result.
std::vector<uint32_t> nearestRankPercentiles(std::vector<uint32_t> &values, const std::vector<uint32_t> &basisPoints);

} // namespace opsdeck
