#pragma once

#include "logs/loganalysis.h"
#include "logs/logstats.h"

#include <QCoreApplication>

namespace opsdeck {

// Flags IPs that stand out against the rest:
// - auth: at least kMinRequests requests, at least half of them 401/403/404, and that share at least
//   three times the share among all other IPs (credential stuffing, scanners);
// - burst: at least 60 requests in one minute and at least ten times the 90th percentile of every
//   IP's busiest minute;
// - volume: at least 1000 requests, at least 10 % of all requests and ten times the 90th percentile
//   of requests per IP.
// One entry per IP (reasons joined), most severe first, at most maxResults.
class SuspiciousIpDetector
{
    Q_DECLARE_TR_FUNCTIONS(SuspiciousIpDetector)

public:
    static constexpr quint64 kMinRequests = 20;
    static QList<SuspiciousIp> detect(const FlatStringMap<IpStats> &ips, quint64 totalRequests,
                                      quint64 totalDeniedOrNotFound, int maxResults = 50);
};

} // namespace opsdeck
