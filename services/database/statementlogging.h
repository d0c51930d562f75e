#pragma once

#include "core/result.h"

#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace opsdeck {

// The slow-statement log of one database (log_min_duration_statement): PostgreSQL writes every
// statement slower than the threshold to its log. Set per database (ALTER DATABASE ... SET), so it
// applies to that database's new sessions only; it needs superuser or the SET privilege on the parameter.
struct SlowStatementLogging {
    QString database;
    std::optional<int> databaseMs;  // ALTER DATABASE ... SET value; nullopt: none (the server's applies)
    int sessionMs = -1;             // what a session of this database gets now (-1: off)
};

namespace statementlogging {

QString describe(int ms);  // "off", "250 ms", "2 s"
Result<SlowStatementLogging> read(QSqlDatabase &db);
// ms = -1 turns logging off for the database, ms >= 0 logs statements slower than ms.
Status set(QSqlDatabase &db, int ms);

} // namespace statementlogging
} // namespace opsdeck
