#include "store/sqltransaction.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

namespace opsdeck {

namespace {
bool isSqlite(const QSqlDatabase &db) { return db.driverName() == QStringLiteral("QSQLITE"); }
} // namespace

SqlTransaction::SqlTransaction(QSqlDatabase db) : m_db(std::move(db)) {}

SqlTransaction::~SqlTransaction() { rollback(); }

Status SqlTransaction::begin()
{
    if (m_active)
        return makeError(ErrorKind::Internal, tr("A database transaction is already open."));
    if (!m_db.isOpen())
        return makeError(ErrorKind::Io, tr("The database is not open."));
    if (isSqlite(m_db)) {
        QSqlQuery query(m_db);
        if (!query.exec(QStringLiteral("BEGIN IMMEDIATE")))
            return sqlError(tr("Could not start a database transaction."), query.lastError());
    } else if (!m_db.transaction()) {
        return sqlError(tr("Could not start a database transaction."), m_db.lastError());
    }
    m_active = true;
    return {};
}

Status SqlTransaction::commit()
{
    if (!m_active)
        return makeError(ErrorKind::Internal, tr("No database transaction is open."));
    if (!m_db.commit()) {
        const QSqlError error = m_db.lastError();
        rollback();
        return sqlError(tr("Could not save the change to the database."), error);
    }
    m_active = false;
    return {};
}

void SqlTransaction::rollback()
{
    if (!m_active)
        return;
    m_active = false;
    m_db.rollback();
}

Error sqlError(const QString &message, const QSqlError &error)
{
    return makeError(ErrorKind::Io, message, error.text());
}

Status execSql(QSqlDatabase db, const QString &sql, const QString &whatForUser)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return sqlError(whatForUser, query.lastError());
    return {};
}

} // namespace opsdeck
