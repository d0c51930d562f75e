#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>
#include <utility>

namespace opsdeck {

// Each probe of a health URL is stored twice: its latency (when it answered) and whether it was up
// (1) or down (0), whoever probed it (the Health page, the checklist's health check).
inline const QString kHealthLatencyMetric = QStringLiteral("health.latencyMs");
inline const QString kHealthUpMetric = QStringLiteral("health.up");

// The share of "up" probes since `since`, in percent; nullopt without a probe in that window.
inline std::optional<double> uptimePercent(const QList<std::pair<QDateTime, double>> &upSamples, const QDateTime &since)
{
    int probes = 0;
    double up = 0;
    for (const auto &[at, value] : upSamples) {
        if (at < since)
            continue;
        ++probes;
        up += value > 0.5 ? 1.0 : 0.0;
    }
    if (probes == 0)
        return std::nullopt;
    return up * 100.0 / probes;
}

} // namespace opsdeck
