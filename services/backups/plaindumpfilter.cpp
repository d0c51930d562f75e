#include "backups/plaindumpfilter.h"

#include <QRegularExpression>

namespace opsdeck {

namespace {

bool isIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

// True when text names `name` as a whole, qualified word (not a prefix of a longer identifier).
bool mentions(const QByteArray &text, const QByteArray &name)
{
    for (qsizetype at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
        const bool startOk = at == 0 || (!isIdentChar(text.at(at - 1)) && text.at(at - 1) != '.');
        const qsizetype end = at + name.size();
        if (startOk && (end >= text.size() || !isIdentChar(text.at(end))))
            return true;
    }
    return false;
}

} // namespace

PlainDumpFilter::PlainDumpFilter(const QString &table)
{
    const QStringList parts = table.split(QLatin1Char('.'));
    m_schema = parts.size() == 2 ? parts[0].toUtf8() : QByteArrayLiteral("public");
    m_table = parts.last().toUtf8();
    m_qualified = m_schema + '.' + m_table;
}

bool PlainDumpFilter::blockWanted(const QByteArray &header, bool *streamIt) const
{
    // "-- Name: orders; Type: TABLE; Schema: public; Owner: app" / "-- Data for Name: orders; Type: TABLE DATA; ..."
    static const QRegularExpression re(QStringLiteral("^-- (?:Data for )?Name: (.*); Type: ([A-Z ]+); Schema: ([^;]*);"));
    const auto m = re.match(QString::fromUtf8(header));
    *streamIt = false;
    if (!m.hasMatch())
        return false;
    const QByteArray name = m.captured(1).toUtf8();
    const QString type = m.captured(2);
    const QByteArray schema = m.captured(3).toUtf8();
    if (schema != m_schema && schema != "-")
        return false;
    const QByteArray first = name.split(' ').first();
    if (type == QLatin1String("TABLE DATA")) {
        *streamIt = true;
        return name == m_table;
    }
    if (type == QLatin1String("TABLE"))
        return name == m_table;
    if (type == QLatin1String("DEFAULT") || type == QLatin1String("CONSTRAINT"))
        return first == m_table;
    if (type.startsWith(QLatin1String("SEQUENCE")))
        return name.startsWith(QByteArray(m_table + '_')) || first == m_table;  // serial sequences: <table>_<column>_seq
    if (type == QLatin1String("INDEX"))
        return true;  // decided on its body: kept when it is ON <schema>.<table>
    return false;
}

QByteArray PlainDumpFilter::flushBlock()
{
    QByteArray out;
    if (m_mode == Mode::Hold) {
        // Held blocks are small (definitions); an index block must name the table.
        const bool isIndex = m_block.contains("; Type: INDEX;");
        if (!isIndex || mentions(m_block, m_qualified))
            out = m_block;
    }
    m_block.clear();
    return out;
}

QByteArray PlainDumpFilter::line(const QByteArray &text)
{
    const bool header = text.startsWith("-- Name: ") || text.startsWith("-- Data for Name: ");
    if (header) {
        QByteArray out = flushBlock();
        bool stream = false;
        if (blockWanted(text, &stream)) {
            m_matchedTable = m_matchedTable || text.contains("Type: TABLE;") || text.contains("Type: TABLE DATA;");
            m_mode = stream ? Mode::Stream : Mode::Hold;
            if (stream)
                out += "--\n" + text;
            else
                m_block = "--\n" + text;
        } else {
            m_mode = Mode::Skip;
        }
        return out;
    }
    switch (m_mode) {
    case Mode::Preamble:
    case Mode::Stream:
        return text;
    case Mode::Hold:
        m_block += text;
        return {};
    case Mode::Skip:
        return {};
    }
    return {};
}

QByteArray PlainDumpFilter::feed(const QByteArray &data)
{
    QByteArray out;
    m_pending += data;
    qsizetype start = 0;
    for (qsizetype nl = m_pending.indexOf('\n'); nl >= 0; nl = m_pending.indexOf('\n', start)) {
        out += line(m_pending.mid(start, nl + 1 - start));
        start = nl + 1;
    }
    m_pending.remove(0, start);
    return out;
}

QByteArray PlainDumpFilter::finish()
{
    QByteArray out;
    if (!m_pending.isEmpty())
        out = line(m_pending + '\n');
    m_pending.clear();
    return out + flushBlock();
}

} // namespace opsdeck
