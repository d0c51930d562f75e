#include "runbook/jsonlines.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace opsdeck {

namespace {

class Parser
{
public:
    Parser(const QByteArray &text, JsonWithLines &out) : m_text(text), m_out(out) {}

    bool parseDocument(QString *error)
    {
        skipSpace();
        if (!parseValue(QStringLiteral("$"), m_out.root, 0))
            return fail(error);
        skipSpace();
        if (m_pos != m_text.size()) {
            m_problem = QStringLiteral("unexpected text after the document");
            return fail(error);
        }
        return true;
    }
    int line() const { return m_line; }
    int column() const { return int(m_pos - m_lineStart) + 1; }

private:
    bool fail(QString *error)
    {
        *error = m_problem.isEmpty() ? QStringLiteral("invalid JSON") : m_problem;
        return false;
    }
    void skipSpace()
    {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == '\n') {
                ++m_line;
                m_lineStart = m_pos + 1;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                break;
            }
            ++m_pos;
        }
    }
    bool expect(char c)
    {
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == c) {
            ++m_pos;
            return true;
        }
        m_problem = QStringLiteral("expected '%1'").arg(QLatin1Char(c));
        return false;
    }
    bool parseValue(const QString &path, QJsonValue &out, int depth)
    {
        if (depth > 64) {
            m_problem = QStringLiteral("nesting too deep");
            return false;
        }
        skipSpace();
        m_out.lines.insert(path, m_line);
        if (m_pos >= m_text.size()) {
            m_problem = QStringLiteral("unexpected end of file");
            return false;
        }
        const char c = m_text[m_pos];
        if (c == '{')
            return parseObject(path, out, depth);
        if (c == '[')
            return parseArray(path, out, depth);
        if (c == '"') {
            QString s;
            if (!parseString(s))
                return false;
            out = s;
            return true;
        }
        for (const auto &[word, value] : {std::pair{"true", QJsonValue(true)}, std::pair{"false", QJsonValue(false)},
                                          std::pair{"null", QJsonValue(QJsonValue::Null)}}) {
            const qsizetype n = qsizetype(qstrlen(word));
            if (m_text.mid(m_pos, n) == word) {
                m_pos += n;
                out = value;
                return true;
            }
        }
        qsizetype end = m_pos;
        while (end < m_text.size() && QByteArrayView("+-0123456789.eE").contains(m_text[end]))
            ++end;
        bool ok = false;
        const double d = m_text.mid(m_pos, end - m_pos).toDouble(&ok);
        if (end == m_pos || !ok) {
            m_problem = QStringLiteral("unexpected character '%1'").arg(QLatin1Char(c));
            return false;
        }
        m_pos = end;
        out = d;
        return true;
    }
    bool parseString(QString &out)
    {
        ++m_pos;  // opening quote
        QByteArray raw;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos++];
            if (c == '"') {
                // Let QJsonDocument decode escapes exactly as JSON defines them.
                const QJsonDocument d = QJsonDocument::fromJson("[\"" + raw + "\"]");
                if (!d.isArray()) {
                    m_problem = QStringLiteral("invalid string escape");
                    return false;
                }
                out = d.array().at(0).toString();
                return true;
            }
            if (c == '\n') {
                m_problem = QStringLiteral("unterminated string");
                return false;
            }
            raw += c;
            if (c == '\\' && m_pos < m_text.size())
                raw += m_text[m_pos++];
        }
        m_problem = QStringLiteral("unterminated string");
        return false;
    }
    bool parseObject(const QString &path, QJsonValue &out, int depth)
    {
        ++m_pos;
        QJsonObject obj;
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == '}') {
            ++m_pos;
            out = obj;
            return true;
        }
        for (;;) {
            skipSpace();
            if (m_pos >= m_text.size() || m_text[m_pos] != '"') {
                m_problem = QStringLiteral("expected a quoted key");
                return false;
            }
            QString key;
            if (!parseString(key) || !expect(':'))
                return false;
            QJsonValue v;
            if (!parseValue(path + QLatin1Char('.') + key, v, depth + 1))
                return false;
            if (obj.contains(key)) {
                m_problem = QStringLiteral("duplicate key \"%1\"").arg(key);
                return false;
            }
            obj.insert(key, v);
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (!expect('}'))
                return false;
            out = obj;
            return true;
        }
    }
    bool parseArray(const QString &path, QJsonValue &out, int depth)
    {
        ++m_pos;
        QJsonArray arr;
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == ']') {
            ++m_pos;
            out = arr;
            return true;
        }
        for (;;) {
            QJsonValue v;
            if (!parseValue(path + QStringLiteral("[%1]").arg(arr.size()), v, depth + 1))
                return false;
            arr.append(v);
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (!expect(']'))
                return false;
            out = arr;
            return true;
        }
    }

    const QByteArray &m_text;
    JsonWithLines &m_out;
    qsizetype m_pos = 0;
    qsizetype m_lineStart = 0;
    int m_line = 1;
    QString m_problem;
};

} // namespace

int JsonWithLines::lineOf(const QString &path) const
{
    QString p = path;
    while (!p.isEmpty()) {
        if (auto it = lines.constFind(p); it != lines.constEnd())
            return *it;
        const qsizetype cut = std::max(p.lastIndexOf(QLatin1Char('.')), p.lastIndexOf(QLatin1Char('[')));
        if (cut <= 0)
            break;
        p = p.left(cut);
    }
    return lines.value(QStringLiteral("$"), 1);
}

Result<JsonWithLines> parseJsonWithLines(const QByteArray &text, const QString &sourceName)
{
    JsonWithLines out;
    Parser parser(text, out);
    QString problem;
    if (!parser.parseDocument(&problem))
        return makeError(ErrorKind::Config,
                         QCoreApplication::translate("Runbook", "%1:%2:%3: %4")
                             .arg(sourceName)
                             .arg(parser.line())
                             .arg(parser.column())
                             .arg(problem));
    return out;
}

} // namespace opsdeck
