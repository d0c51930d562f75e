#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace opsdeck {

class LogStats;

struct IpCount {
    QString ip;
    quint64 count = 0;
};

struct SuspiciousIp {
    QString ip;
    QString kind;    // "auth" (share of 401/403/404), "burst" (requests in one minute), "volume"
    QString reason;  // for people: "91 % of 240 requests were 401/403/404 (others: 3 %)"
    quint64 requests = 0;
    quint64 deniedOrNotFound = 0;
    quint32 peakPerMinute = 0;
};

struct PathErrors {
    QString path;
    quint64 clientErrors = 0;
    quint64 serverErrors = 0;
    quint64 total() const { return clientErrors + serverErrors; }
};

struct LatencySummary {
    quint64 count = 0;
    double meanMs = 0;
    double p50Ms = 0;
    double p95Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;
};

struct LatencyBucket {
    double fromMs = 0;
    double toMs = -1;  // -1: open-ended
    quint64 count = 0;
};

struct ThroughputPoint {
    QDateTime start;  // UTC
    quint64 requests = 0;
};

// The result of analysing a set of access logs (cli.md "logs analyze"). lines = requests +
// malformedLines: every line is either a request or malformed (blank lines included).
struct LogAnalysis {
    QStringList files;
    QString format;
    quint64 lines = 0;
    quint64 requests = 0;
    quint64 malformedLines = 0;
    quint64 overlongLines = 0;  // longer than the line cap (part of malformedLines)
    quint64 status1xx = 0, status2xx = 0, status3xx = 0, status4xx = 0, status5xx = 0, statusOther = 0;
    quint64 status401 = 0, status403 = 0, status404 = 0;
    double errorRate = 0;        // 5xx / requests (0..1)
    double clientErrorRate = 0;  // 4xx / requests (0..1)
    std::optional<LatencySummary> latency;  // absent when the format has no request time
    QList<LatencyBucket> latencyHistogram;
    QList<IpCount> topIps;
    quint64 distinctIps = 0;
    quint64 untrackedIpRequests = 0;
    QList<SuspiciousIp> suspiciousIps;
    QList<PathErrors> topErrorPaths;
    int throughputBucketSeconds = 60;
    QList<ThroughputPoint> throughput;
    QDateTime firstRequest, lastRequest;  // UTC, second precision
    quint64 peakRequestsPerMinute = 0;
    double meanRequestsPerSecond = 0;
    QStringList warnings;  // "file.log changed size while it was read", ...
};

// Turns merged counters into the result. Consumes stats' latency values (they get reordered).
LogAnalysis summarizeLogStats(LogStats &stats, int topIpCount = 20, int topPathCount = 20);

// The cli.md JSON document (plus extra fields).
QJsonObject logAnalysisToJson(const LogAnalysis &analysis);

// Bucket boundaries used for the latency histogram, in milliseconds.
QList<double> latencyHistogramBounds();

} // namespace opsdeck
