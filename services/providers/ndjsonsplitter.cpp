#include "providers/ndjsonsplitter.h"

namespace opsdeck {

QList<QByteArray> NdjsonSplitter::feed(const QByteArray &chunk)
{
    QList<QByteArray> lines;
    qsizetype start = 0;
    for (;;) {
        const qsizetype nl = chunk.indexOf('\n', start);
        if (nl < 0)
            break;
        if (m_skipping) {
            m_skipping = false;
        } else {
            m_buffer.append(chunk.constData() + start, nl - start);
            QByteArray line = m_buffer.trimmed();
            m_buffer.clear();
            if (line.size() > m_maxLineBytes)
                ++m_oversized;
            else if (!line.isEmpty())
                lines.append(std::move(line));
        }
        start = nl + 1;
    }
    if (!m_skipping && start < chunk.size()) {
        m_buffer.append(chunk.constData() + start, chunk.size() - start);
        if (m_buffer.size() > m_maxLineBytes) {
            ++m_oversized;
            m_buffer.clear();
            m_skipping = true;
        }
    }
    return lines;
}

QByteArray NdjsonSplitter::takeRemainder()
{
    QByteArray rest = m_buffer.trimmed();
    m_buffer.clear();
    m_skipping = false;
    return rest;
}

} // namespace opsdeck
