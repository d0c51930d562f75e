#pragma once

#include <QByteArray>
#include <QString>

namespace opsdeck {

// Streams a plain pg_dump through, keeping only what restores one table: the preamble (SET lines),
// the table, its data, its defaults and non-foreign-key constraints, the indexes and sequence
// statements that name it, and the sequences named <table>_*. Like `pg_restore --table`, foreign
// keys, grants and comments are left out. Bounded memory: data blocks are passed through line by
// line; only small definition blocks are held until their end.
class PlainDumpFilter
{
public:
    explicit PlainDumpFilter(const QString &table);  // "orders" or "schema.orders" (default schema public)

    // Feeds decompressed dump bytes; returns what to pass on.
    QByteArray feed(const QByteArray &data);
    QByteArray finish();
    bool matchedTable() const { return m_matchedTable; }

private:
    QByteArray line(const QByteArray &text);
    QByteArray flushBlock();
    bool blockWanted(const QByteArray &header, bool *streamIt) const;

    QByteArray m_schema;
    QByteArray m_table;
    QByteArray m_qualified;  // schema.table as the dump writes it
    QByteArray m_pending;    // incomplete last line
    QByteArray m_block;      // current held definition block
    enum class Mode { Preamble, Hold, Stream, Skip } m_mode = Mode::Preamble;
    bool m_matchedTable = false;
};

} // namespace opsdeck
