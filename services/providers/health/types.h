#pragma once

#include <QString>
#include <QUrl>

namespace opsdeck {

struct HealthProbeRequest {
    QUrl url;
    int timeoutMs = 10'000;
    QString assertion;  // optional, e.g. "status == ok" on a top-level JSON key
};

// The outcome of one probe. A down service is a result (ok = false, error says why), not an Error.
struct HealthResult {
    QUrl url;
    int httpStatus = 0;      // 0 when no HTTP answer arrived
    qint64 latencyMs = -1;   // time to the complete answer; -1 when none arrived
    bool ok = false;         // 2xx and the assertion (if any) holds
    QString error;           // empty when ok
};

} // namespace opsdeck
