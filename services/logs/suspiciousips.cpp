#include "logs/suspiciousips.h"

#include "logs/percentiles.h"

#include <algorithm>
#include <cmath>

namespace opsdeck {

namespace {

QString percent(double share) { return QString::number(std::round(share * 1000.0) / 10.0); }

uint32_t p90(std::vector<uint32_t> values)
{
    if (values.empty())
        return 0;
    return nearestRankPercentiles(values, {9000}).front();
}

} // namespace

QList<SuspiciousIp> SuspiciousIpDetector::detect(const FlatStringMap<IpStats> &ips, quint64 totalRequests,
                                                 quint64 totalDeniedOrNotFound, int maxResults)
{
    std::vector<uint32_t> peaks;
    std::vector<uint32_t> counts;
    peaks.reserve(ips.size());
    counts.reserve(ips.size());
    for (size_t i = 0; i < ips.size(); ++i) {
        peaks.push_back(ips.value(i).peak);
        counts.push_back(uint32_t(std::min<uint64_t>(ips.value(i).count, UINT32_MAX)));
    }
    const double typicalPeak = std::max<uint32_t>(1, p90(std::move(peaks)));
    const double typicalCount = std::max<uint32_t>(1, p90(std::move(counts)));

    struct Hit {
        SuspiciousIp ip;
        int severity = 0;
    };
    std::vector<Hit> hits;
    for (size_t i = 0; i < ips.size(); ++i) {
        const IpStats &s = ips.value(i);
        const quint64 flagged = quint64(s.denied) + s.notFound;
        QStringList reasons;
        QString kind;
        int severity = 0;
        if (s.count >= kMinRequests) {
            const double share = double(flagged) / double(s.count);
            const quint64 othersRequests = totalRequests - s.count;
            const double othersShare = othersRequests ? double(totalDeniedOrNotFound - flagged) / double(othersRequests) : 0.0;
            if (share >= 0.5 && share >= 3.0 * othersShare) {
                reasons << tr("%1 % of %2 requests were 401/403/404 (others: %3 %)")
                               .arg(percent(share), QString::number(s.count), percent(othersShare));
                kind = QStringLiteral("auth");
                severity = 3;
            }
        }
        if (s.peak >= 60 && s.peak >= 10.0 * typicalPeak) {
            reasons << tr("burst of %1 requests in one minute (typical busiest minute: %2)")
                           .arg(QString::number(s.peak), QString::number(typicalPeak));
            if (kind.isEmpty())
                kind = QStringLiteral("burst");
            severity = std::max(severity, 2);
        }
        if (s.count >= 1000 && double(s.count) >= 0.1 * double(totalRequests) && double(s.count) >= 10.0 * typicalCount) {
            reasons << tr("%1 requests, %2 % of all traffic (typical IP: %3)")
                           .arg(QString::number(s.count), percent(double(s.count) / double(totalRequests)),
                                QString::number(typicalCount));
            if (kind.isEmpty())
                kind = QStringLiteral("volume");
            severity = std::max(severity, 1);
        }
        if (reasons.isEmpty())
            continue;
        const std::string_view key = ips.key(i);
        SuspiciousIp ip;
        ip.ip = QString::fromUtf8(key.data(), qsizetype(key.size()));
        ip.kind = kind;
        ip.reason = reasons.join(QStringLiteral("; "));
        ip.requests = s.count;
        ip.deniedOrNotFound = flagged;
        ip.peakPerMinute = s.peak;
        hits.push_back(Hit{ip, severity});
    }
    std::sort(hits.begin(), hits.end(), [](const Hit &a, const Hit &b) {
        if (a.severity != b.severity)
            return a.severity > b.severity;
        if (a.ip.requests != b.ip.requests)
            return a.ip.requests > b.ip.requests;
        return a.ip.ip < b.ip.ip;
    });
    QList<SuspiciousIp> out;
    for (const Hit &h : hits) {
        if (out.size() >= maxResults)
            break;
        out << h.ip;
    }
    return out;
}

} // namespace opsdeck
