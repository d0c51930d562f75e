#include "costs/activeusersquery.h"

#include "database/pgsinglestatement.h"

#include <QCoreApplication>
#include <QSqlDatabase>

namespace opsdeck::activeusers {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("ActiveUsers", s); }

QString dateLiteral(QDate d) { return QStringLiteral("DATE '") + d.toString(Qt::ISODate) + QLatin1Char('\''); }

Error queryError(const QString &what, const Error &e)
{
    return makeError(ErrorKind::Config, what, e.detail.isEmpty() ? e.message : e.detail);
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
    // Read only, whatever the query says: a mistyped UPDATE cannot change the product database. Every
    // statement goes through the extended protocol, one at a time, so the query cannot end this
    // transaction ("...; COMMIT; DELETE ...") and go on writing outside it.
    auto begun = PgSingleStatement::exec(db, QStringLiteral("BEGIN READ ONLY"));
    if (!begun)
        return queryError(tr("Could not start a read-only transaction"), begun.error());
    auto rollback = [&db] { static_cast<void>(PgSingleStatement::exec(db, QStringLiteral("ROLLBACK"))); };
    if (auto timeout = PgSingleStatement::exec(db, QStringLiteral("SET LOCAL statement_timeout = %1").arg(timeoutMs));
        !timeout) {
        rollback();
        return queryError(tr("Could not set a statement timeout"), timeout.error());
    }
    QString sqlState;
    const Result<PgTextResult> result = PgSingleStatement::exec(db, statement, &sqlState);
    rollback();
    if (!result) {
        if (PgSingleStatement::isMultipleStatementsError(result.error(), sqlState))
            return makeError(ErrorKind::Config,
                             tr("The active-users query must be exactly one statement (one SELECT, no ';' between "
                                "statements); nothing was run."),
                             result.error().detail);
        return queryError(tr("The active-users query failed"), result.error());
    }
    const QList<QStringList> &rows = result.value().rows;
    if (rows.isEmpty() || rows.first().isEmpty())
        return makeError(ErrorKind::Config, tr("The active-users query returned no row."));
    bool ok = false;
    const qint64 n = rows.first().first().toLongLong(&ok);
    if (!ok || n < 0)
        return makeError(ErrorKind::Config, tr("The active-users query must return a whole number >= 0, not \"%1\".")
                                                .arg(rows.first().first().left(40)));
    if (rows.size() > 1)
        return makeError(ErrorKind::Config, tr("The active-users query returned more than one row."));
    return n;
}

} // namespace opsdeck::activeusers
