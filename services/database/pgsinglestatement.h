#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

class QSqlDatabase;

namespace opsdeck {

// What one statement returned, as text: a null QString for SQL NULL.
struct PgTextResult {
    QList<QStringList> rows;
};

// Runs exactly one SQL statement with libpq's extended query protocol (PQexecParams) on the connection
// of an open QPSQL database. QSqlQuery::exec, and QPSQL's "prepare" (a PREPARE sent as text), use the
// simple protocol, which runs every statement of "SELECT 1; COMMIT; DELETE ..." in turn; the extended
// protocol makes the server refuse such a text before it runs any of it.
class PgSingleStatement
{
    Q_DECLARE_TR_FUNCTIONS(PgSingleStatement)

public:
    // sqlState receives the server's SQLSTATE on failure ("42601", ...), when there is one.
    static Result<PgTextResult> exec(QSqlDatabase &db, const QString &sql, QString *sqlState = nullptr);
    // The server refused the text because it holds more than one statement.
    static bool isMultipleStatementsError(const Error &error, const QString &sqlState);
};

} // namespace opsdeck
