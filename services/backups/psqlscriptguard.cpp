#include "backups/psqlscriptguard.h"

#include <QRegularExpression>

namespace opsdeck {

namespace {

// Characters psql's lexer takes as part of an identifier (so "a$b$" is one word, not a dollar quote).
bool isIdentChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '_' || c == '$' || u >= 0x80;
}

bool isIdentStart(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return std::isalpha(u) || c == '_' || u >= 0x80;
}

QByteArray withoutLineEnd(QByteArray text)
{
    while (text.endsWith('\n') || text.endsWith('\r'))
        text.chop(1);
    return text;
}

// What one statement looks like for the checks below: upper case, runs of white space as one blank.
QByteArray normalized(const QByteArray &statement) { return statement.simplified().toUpper(); }

constexpr qsizetype kStatementKept = 512;  // enough to recognise COPY ... FROM stdin

} // namespace

void PsqlScriptGuard::statementText(char c)
{
    if (m_statement.size() < kStatementKept)
        m_statement += c;
}

Status PsqlScriptGuard::metaCommand(const QByteArray &text, qsizetype at)
{
    // pg_dump (15.14 and later) brackets the script with "\restrict KEY" ... "\unrestrict KEY": psql
    // then refuses every other backslash command until the end. Alone on a line, nothing else.
    static const QRegularExpression allowed(QStringLiteral("^\\\\(un)?restrict [A-Za-z0-9+/=_-]{1,256}$"));
    const QByteArray line = withoutLineEnd(text);
    if (at == 0 && m_statement.trimmed().isEmpty() && allowed.match(QString::fromLatin1(line)).hasMatch())
        return {};
    QByteArray command = text.mid(at, 24);
    qsizetype end = 1;
    while (end < command.size() && std::isalpha(static_cast<unsigned char>(command.at(end))))
        ++end;
    command = end == 1 ? command.left(2) : command.left(end);
    return makeError(ErrorKind::BadResponse,
                     tr("The dump contains the psql command \"%1\" (line %2), which pg_dump never writes: it could "
                        "run programs or touch files on this machine. The restore was refused.")
                         .arg(QString::fromUtf8(withoutLineEnd(command)))
                         .arg(m_lines));
}

Status PsqlScriptGuard::line(const QByteArray &text)
{
    ++m_lines;
    if (m_state == State::CopyData) {
        // Rows of COPY ... FROM stdin go to the server as they are, up to a line holding only "\.".
        if (withoutLineEnd(text) == "\\.")
            m_state = State::Normal;
        return {};
    }
    if (text.contains("tandard_conforming_strings") || text.contains("TANDARD_CONFORMING_STRINGS")) {
        if (m_state != State::Normal || withoutLineEnd(text).trimmed() != "SET standard_conforming_strings = on;")
            return makeError(ErrorKind::BadResponse,
                             tr("The dump changes standard_conforming_strings (line %1), which pg_dump never does; "
                                "the restore was refused.")
                                 .arg(m_lines));
    }
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char c = text.at(i);
        const char next = i + 1 < n ? text.at(i + 1) : '\0';
        switch (m_state) {
        case State::Normal:
            if (c == '-' && next == '-') {
                i = n;  // a comment to the end of the line
            } else if (c == '/' && next == '*') {
                m_state = State::Comment;
                m_commentDepth = 1;
                ++i;
            } else if (c == '\'') {
                const bool escape = i > 0 && (text.at(i - 1) == 'E' || text.at(i - 1) == 'e')
                    && (i < 2 || !isIdentChar(text.at(i - 2)));
                m_state = escape ? State::EscapeQuote : State::Quote;
                statementText(c);
            } else if (c == '"') {
                m_state = State::Ident;
                statementText(c);
            } else if (c == '$' && !(i > 0 && isIdentChar(text.at(i - 1)))) {
                // $$ or $tag$ opens a dollar quote; $1 is a parameter.
                qsizetype end = i + 1;
                if (end < n && isIdentStart(text.at(end))) {
                    while (end < n && isIdentChar(text.at(end)) && text.at(end) != '$')
                        ++end;
                }
                if (end < n && text.at(end) == '$') {
                    m_dollarTag = text.mid(i, end + 1 - i);
                    m_state = State::Dollar;
                    statementText('$');
                    i = end;
                } else {
                    statementText(c);
                }
            } else if (c == '\\') {
                if (Status s = metaCommand(text, i); !s)
                    return s;
                i = n;  // "\restrict KEY": the whole line
            } else if (c == ';') {
                const QByteArray statement = normalized(m_statement);
                m_statement.clear();
                if (statement.startsWith("COPY ") && statement.contains(" FROM STDIN")) {
                    // psql reads the rows from the next line on; anything after the ";" on this line
                    // would be read in between, so there must be nothing.
                    if (!text.mid(i + 1).trimmed().isEmpty())
                        return makeError(ErrorKind::BadResponse,
                                         tr("The dump has text after a COPY command on line %1, which pg_dump never "
                                            "writes; the restore was refused.")
                                             .arg(m_lines));
                    m_copyPending = true;
                    i = n;
                }
            } else {
                statementText(c);
            }
            break;
        case State::Quote:
            statementText(c);
            if (c == '\'') {
                if (next == '\'')
                    ++i;
                else
                    m_state = State::Normal;
            }
            break;
        case State::EscapeQuote:
            statementText(c);
            if (c == '\\') {
                ++i;  // the escaped character, a quote included
            } else if (c == '\'') {
                if (next == '\'')
                    ++i;
                else
                    m_state = State::Normal;
            }
            break;
        case State::Ident:
            statementText(c);
            if (c == '"') {
                if (next == '"')
                    ++i;
                else
                    m_state = State::Normal;
            }
            break;
        case State::Dollar:
            if (text.mid(i).startsWith(m_dollarTag)) {
                i += m_dollarTag.size() - 1;
                m_state = State::Normal;
                statementText('$');
            }
            break;
        case State::Comment:
            if (c == '/' && next == '*') {
                ++m_commentDepth;
                ++i;
            } else if (c == '*' && next == '/') {
                ++i;
                if (--m_commentDepth == 0)
                    m_state = State::Normal;
            }
            break;
        case State::CopyData:
            break;
        }
    }
    if (m_state == State::Normal && !m_statement.isEmpty())
        statementText(' ');  // the line break separates words
    if (m_copyPending) {
        m_copyPending = false;
        m_state = State::CopyData;
    }
    return {};
}

Result<QByteArray> PsqlScriptGuard::feed(const QByteArray &data)
{
    if (m_failed)
        return m_error;
    m_pending += data;
    qsizetype start = 0;
    for (qsizetype nl = m_pending.indexOf('\n', start); nl >= 0; nl = m_pending.indexOf('\n', start)) {
        if (Status s = line(m_pending.mid(start, nl + 1 - start)); !s) {
            m_failed = true;
            m_error = s.error();
            m_pending.clear();
            return m_error;
        }
        start = nl + 1;
    }
    QByteArray out = m_pending.left(start);
    m_pending.remove(0, start);
    return out;
}

Result<QByteArray> PsqlScriptGuard::finish()
{
    if (m_failed)
        return m_error;
    QByteArray out;
    if (!m_pending.isEmpty()) {
        if (Status s = line(m_pending); !s) {
            m_failed = true;
            m_error = s.error();
            return m_error;
        }
        out = std::exchange(m_pending, {});
    }
    if (m_state == State::CopyData || m_state == State::Quote || m_state == State::EscapeQuote
        || m_state == State::Ident || m_state == State::Dollar || m_state == State::Comment) {
        m_failed = true;
        m_error = makeError(ErrorKind::BadResponse,
                            tr("The dump ends inside %1; it is cut short or was changed. The restore was refused.")
                                .arg(m_state == State::CopyData  ? tr("a table's data")
                                     : m_state == State::Comment ? tr("a comment")
                                                                 : tr("a quoted text")));
        return m_error;
    }
    return out;
}

} // namespace opsdeck
