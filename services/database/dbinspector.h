#pragma once

#include "core/result.h"
#include "database/dbtypes.h"

#include <QCoreApplication>
#include <QSqlDatabase>

namespace opsdeck {

// Read-only inspection queries. Each runs on the calling thread's connection: call them inside
// PgSession::run() so they execute on the session's worker thread.
class DbInspector
{
    Q_DECLARE_TR_FUNCTIONS(DbInspector)

public:
    static Result<DbStatus> status(QSqlDatabase &db, qint64 longRunningMs = 60'000);
    static Result<QList<TableSize>> tables(QSqlDatabase &db);
    static Result<SlowQueryReport> slowQueries(QSqlDatabase &db, int limit = 20);
    static QString slowQueryGuidance();
};

} // namespace opsdeck
