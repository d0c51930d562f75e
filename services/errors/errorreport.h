#pragma once

#include "errors/errorgrouper.h"
#include "providers/job.h"

namespace opsdeck {

class VercelClient;

struct ErrorReport {
    QString deploymentId;      // the production deployment whose logs were read
    QDateTime since;
    QList<ErrorGroup> groups;
    int errorLines = 0;
    int totalLines = 0;
    int malformedLines = 0;
    bool complete = false;     // the stream reached Vercel's end/limit marker
};

// D2: the current production deployment's runtime error logs since `since`, grouped by signature.
// Reads the documented NDJSON runtime-logs stream, for at most maxDurationMs.
Job<ErrorReport> *fetchErrorReport(VercelClient &client, const QDateTime &since, qint64 maxDurationMs = 20'000);

} // namespace opsdeck
