#include "database/statementlogging.h"

#include "database/pgsession.h"

#include <QCoreApplication>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QVariant>

namespace opsdeck::statementlogging {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("StatementLogging", s); }

// A stored setting is "250", "250ms", "2s" or "1min"; -1 is off.
std::optional<int> parseMs(QString value)
{
    value = value.trimmed();
    int factor = 1;
    for (const auto &[unit, f] : {std::pair{QStringLiteral("min"), 60'000}, std::pair{QStringLiteral("ms"), 1},
                                  std::pair{QStringLiteral("s"), 1000}, std::pair{QStringLiteral("h"), 3'600'000}}) {
        if (value.endsWith(unit)) {
            value.chop(unit.size());
            factor = f;
            break;
        }
    }
    bool ok = false;
    const int n = value.trimmed().toInt(&ok);
    if (!ok)
        return std::nullopt;
    return n < 0 ? -1 : n * factor;
}
} // namespace

QString describe(int ms)
{
    if (ms < 0)
        return tr("off");
    if (ms >= 1000 && ms % 1000 == 0)
        return tr("%1 s").arg(ms / 1000);
    return tr("%1 ms").arg(ms);
}

Result<SlowStatementLogging> read(QSqlDatabase &db)
{
    SlowStatementLogging out;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT current_database(), setting FROM pg_settings WHERE name = 'log_min_duration_statement'"))
        || !q.next())
        return PgSession::sqlError(tr("Could not read log_min_duration_statement"), q.lastError());
    out.database = q.value(0).toString();
    out.sessionMs = parseMs(q.value(1).toString()).value_or(-1);
    QSqlQuery s(db);
    if (!s.exec(QStringLiteral("SELECT unnest(setconfig) FROM pg_db_role_setting WHERE setrole = 0 "
                               "AND setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())")))
        return PgSession::sqlError(tr("Could not read the database's settings"), s.lastError());
    while (s.next()) {
        const QString entry = s.value(0).toString();
        if (entry.startsWith(QLatin1String("log_min_duration_statement=")))
            out.databaseMs = parseMs(entry.section(QLatin1Char('='), 1));
    }
    return out;
}

Status set(QSqlDatabase &db, int ms)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT current_database()")) || !q.next())
        return PgSession::sqlError(tr("Could not read the database name"), q.lastError());
    const QString name = db.driver()->escapeIdentifier(q.value(0).toString(), QSqlDriver::TableName);
    const QString statement = QStringLiteral("ALTER DATABASE %1 SET log_min_duration_statement = %2").arg(name).arg(std::max(ms, -1));
    if (!q.exec(statement))
        return PgSession::sqlError(tr("Could not set log_min_duration_statement (superuser or the SET privilege is needed)"),
                                   q.lastError());
    return {};
}

} // namespace opsdeck::statementlogging
