#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QCoreApplication>

namespace opsdeck {

// Stands between a plain dump and psql. psql runs backslash commands found anywhere outside quotes
// and comments (`\! rm -rf ~` runs a shell on the operator's machine, `\o`, `\copy` and `\i` touch
// local files), so a dump planted in a backup store must not reach it unread. The guard lexes the
// script as psql does (quotes '' E'' "" $tag$, -- and nested /* */ comments, COPY ... FROM stdin
// data up to "\."), passes complete lines on, and stops at the first backslash command. It lets
// through only what pg_dump itself writes: the end of COPY data ("\."), and the "\restrict KEY" /
// "\unrestrict KEY" pair of current pg_dump versions, each alone on its line. A script that turns
// standard_conforming_strings off is refused too: psql would then read backslashes in '' strings
// as escapes and the two lexers would part ways.
//
// Nothing is held back except the incomplete last line, so memory stays bounded by the longest line.
class PsqlScriptGuard
{
    Q_DECLARE_TR_FUNCTIONS(PsqlScriptGuard)

public:
    // Complete lines that are safe to pass on, or the reason the script is refused; after an error
    // the guard refuses everything.
    Result<QByteArray> feed(const QByteArray &data);
    // The incomplete last line (a dump need not end in a newline); an error when the script ends
    // inside a quote, a comment or COPY data.
    Result<QByteArray> finish();

    qint64 lines() const { return m_lines; }

private:
    Status line(const QByteArray &text);
    Status metaCommand(const QByteArray &text, qsizetype at);
    void statementText(char c);

    enum class State { Normal, Quote, EscapeQuote, Ident, Dollar, Comment, CopyData };
    State m_state = State::Normal;
    QByteArray m_dollarTag;  // "$body$" while in State::Dollar
    int m_commentDepth = 0;
    QByteArray m_statement;  // the start of the current statement (outside quotes), bounded
    bool m_copyPending = false;  // the statement just ended is COPY ... FROM stdin
    QByteArray m_pending;
    qint64 m_lines = 0;
    bool m_failed = false;
    Error m_error;
};

} // namespace opsdeck
