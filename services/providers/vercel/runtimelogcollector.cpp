#include "providers/vercel/runtimelogcollector.h"

#include "providers/vercel/vercelparser.h"

namespace opsdeck {

RuntimeLogCollector::RuntimeLogCollector(RuntimeLogQuery query) : m_query(std::move(query)) {}

bool RuntimeLogCollector::feed(const QByteArray &chunk)
{
    if (m_done)
        return true;
    for (const QByteArray &line : m_splitter.feed(chunk)) {
        handleLine(line, false);
        if (m_done)
            break;
    }
    m_result.malformedLines = m_badLines + m_splitter.oversizedLines();
    return m_done;
}

void RuntimeLogCollector::finish()
{
    if (m_done)
        return;
    const QByteArray rest = m_splitter.takeRemainder();
    if (!rest.isEmpty())
        handleLine(rest, true);
    m_result.malformedLines = m_badLines + m_splitter.oversizedLines();
    m_done = true;
}

void RuntimeLogCollector::handleLine(const QByteArray &line, bool isFinalFragment)
{
    const Result<RuntimeLogLine> parsed = parseRuntimeLogLine(line);
    if (!parsed.ok()) {
        if (isFinalFragment)
            m_result.truncatedTail = true;  // the connection closed mid-line
        else
            ++m_badLines;
        return;
    }
    const RuntimeLogLine &l = parsed.value();
    if (isRuntimeLogDelimiter(l)) {
        m_result.reachedDelimiter = true;
        m_done = true;
        return;
    }
    if (m_query.since.isValid() && l.timestamp < m_query.since)
        return;
    m_result.lines.append(l);
    if (m_query.maxLines > 0 && m_result.lines.size() >= m_query.maxLines)
        m_done = true;
}

QList<RuntimeLogLine> RuntimeLogCollector::takeNewLines()
{
    QList<RuntimeLogLine> fresh = m_result.lines.mid(m_delivered);
    m_delivered = m_result.lines.size();
    return fresh;
}

} // namespace opsdeck
