#include "database/dbinspector.h"

#include "database/pgsession.h"

#include <QSqlQuery>
#include <QVariant>

namespace opsdeck {

namespace {

Result<QSqlQuery> exec(QSqlDatabase &db, const QString &sql, const QVariantList &binds = {})
{
    // Not forward-only: QPSQL streams forward-only results row by row, and a second query on the
    // connection before the first is drained loses them.
    QSqlQuery q(db);
    if (!q.prepare(sql))
        return PgSession::sqlError(DbInspector::tr("Query failed"), q.lastError());
    for (const QVariant &v : binds)
        q.addBindValue(v);
    if (!q.exec())
        return PgSession::sqlError(DbInspector::tr("Query failed"), q.lastError());
    return q;
}

QDateTime utc(const QVariant &v)
{
    QDateTime t = v.toDateTime();
    return t.isValid() ? t.toUTC() : QDateTime();
}

QDateTime later(const QDateTime &a, const QDateTime &b)
{
    if (!a.isValid())
        return b;
    if (!b.isValid())
        return a;
    return std::max(a, b);
}

} // namespace

Result<DbStatus> DbInspector::status(QSqlDatabase &db, qint64 longRunningMs)
{
    DbStatus s;
    auto q = exec(db, QStringLiteral("SELECT current_setting('server_version'), current_setting('server_version_num')::int, "
                                     "current_database(), pg_database_size(current_database()), "
                                     "(SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'), "
                                     "current_setting('max_connections')::int, "
                                     "(SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                     " AND backend_type = 'client backend' AND pid <> pg_backend_pid() "
                                     " AND application_name <> 'OpsDeck')"));
    if (!q)
        return q.error();
    if (q.value().next()) {
        s.serverVersion = q.value().value(0).toString();
        s.serverVersionNum = q.value().value(1).toInt();
        s.database = q.value().value(2).toString();
        s.sizeBytes = q.value().value(3).toLongLong();
        s.connections = q.value().value(4).toInt();
        s.maxConnections = q.value().value(5).toInt();
        s.activeConnections = q.value().value(6).toInt();
    }
    q = exec(db,
             QStringLiteral("SELECT pid, coalesce(usename, ''), coalesce(state, ''), "
                            "(extract(epoch FROM (clock_timestamp() - query_start)) * 1000)::bigint AS ms, "
                            "coalesce(query, '') FROM pg_stat_activity "
                            "WHERE state IS DISTINCT FROM 'idle' AND backend_type = 'client backend' "
                            "AND pid <> pg_backend_pid() AND query_start IS NOT NULL "
                            "AND clock_timestamp() - query_start > make_interval(secs => ?::double precision / 1000) "
                            "ORDER BY ms DESC LIMIT 50"),
             {longRunningMs});
    if (!q)
        return q.error();
    while (q.value().next())
        s.longRunning.append({q.value().value(0).toInt(), q.value().value(1).toString(), q.value().value(2).toString(),
                              q.value().value(3).toLongLong(), q.value().value(4).toString()});
    q = exec(db, QStringLiteral("SELECT schemaname || '.' || relname, last_vacuum, last_autovacuum, last_analyze, "
                                "last_autoanalyze, n_dead_tup, n_live_tup FROM pg_stat_user_tables "
                                "ORDER BY schemaname, relname"));
    if (!q)
        return q.error();
    while (q.value().next()) {
        const QSqlQuery &r = q.value();
        s.tables.append({r.value(0).toString(), later(utc(r.value(1)), utc(r.value(2))),
                         later(utc(r.value(3)), utc(r.value(4))), r.value(5).toLongLong(), r.value(6).toLongLong()});
    }
    return s;
}

Result<QList<TableSize>> DbInspector::tables(QSqlDatabase &db)
{
    auto q = exec(db, QStringLiteral("SELECT n.nspname, c.relname, pg_table_size(c.oid), pg_indexes_size(c.oid), "
                                     "pg_total_relation_size(c.oid), greatest(c.reltuples, 0)::bigint "
                                     "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                     "WHERE c.relkind IN ('r', 'p', 'm') "
                                     "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                                     "AND n.nspname NOT LIKE 'pg_toast%' "
                                     "ORDER BY pg_total_relation_size(c.oid) DESC, n.nspname, c.relname"));
    if (!q)
        return q.error();
    QList<TableSize> out;
    while (q.value().next()) {
        const QSqlQuery &r = q.value();
        out.append({r.value(0).toString(), r.value(1).toString(), r.value(2).toLongLong(), r.value(3).toLongLong(),
                    r.value(4).toLongLong(), r.value(5).toLongLong()});
    }
    return out;
}

QString DbInspector::slowQueryGuidance()
{
    return tr("pg_stat_statements is not installed in this database. To enable it: add "
              "shared_preload_libraries = 'pg_stat_statements' to postgresql.conf (or ALTER SYSTEM SET "
              "shared_preload_libraries = 'pg_stat_statements'), restart PostgreSQL, then run "
              "CREATE EXTENSION pg_stat_statements; in this database (as a superuser or a role with CREATE).");
}

Result<SlowQueryReport> DbInspector::slowQueries(QSqlDatabase &db, int limit)
{
    SlowQueryReport report;
    auto ext = exec(db, QStringLiteral("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'"));
    if (!ext)
        return ext.error();
    if (!ext.value().next() || ext.value().value(0).toInt() == 0) {
        report.guidance = slowQueryGuidance();
        return report;
    }
    // Installed but not preloaded: reading the view fails with "must be loaded via shared_preload_libraries".
    auto q = exec(db,
                  QStringLiteral("SELECT query, calls, mean_exec_time, total_exec_time, rows FROM pg_stat_statements "
                                 "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                                 "ORDER BY mean_exec_time DESC LIMIT ?"),
                  {limit});
    if (!q) {
        report.guidance = tr("pg_stat_statements is installed but not loaded: add it to shared_preload_libraries "
                             "in postgresql.conf and restart PostgreSQL.");
        if (!q.error().detail.contains(QLatin1String("shared_preload_libraries")))
            return q.error();
        return report;
    }
    report.available = true;
    while (q.value().next()) {
        const QSqlQuery &r = q.value();
        report.queries.append({r.value(0).toString(), r.value(1).toLongLong(), r.value(2).toDouble(),
                               r.value(3).toDouble(), r.value(4).toLongLong()});
    }
    return report;
}

} // namespace opsdeck
