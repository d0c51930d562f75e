#pragma once

#include "logs/accesslogformat.h"
#include "logs/flatstringmap.h"

#include <cstdint>
#include <vector>

namespace opsdeck {

// Per-IP counters. Minutes are tracked as runs of consecutive lines in the same minute, which is
// exact for a chronological log and lets results of consecutive chunks be joined at their seam.
struct IpStats {
    uint64_t count = 0;
    uint32_t denied = 0;    // 401 and 403
    uint32_t notFound = 0;  // 404
    int64_t firstMinute = 0;
    int64_t lastMinute = 0;
    uint32_t firstCount = 0;
    uint32_t lastCount = 0;
    uint32_t peak = 0;  // most requests in one minute
    uint32_t runs = 0;

    void touchMinute(int64_t minute);
    void merge(const IpStats &later);
};

struct PathErrorStats {
    uint64_t clientErrors = 0;  // 4xx
    uint64_t serverErrors = 0;  // 5xx
};

struct MinuteCount {
    int64_t minute;
    uint64_t count;
};

// What a run of lines (a chunk of a file) adds up to. Chunks are parsed on several threads, each into
// its own LogStats, and merged in file order.
class LogStats
{
public:
    static constexpr size_t kMaxLineBytes = size_t(1) << 20;  // longer lines are malformed
    static constexpr size_t kMaxPathBytes = 200;

    LogStats();

    // Every line of [begin, end); the last one may lack its '\n'.
    void parseBlock(const char *begin, const char *end, const AccessLogFormat &format);
    // Lines are parsed into a small batch whose IP lookups are prefetched together (the IP table is
    // too big for the caches; overlapping the misses is most of the speed). flush() accounts what is
    // still batched: call it before the bytes the lines point into go away.
    void addLine(const char *begin, const char *end, const AccessLogFormat &format);
    void addOverlongLine();
    void flush();
    void merge(LogStats &&later);  // leaves `later` empty, its memory kept for reuse
    void reset();                  // empty again, memory kept

    uint64_t lines = 0;
    uint64_t requests = 0;
    uint64_t malformed = 0;
    uint64_t overlong = 0;
    uint64_t classes[6] = {};  // index status / 100 for 1xx-5xx; [0] for anything else
    uint64_t status401 = 0;
    uint64_t status403 = 0;
    uint64_t status404 = 0;
    uint64_t latencySumUs = 0;
    uint32_t latencyMaxUs = 0;
    std::vector<uint32_t, HugePageAllocator<uint32_t>> latencies;  // raw request times in µs (exact percentiles)
    uint64_t latencyHistogram[12] = {};  // buckets of latencyHistogramBoundsUs()
    std::vector<uint64_t> rankCounts;    // values per rankBucket() (percentiles.h), for a fast exact select
    FlatStringMap<IpStats> ips;
    uint64_t untrackedIpRequests = 0;  // requests from IPs beyond the map's capacity
    FlatStringMap<PathErrorStats> errorPaths;
    uint64_t untrackedPathErrors = 0;
    std::vector<MinuteCount> minutes;  // run-length requests per UTC minute
    int64_t firstSecond = INT64_MAX;   // UTC seconds since the epoch
    int64_t lastSecond = INT64_MIN;

private:
    void account(const ParsedLine &line, int64_t ipIndex);
    void addMinute(int64_t minute, uint64_t count);
    void compactMinutes();

    static constexpr int kBatch = 16;
    TimeCache m_timeCache;
    ParsedLine m_batch[kBatch];
    uint64_t m_hashes[kBatch] = {};
    int m_batched = 0;
};

// Lower bounds of the latency histogram's buckets, in microseconds (0, 5 ms, 10 ms, ... 10 s).
const uint32_t *latencyHistogramBoundsUs();
constexpr int kLatencyBuckets = 12;

// "GET /a/b?x=1 HTTP/1.1" → "/a/b"; a bare URI stays as it is, without its query.
std::string_view requestPath(std::string_view request);

} // namespace opsdeck
