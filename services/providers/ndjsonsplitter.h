#pragma once

#include <QByteArray>
#include <QList>

namespace opsdeck {

// Splits a newline-delimited stream (NDJSON, JSONL) into lines as chunks arrive. Lines longer
// than maxLineBytes are dropped and counted instead of growing the buffer without bound.
class NdjsonSplitter
{
public:
    explicit NdjsonSplitter(qsizetype maxLineBytes = 1024 * 1024) : m_maxLineBytes(maxLineBytes) {}

    // Complete lines in this chunk (without '\n' or '\r'); blank lines are skipped.
    QList<QByteArray> feed(const QByteArray &chunk);
    // What is left after the stream ended: a final line without '\n' (possibly cut off).
    QByteArray takeRemainder();
    int oversizedLines() const { return m_oversized; }

private:
    QByteArray m_buffer;
    qsizetype m_maxLineBytes;
    int m_oversized = 0;
    bool m_skipping = false;  // inside an oversized line, until its '\n'
};

} // namespace opsdeck
