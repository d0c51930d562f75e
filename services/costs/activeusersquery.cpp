#include "activeusersquery.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace opsdeck::activeusers {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("ActiveUsers", s); }

QString dateLiteral(QDate d) { return QStringLiteral("DATE '") + d.toString(Qt::ISODate) + QLatin1Char('\''); }

Error sqlError(const QString &what, const QSqlError &e)
{
    return makeError(ErrorKind::Config, what, e.databaseText().isEmpty() ? e.text() : e.databaseText());
}
} // namespace

QString expand(const QString &sql, QDate month)
{
    const QDate first(month.year(), month.month(), 1);
    QString out = sql;
    out.replace(QStringLiteral("{month_start}"), dateLiteral(first));
    out.replace(QStringLiteral("{month_end}"), dateLiteral(first.addMonths(1)));
    return out;
}

Result<qint64> count(QSqlDatabase &db, const QString &sql, QDate month, int timeoutMs)
{
    const QString statement = expand(sql, month).trimmed();
    if (statement.isEmpty())
        return makeError(ErrorKind::Config, tr("No active-users query in the profile."));
    QSqlQuery q(db);
    // Read only, whatever the query says: a mistyped UPDATE cannot change the product database.
    if (!q.exec(QStringLiteral("BEGIN READ ONLY")))
        return sqlError(tr("Could not start a read-only transaction"), q.lastError());
    auto rollback = [&db] { QSqlQuery(db).exec(QStringLiteral("ROLLBACK")); };
    if (!q.exec(QStringLiteral("SET LOCAL statement_timeout = %1").arg(timeoutMs))) {
        rollback();
        return sqlError(tr("Could not set a statement timeout"), q.lastError());
    }
    if (!q.exec(statement)) {
        const QSqlError e = q.lastError();
        rollback();
        return sqlError(tr("The active-users query failed"), e);
    }
    if (!q.next()) {
        rollback();
        return makeError(ErrorKind::Config, tr("The active-users query returned no row."));
    }
    bool ok = false;
    const qint64 n = q.value(0).toLongLong(&ok);
    const bool oneRow = !q.next();
    rollback();
    if (!ok || n < 0)
        return makeError(ErrorKind::Config, tr("The active-users query must return a whole number >= 0, not \"%1\".")
                                                .arg(q.value(0).toString().left(40)));
    if (!oneRow)
        return makeError(ErrorKind::Config, tr("The active-users query returned more than one row."));
    return n;
}

} // namespace opsdeck::activeusers
