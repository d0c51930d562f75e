#include "percentiles.h"

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

std::vector<uint32_t> nearestRankPercentiles(std::vector<uint32_t> &values, const std::vector<uint32_t> &basisPoints)
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

} // namespace opsdeck
