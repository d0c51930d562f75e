#include "store/sqltransaction.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

namespace opsdeck {

namespace {
bool isSqlite(const QSqlDatabase &db) { return db.driverName() == QStringLiteral("QSQLITE"); }
// The advisory lock key of OpsDeck's writers on a shared store ("OpsD" in ASCII).
constexpr qint64 kSharedWriteLock = 0x4F707344;
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
    } else if (m_db.driverName() == QStringLiteral("QPSQL")) {
        // One writer at a time on the shared store, as BEGIN IMMEDIATE does on a file: the lock is
        // held until commit or rollback, so a read-then-write (the next audit seq, a tick's version)
        // cannot be overtaken by another machine in between.
        QSqlQuery lock(m_db);
        if (!lock.exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kSharedWriteLock))) {
            const QSqlError error = lock.lastError();
            m_db.rollback();
            return sqlError(tr("Could not start a database transaction."), error);
        }
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
