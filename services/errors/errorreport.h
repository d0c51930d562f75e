#pragma once

#include "errors/errorgrouper.h"
#include "core/job.h"

#include <optional>

namespace opsdeck {

class VercelClient;

struct ErrorReport {
    QString deploymentId;      // the production deployment whose logs were read
    QDateTime since;
    QList<ErrorGroup> groups;
    int errorLines = 0;
    int totalLines = 0;
    int malformedLines = 0;
    int requests = 0;          // Vercel's `request` lines: one per request served
    int failedRequests = 0;    // those answered with a 5xx
    bool complete = false;     // the stream reached Vercel's end/limit marker

    // Share of requests answered with a 5xx, in percent; nullopt when the stream had no request lines.
    std::optional<double> errorRatePercent() const
    {
        if (requests <= 0)
            return std::nullopt;
        return 100.0 * failedRequests / requests;
    }
};

// The current production deployment's runtime error logs since `since`, grouped by signature.
// Reads the documented NDJSON runtime-logs stream, for at most maxDurationMs.
Job<ErrorReport> *fetchErrorReport(VercelClient &client, const QDateTime &since, qint64 maxDurationMs = 20'000);

} // namespace opsdeck
