#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QSqlDatabase>

class QSqlError;
class QSqlQuery;

namespace opsdeck {

// One write transaction on a connection, rolled back unless commit() succeeds.
// On SQLite it starts with BEGIN IMMEDIATE, so the write lock is taken up front (waiting up to the
// connection's busy timeout) and a read-then-write sequence (next audit seq, migration version
// check) cannot be overtaken by another process between its read and its write. Other drivers use
// QSqlDatabase::transaction().
class SqlTransaction
{
    Q_DECLARE_TR_FUNCTIONS(SqlTransaction)

public:
    explicit SqlTransaction(QSqlDatabase db);
    ~SqlTransaction();
    Q_DISABLE_COPY_MOVE(SqlTransaction)

    Status begin();
    Status commit();  // on failure the transaction is rolled back
    void rollback();
    bool isActive() const { return m_active; }

private:
    QSqlDatabase m_db;
    bool m_active = false;
};

// An Error for a failed statement: message for the user, the driver's text as detail.
Error sqlError(const QString &message, const QSqlError &error);

// Executes one statement that returns no rows we need (DDL, PRAGMA setters).
Status execSql(QSqlDatabase db, const QString &sql, const QString &whatForUser);

} // namespace opsdeck
