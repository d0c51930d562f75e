#include "logs/loganalysis.h"

#include "logs/logstats.h"
#include "logs/percentiles.h"
#include "logs/suspiciousips.h"

#include <QJsonArray>

#include <algorithm>

namespace opsdeck {

namespace {

QString fromBytes(std::string_view v) { return QString::fromUtf8(v.data(), qsizetype(v.size())); }

double ms(uint32_t us) { return double(us) / 1000.0; }

QDateTime utcFromSeconds(int64_t s) { return QDateTime::fromSecsSinceEpoch(s, Qt::UTC); }

QString iso(const QDateTime &t) { return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString(); }

QJsonValue orNull(const QDateTime &t) { return t.isValid() ? QJsonValue(iso(t)) : QJsonValue(); }

int chooseBucketSeconds(int64_t spanSeconds)
{
    static constexpr int candidates[] = {60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 604800};
    const int64_t wanted = spanSeconds / 720 + 1;  // at most ~720 points
    for (int c : candidates)
        if (c >= wanted)
            return c;
    return int(std::min<int64_t>((wanted + 86399) / 86400 * 86400, INT32_MAX / 2));
}

void addThroughput(LogAnalysis &a, std::vector<MinuteCount> &minutes, int64_t firstSecond, int64_t lastSecond)
{
    if (minutes.empty())
        return;
    std::sort(minutes.begin(), minutes.end(), [](const MinuteCount &x, const MinuteCount &y) { return x.minute < y.minute; });
    const int bucket = chooseBucketSeconds(lastSecond - firstSecond);
    a.throughputBucketSeconds = bucket;
    const int64_t bucketMinutes = bucket / 60;
    auto floorDiv = [](int64_t x, int64_t d) { return x >= 0 ? x / d : -((-x + d - 1) / d); };
    const int64_t firstBucket = floorDiv(minutes.front().minute, bucketMinutes);
    const int64_t lastBucket = floorDiv(minutes.back().minute, bucketMinutes);
    std::vector<quint64> counts(size_t(lastBucket - firstBucket + 1), 0);
    quint64 runMinuteCount = 0;
    for (size_t i = 0; i < minutes.size(); ++i) {
        counts[size_t(floorDiv(minutes[i].minute, bucketMinutes) - firstBucket)] += minutes[i].count;
        runMinuteCount = (i > 0 && minutes[i - 1].minute == minutes[i].minute) ? runMinuteCount + minutes[i].count
                                                                               : minutes[i].count;
        a.peakRequestsPerMinute = std::max(a.peakRequestsPerMinute, runMinuteCount);
    }
    for (size_t i = 0; i < counts.size(); ++i)
        a.throughput << ThroughputPoint{utcFromSeconds((firstBucket + int64_t(i)) * bucketMinutes * 60), counts[i]};
    a.firstRequest = utcFromSeconds(firstSecond);
    a.lastRequest = utcFromSeconds(lastSecond);
}

} // namespace

QList<double> latencyHistogramBounds()
{
    QList<double> ms;
    for (int i = 0; i < kLatencyBuckets; ++i)
        ms << latencyHistogramBoundsUs()[i] / 1000.0;
    return ms;
}

LogAnalysis summarizeLogStats(LogStats &stats, int topIpCount, int topPathCount)
{
    LogAnalysis a;
    a.lines = stats.lines;
    a.requests = stats.requests;
    a.malformedLines = stats.malformed;
    a.overlongLines = stats.overlong;
    a.statusOther = stats.classes[0];
    a.status1xx = stats.classes[1];
    a.status2xx = stats.classes[2];
    a.status3xx = stats.classes[3];
    a.status4xx = stats.classes[4];
    a.status5xx = stats.classes[5];
    a.status401 = stats.status401;
    a.status403 = stats.status403;
    a.status404 = stats.status404;
    if (a.requests > 0) {
        a.errorRate = double(a.status5xx) / double(a.requests);
        a.clientErrorRate = double(a.status4xx) / double(a.requests);
    }

    if (!stats.latencies.empty()) {
        const QList<double> bounds = latencyHistogramBounds();
        for (qsizetype i = 0; i < bounds.size(); ++i)
            a.latencyHistogram << LatencyBucket{bounds[i], i + 1 < bounds.size() ? bounds[i + 1] : -1.0,
                                                stats.latencyHistogram[i]};
        LatencySummary l;
        l.count = stats.latencies.size();
        l.meanMs = double(stats.latencySumUs) / double(l.count) / 1000.0;
        l.maxMs = ms(stats.latencyMaxUs);
        const std::vector<uint32_t> p = stats.rankCounts.empty()
            ? nearestRankPercentiles(stats.latencies, {5000, 9500, 9900})
            : nearestRankPercentiles(stats.latencies, stats.rankCounts, {5000, 9500, 9900});
        l.p50Ms = ms(p[0]);
        l.p95Ms = ms(p[1]);
        l.p99Ms = ms(p[2]);
        a.latency = l;
    }

    // Top IPs: count descending, then IP ascending (byte order).
    std::vector<size_t> order(stats.ips.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    const auto byCount = [&stats](size_t x, size_t y) {
        const uint64_t cx = stats.ips.value(x).count, cy = stats.ips.value(y).count;
        return cx != cy ? cx > cy : stats.ips.key(x) < stats.ips.key(y);
    };
    const size_t topN = std::min(order.size(), size_t(std::max(0, topIpCount)));
    std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(topN), order.end(), byCount);
    for (size_t i = 0; i < topN; ++i)
        a.topIps << IpCount{fromBytes(stats.ips.key(order[i])), stats.ips.value(order[i]).count};
    a.distinctIps = stats.ips.size();
    a.untrackedIpRequests = stats.untrackedIpRequests;
    a.suspiciousIps = SuspiciousIpDetector::detect(stats.ips, stats.requests,
                                                   stats.status401 + stats.status403 + stats.status404);

    std::vector<size_t> paths(stats.errorPaths.size());
    for (size_t i = 0; i < paths.size(); ++i)
        paths[i] = i;
    const size_t topP = std::min(paths.size(), size_t(std::max(0, topPathCount)));
    std::partial_sort(paths.begin(), paths.begin() + std::ptrdiff_t(topP), paths.end(), [&stats](size_t x, size_t y) {
        const PathErrorStats &px = stats.errorPaths.value(x), &py = stats.errorPaths.value(y);
        const uint64_t tx = px.clientErrors + px.serverErrors, ty = py.clientErrors + py.serverErrors;
        return tx != ty ? tx > ty : stats.errorPaths.key(x) < stats.errorPaths.key(y);
    });
    for (size_t i = 0; i < topP; ++i) {
        const PathErrorStats &s = stats.errorPaths.value(paths[i]);
        a.topErrorPaths << PathErrors{fromBytes(stats.errorPaths.key(paths[i])), s.clientErrors, s.serverErrors};
    }

    addThroughput(a, stats.minutes, stats.firstSecond, stats.lastSecond);
    if (a.lastRequest.isValid() && a.requests > 0)
        a.meanRequestsPerSecond = double(a.requests) / double(stats.lastSecond - stats.firstSecond + 1);
    return a;
}

QJsonObject logAnalysisToJson(const LogAnalysis &a)
{
    QJsonArray topIps;
    for (const IpCount &ip : a.topIps)
        topIps.append(QJsonObject{{QStringLiteral("ip"), ip.ip}, {QStringLiteral("count"), qint64(ip.count)}});
    QJsonArray suspicious;
    for (const SuspiciousIp &s : a.suspiciousIps)
        suspicious.append(QJsonObject{{QStringLiteral("ip"), s.ip},
                                      {QStringLiteral("reason"), s.reason},
                                      {QStringLiteral("kind"), s.kind},
                                      {QStringLiteral("requests"), qint64(s.requests)},
                                      {QStringLiteral("deniedOrNotFound"), qint64(s.deniedOrNotFound)},
                                      {QStringLiteral("peakPerMinute"), qint64(s.peakPerMinute)}});
    QJsonObject latency;
    const auto value = [&a](double v) { return a.latency ? QJsonValue(v) : QJsonValue(); };
    const LatencySummary l = a.latency.value_or(LatencySummary{});
    latency.insert(QStringLiteral("mean"), value(l.meanMs));
    latency.insert(QStringLiteral("p50"), value(l.p50Ms));
    latency.insert(QStringLiteral("p95"), value(l.p95Ms));
    latency.insert(QStringLiteral("p99"), value(l.p99Ms));
    latency.insert(QStringLiteral("max"), value(l.maxMs));
    latency.insert(QStringLiteral("count"), qint64(l.count));
    QJsonArray histogram;
    for (const LatencyBucket &b : a.latencyHistogram)
        histogram.append(QJsonObject{{QStringLiteral("fromMs"), b.fromMs},
                                     {QStringLiteral("toMs"), b.toMs < 0 ? QJsonValue() : QJsonValue(b.toMs)},
                                     {QStringLiteral("count"), qint64(b.count)}});
    QJsonArray paths;
    for (const PathErrors &p : a.topErrorPaths)
        paths.append(QJsonObject{{QStringLiteral("path"), p.path},
                                 {QStringLiteral("errors"), qint64(p.total())},
                                 {QStringLiteral("4xx"), qint64(p.clientErrors)},
                                 {QStringLiteral("5xx"), qint64(p.serverErrors)}});
    QJsonArray points;
    for (const ThroughputPoint &p : a.throughput)
        points.append(QJsonObject{{QStringLiteral("time"), iso(p.start)}, {QStringLiteral("requests"), qint64(p.requests)}});
    return QJsonObject{
        {QStringLiteral("files"), QJsonArray::fromStringList(a.files)},
        {QStringLiteral("format"), a.format},
        {QStringLiteral("lines"), qint64(a.lines)},
        {QStringLiteral("requests"), qint64(a.requests)},
        {QStringLiteral("malformedLines"), qint64(a.malformedLines)},
        {QStringLiteral("overlongLines"), qint64(a.overlongLines)},
        {QStringLiteral("status"), QJsonObject{{QStringLiteral("1xx"), qint64(a.status1xx)},
                                               {QStringLiteral("2xx"), qint64(a.status2xx)},
                                               {QStringLiteral("3xx"), qint64(a.status3xx)},
                                               {QStringLiteral("4xx"), qint64(a.status4xx)},
                                               {QStringLiteral("5xx"), qint64(a.status5xx)},
                                               {QStringLiteral("other"), qint64(a.statusOther)}}},
        {QStringLiteral("status401"), qint64(a.status401)},
        {QStringLiteral("status403"), qint64(a.status403)},
        {QStringLiteral("status404"), qint64(a.status404)},
        {QStringLiteral("topIps"), topIps},
        {QStringLiteral("distinctIps"), qint64(a.distinctIps)},
        {QStringLiteral("latencyMs"), latency},
        {QStringLiteral("latencyHistogram"), histogram},
        {QStringLiteral("errorRate"), a.errorRate},
        {QStringLiteral("errorRatePercent"), a.errorRate * 100.0},
        {QStringLiteral("clientErrorRate"), a.clientErrorRate},
        {QStringLiteral("suspiciousIps"), suspicious},
        {QStringLiteral("topErrorPaths"), paths},
        {QStringLiteral("throughput"), QJsonObject{{QStringLiteral("bucketSeconds"), a.throughputBucketSeconds},
                                                   {QStringLiteral("first"), orNull(a.firstRequest)},
                                                   {QStringLiteral("last"), orNull(a.lastRequest)},
                                                   {QStringLiteral("peakPerMinute"), qint64(a.peakRequestsPerMinute)},
                                                   {QStringLiteral("meanPerSecond"), a.meanRequestsPerSecond},
                                                   {QStringLiteral("points"), points}}},
        {QStringLiteral("warnings"), QJsonArray::fromStringList(a.warnings)},
    };
}

} // namespace opsdeck
