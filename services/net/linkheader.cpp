#include "net/linkheader.h"

namespace opsdeck {

namespace {

class LinkScanner
{
public:
    explicit LinkScanner(const QByteArray &text) : m_text(text) {}

    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text.at(m_pos); }
    void skipSpace()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\t'))
            ++m_pos;
    }
    void skipTo(char stop)
    {
        while (!atEnd() && peek() != stop)
            ++m_pos;
    }

    // "<...>" -> the target; nullopt when there is no closing '>'.
    std::optional<QByteArray> target()
    {
        if (peek() != '<')
            return std::nullopt;
        const qsizetype close = m_text.indexOf('>', m_pos + 1);
        if (close < 0)
            return std::nullopt;
        const QByteArray uri = m_text.mid(m_pos + 1, close - m_pos - 1).trimmed();
        m_pos = close + 1;
        return uri;
    }

    QByteArray token()
    {
        const qsizetype start = m_pos;
        while (!atEnd() && peek() != '=' && peek() != ';' && peek() != ',' && peek() != ' ' && peek() != '\t')
            ++m_pos;
        return m_text.mid(start, m_pos - start);
    }

    QByteArray quotedOrToken()
    {
        if (peek() != '"')
            return token();
        ++m_pos;
        QByteArray out;
        while (!atEnd() && peek() != '"') {
            if (peek() == '\\' && m_pos + 1 < m_text.size())
                ++m_pos;
            out += peek();
            ++m_pos;
        }
        if (!atEnd())
            ++m_pos;  // closing quote
        return out;
    }

    void advance() { ++m_pos; }

private:
    const QByteArray &m_text;
    qsizetype m_pos = 0;
};

} // namespace

QMap<QString, QUrl> parseLinkHeader(const QByteArray &value)
{
    QMap<QString, QUrl> links;
    LinkScanner s(value);
    while (!s.atEnd()) {
        s.skipSpace();
        if (s.peek() == ',') {
            s.advance();
            continue;
        }
        const auto uri = s.target();
        if (!uri) {
            s.skipTo(',');  // not a link-value: skip to the next one
            continue;
        }
        QByteArray rel;
        for (;;) {
            s.skipSpace();
            if (s.peek() != ';')
                break;
            s.advance();
            s.skipSpace();
            const QByteArray name = s.token().toLower();
            s.skipSpace();
            QByteArray paramValue;
            if (s.peek() == '=') {
                s.advance();
                s.skipSpace();
                paramValue = s.quotedOrToken();
            }
            if (name == "rel" && rel.isNull())
                rel = paramValue;
        }
        s.skipTo(',');
        const QUrl url = QUrl::fromEncoded(*uri);
        if (!url.isValid() || uri->isEmpty())
            continue;
        for (const QByteArray &r : rel.simplified().split(' ')) {
            const QString relName = QString::fromLatin1(r).toLower();
            if (!relName.isEmpty() && !links.contains(relName))
                links.insert(relName, url);
        }
    }
    return links;
}

} // namespace opsdeck
