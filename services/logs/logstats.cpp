#include "logstats.h"

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

void LogStats::parseBlock(const char *begin, const char *end, const AccessLogFormat &format)
{
    const char *p = begin;
    while (p < end) {
        const char *nl = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
        const char *lineEnd = nl ? nl : end;
        addLine(p, lineEnd, format);
        p = nl ? nl + 1 : end;
    }
}

void LogStats::addLine(const char *begin, const char *end, const AccessLogFormat &format)
{
    if (size_t(end - begin) > kMaxLineBytes) {
        addOverlongLine();
        return;
    }
    ++lines;
    if (!format.parse(begin, end, m_line, m_timeCache)) {
        ++malformed;
        return;
    }
    account(m_line);
}

void LogStats::addOverlongLine()
{
    ++lines;
    ++malformed;
    ++overlong;
}

void LogStats::account(const ParsedLine &line)
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
    if (!line.ip.empty()) {
        if (IpStats *ip = ips.findOrInsert(line.ip)) {
            ++ip->count;
            ip->denied += line.status == 401 || line.status == 403;
            ip->notFound += line.status == 404;
            if (timed)
                ip->touchMinute(line.minute);
        } else {
            ++untrackedIpRequests;
        }
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
    latencyMaxUs = std::max(latencyMaxUs, later.latencyMaxUs);
    if (latencies.empty())
        latencies.swap(later.latencies);
    else
        latencies.insert(latencies.end(), later.latencies.begin(), later.latencies.end());
    std::vector<uint32_t>().swap(later.latencies);
    untrackedIpRequests += later.untrackedIpRequests;
    for (size_t i = 0; i < later.ips.size(); ++i) {
        if (IpStats *ip = ips.findOrInsert(later.ips.key(i)))
            ip->merge(later.ips.value(i));
        else
            untrackedIpRequests += later.ips.value(i).count;
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
