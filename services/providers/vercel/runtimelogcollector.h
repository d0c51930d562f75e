#pragma once

#include "providers/ndjsonsplitter.h"
#include "providers/vercel/types.h"

namespace opsdeck {

// Turns the runtime-logs NDJSON stream into log lines as chunks arrive: keeps lines at or after
// query.since, stops at the delimiter line or at query.maxLines, skips (and counts) malformed
// lines, and tolerates a final line cut off by the end of the stream.
class RuntimeLogCollector
{
public:
    explicit RuntimeLogCollector(RuntimeLogQuery query);

    // Returns true once collection is complete (delimiter or line limit); later feeds are ignored.
    bool feed(const QByteArray &chunk);
    // The stream ended: parses a final unterminated line if it is complete JSON.
    void finish();
    bool isDone() const { return m_done; }

    // Lines kept since the previous call, for live display.
    QList<RuntimeLogLine> takeNewLines();
    const RuntimeLogResult &result() const { return m_result; }

private:
    void handleLine(const QByteArray &line, bool isFinalFragment);

    RuntimeLogQuery m_query;
    NdjsonSplitter m_splitter;
    RuntimeLogResult m_result;
    qsizetype m_delivered = 0;
    int m_badLines = 0;
    bool m_done = false;
};

} // namespace opsdeck
