#pragma once

#include "core/result.h"

#include <QDateTime>
#include <QString>

#include <cstdint>
#include <string>

namespace opsdeck {

// Generates realistic nginx "combined + $request_time" access logs and application logs for the demo,
// the tests and the benchmark. Deterministic for a seed.
struct AccessLogSpec {
    uint64_t seed = 1;
    qint64 lines = 10'000;
    qint64 bytes = 0;  // when > 0: generate until the output reaches this size (lines is ignored)
    QDateTime start = QDateTime(QDate(2026, 11, 22), QTime(0, 0), Qt::UTC);
    qint64 meanGapMs = 200;   // average time between two requests
    int ipPool = 5000;
    bool requestTime = true;  // append $request_time
    double hostileShare = 0;  // share of hostile lines (garbage, truncated, blank, odd bytes, CRLF)
    bool scanner = true;      // one IP probing with 401/403/404
    bool burst = true;        // one IP with a burst of 600 requests in one minute, halfway
};

class AccessLogGenerator
{
public:
    explicit AccessLogGenerator(const AccessLogSpec &spec);

    // Appends the next line (ending in '\n', or "\r\n" for some hostile lines); false when done.
    bool next(std::string &out);

    static QString scannerIp() { return QStringLiteral("203.0.113.66"); }
    static QString burstIp() { return QStringLiteral("198.51.100.23"); }
    static Status writeFile(const QString &path, const AccessLogSpec &spec);

private:
    uint64_t random();
    double uniform();
    void appendValidLine(std::string &out, bool hostileBytes);
    void appendHostileLine(std::string &out);
    void appendTime(std::string &out);

    AccessLogSpec m_spec;
    uint64_t m_state;
    qint64 m_emitted = 0;
    qint64 m_bytes = 0;
    qint64 m_nowMs;
    qint64 m_cachedSecond = -1;
    std::string m_cachedTime;
    int m_burstLeft = 600;
    bool m_burstStarted = false;
};

// Application log lines: "2026-11-22T00:00:01.123Z ERROR DatabaseTimeoutError: ..." among INFO/WARN.
struct AppLogSpec {
    uint64_t seed = 1;
    qint64 lines = 5'000;
    QDateTime start = QDateTime(QDate(2026, 11, 22), QTime(0, 0), Qt::UTC);
    double errorShare = 0.05;
};

Status writeAppLog(const QString &path, const AppLogSpec &spec);

// The demo's log folder: access logs of the last days (some old enough to rotate), an app log.
// Written once: an existing folder with an access.log is left as it is.
Status writeDemoLogs(const QString &folder, const QDateTime &now);

} // namespace opsdeck
