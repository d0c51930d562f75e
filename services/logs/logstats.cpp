#include "logs/logstats.h"

#include "logs/percentiles.h"

#include <algorithm>

namespace opsdeck {

void IpStats::touchMinute(int64_t minute)
{
    if (runs > 0 && minute == lastMinute) {
        ++lastCount;
    } else {
        lastMinute = minute;
        lastCount = 1;
        if (++runs == 1)
            firstMinute = minute;
    }
    if (runs == 1)
        firstCount = lastCount;
    peak = std::max(peak, lastCount);
}

void IpStats::merge(const IpStats &later)
{
    count += later.count;
    denied += later.denied;
    notFound += later.notFound;
    if (later.runs == 0)
        return;
    if (runs == 0) {
        firstMinute = later.firstMinute;
        firstCount = later.firstCount;
        lastMinute = later.lastMinute;
        lastCount = later.lastCount;
        peak = later.peak;
        runs = later.runs;
        return;
    }
    peak = std::max(peak, later.peak);
    if (lastMinute == later.firstMinute) {
        // The minute at the seam was split between the two chunks: join it.
        const uint32_t joined = lastCount + later.firstCount;
        peak = std::max(peak, joined);
        if (runs == 1)
            firstCount = joined;
        lastCount = later.runs == 1 ? joined : later.lastCount;
        runs += later.runs - 1;
    } else {
        lastCount = later.lastCount;
        runs += later.runs;
    }
    lastMinute = later.lastMinute;
}

const uint32_t *latencyHistogramBoundsUs()
{
    static constexpr uint32_t bounds[kLatencyBuckets] = {0,       5'000,   10'000,    25'000,    50'000,    100'000,
                                                         250'000, 500'000, 1'000'000, 2'000'000, 5'000'000, 10'000'000};
    return bounds;
}

std::string_view requestPath(std::string_view request)
{
    std::string_view uri = request;
    if (const size_t sp = request.find(' '); sp != std::string_view::npos) {
        uri = request.substr(sp + 1);
        if (const size_t sp2 = uri.find(' '); sp2 != std::string_view::npos)
            uri = uri.substr(0, sp2);
    }
    if (const size_t q = uri.find('?'); q != std::string_view::npos)
        uri = uri.substr(0, q);
    if (uri.size() > LogStats::kMaxPathBytes)
        uri = uri.substr(0, LogStats::kMaxPathBytes);
    return uri.empty() ? std::string_view("-") : uri;
}

LogStats::LogStats() : ips(size_t(1) << 21), errorPaths(size_t(1) << 17) {}

void LogStats::reset()
{
    m_batched = 0;
    lines = requests = malformed = overlong = 0;
    std::fill(std::begin(classes), std::end(classes), 0);
    status401 = status403 = status404 = 0;
    latencySumUs = 0;
    latencyMaxUs = 0;
    std::fill(std::begin(latencyHistogram), std::end(latencyHistogram), 0);
    std::fill(rankCounts.begin(), rankCounts.end(), 0);
    latencies.clear();
    ips.clear();
    untrackedIpRequests = 0;
    errorPaths.clear();
    untrackedPathErrors = 0;
    minutes.clear();
    firstSecond = INT64_MAX;
    lastSecond = INT64_MIN;
}

void LogStats::parseBlock(const char *begin, const char *end, const AccessLogFormat &format)
{
    const char *p = begin;
    while (p < end) {
        const char *nl = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
        const char *lineEnd = nl ? nl : end;
        addLine(p, lineEnd, format);
        p = nl ? nl + 1 : end;
    }
    flush();
}

void LogStats::addLine(const char *begin, const char *end, const AccessLogFormat &format)
{
    if (size_t(end - begin) > kMaxLineBytes) {
        addOverlongLine();
        return;
    }
    ++lines;
    ParsedLine &line = m_batch[m_batched];
    if (!format.parse(begin, end, line, m_timeCache)) {
        ++malformed;
        return;
    }
    if (!line.ip.empty()) {
        m_hashes[m_batched] = FlatStringMap<IpStats>::hash(line.ip);
        ips.prefetchSlot(m_hashes[m_batched]);
    }
    if (++m_batched == kBatch)
        flush();
}

void LogStats::flush()
{
    int64_t index[kBatch];
    for (int i = 0; i < m_batched; ++i) {
        index[i] = m_batch[i].ip.empty() ? -2 : ips.findOrInsertIndex(m_batch[i].ip, m_hashes[i]);
        if (index[i] >= 0)
            ips.prefetchValue(size_t(index[i]));
    }
    for (int i = 0; i < m_batched; ++i)
        account(m_batch[i], index[i]);
    m_batched = 0;
}

void LogStats::addOverlongLine()
{
    ++lines;
    ++malformed;
    ++overlong;
}

void LogStats::account(const ParsedLine &line, int64_t ipIndex)
{
    ++requests;
    const int cls = line.status / 100;
    ++classes[cls >= 1 && cls <= 5 ? cls : 0];
    status401 += line.status == 401;
    status403 += line.status == 403;
    status404 += line.status == 404;
    if (line.hasLatency) {
        latencies.push_back(line.latencyUs);
        latencySumUs += line.latencyUs;
        latencyMaxUs = std::max(latencyMaxUs, line.latencyUs);
        const uint32_t *bounds = latencyHistogramBoundsUs();
        int b = 0;
        for (int i = 1; i < kLatencyBuckets; ++i)  // branch-free: the number of bounds passed
            b += line.latencyUs >= bounds[i];
        ++latencyHistogram[b];
        if (rankCounts.empty())
            rankCounts.assign(kRankBuckets, 0);
        ++rankCounts[rankBucket(line.latencyUs)];
    }
    const bool timed = line.minute != INT64_MIN;
    if (timed) {
        const int64_t second = line.minute * 60 + line.second;
        firstSecond = std::min(firstSecond, second);
        lastSecond = std::max(lastSecond, second);
        if (!minutes.empty() && minutes.back().minute == line.minute)
            ++minutes.back().count;
        else
            addMinute(line.minute, 1);
    }
    if (ipIndex >= 0) {
        IpStats &ip = ips.value(size_t(ipIndex));
        ++ip.count;
        ip.denied += line.status == 401 || line.status == 403;
        ip.notFound += line.status == 404;
        if (timed)
            ip.touchMinute(line.minute);
    } else if (ipIndex == -1) {
        ++untrackedIpRequests;
    }
    if (line.status >= 400 && line.status <= 599) {
        if (PathErrorStats *path = errorPaths.findOrInsert(requestPath(line.request))) {
            if (line.status >= 500)
                ++path->serverErrors;
            else
                ++path->clientErrors;
        } else {
            ++untrackedPathErrors;
        }
    }
}

void LogStats::addMinute(int64_t minute, uint64_t count)
{
    minutes.push_back(MinuteCount{minute, count});
    if (minutes.size() >= (size_t(1) << 20))
        compactMinutes();  // an unordered log: keep one entry per distinct minute
}

void LogStats::compactMinutes()
{
    std::stable_sort(minutes.begin(), minutes.end(),
                     [](const MinuteCount &a, const MinuteCount &b) { return a.minute < b.minute; });
    size_t out = 0;
    for (size_t i = 0; i < minutes.size(); ++i) {
        if (out > 0 && minutes[out - 1].minute == minutes[i].minute)
            minutes[out - 1].count += minutes[i].count;
        else
            minutes[out++] = minutes[i];
    }
    minutes.resize(out);
}

void LogStats::merge(LogStats &&later)
{
    flush();
    later.flush();
    lines += later.lines;
    requests += later.requests;
    malformed += later.malformed;
    overlong += later.overlong;
    for (int i = 0; i < 6; ++i)
        classes[i] += later.classes[i];
    status401 += later.status401;
    status403 += later.status403;
    status404 += later.status404;
    latencySumUs += later.latencySumUs;
    for (int i = 0; i < kLatencyBuckets; ++i)
        latencyHistogram[i] += later.latencyHistogram[i];
    if (!later.rankCounts.empty()) {
        if (rankCounts.empty())
            rankCounts.assign(kRankBuckets, 0);
        for (size_t i = 0; i < kRankBuckets; ++i)
            rankCounts[i] += later.rankCounts[i];
    }
    latencyMaxUs = std::max(latencyMaxUs, later.latencyMaxUs);
    if (latencies.empty())
        latencies.swap(later.latencies);
    else
        latencies.insert(latencies.end(), later.latencies.begin(), later.latencies.end());
    later.latencies.clear();
    untrackedIpRequests += later.untrackedIpRequests;
    // Batches of lookups with prefetches, as in flush(): the total's table is big.
    constexpr size_t kStep = 16;
    for (size_t base = 0; base < later.ips.size(); base += kStep) {
        const size_t n = std::min(kStep, later.ips.size() - base);
        uint64_t hashes[kStep];
        int64_t index[kStep];
        for (size_t k = 0; k < n; ++k) {
            hashes[k] = FlatStringMap<IpStats>::hash(later.ips.key(base + k));
            ips.prefetchSlot(hashes[k]);
        }
        for (size_t k = 0; k < n; ++k) {
            index[k] = ips.findOrInsertIndex(later.ips.key(base + k), hashes[k]);
            if (index[k] >= 0)
                ips.prefetchValue(size_t(index[k]));
        }
        for (size_t k = 0; k < n; ++k) {
            if (index[k] >= 0)
                ips.value(size_t(index[k])).merge(later.ips.value(base + k));
            else
                untrackedIpRequests += later.ips.value(base + k).count;
        }
    }
    untrackedPathErrors += later.untrackedPathErrors;
    for (size_t i = 0; i < later.errorPaths.size(); ++i) {
        const PathErrorStats &s = later.errorPaths.value(i);
        if (PathErrorStats *path = errorPaths.findOrInsert(later.errorPaths.key(i))) {
            path->clientErrors += s.clientErrors;
            path->serverErrors += s.serverErrors;
        } else {
            untrackedPathErrors += s.clientErrors + s.serverErrors;
        }
    }
    for (const MinuteCount &m : later.minutes) {
        if (!minutes.empty() && minutes.back().minute == m.minute)
            minutes.back().count += m.count;
        else
            addMinute(m.minute, m.count);
    }
    firstSecond = std::min(firstSecond, later.firstSecond);
    lastSecond = std::max(lastSecond, later.lastSecond);
}

} // namespace opsdeck
