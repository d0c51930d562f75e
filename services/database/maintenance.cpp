#include "database/maintenance.h"

#include "database/pgconnectioninfo.h"
#include "database/pgsession.h"

#include <QJsonObject>
#include <QSqlQuery>
#include <QVariant>

namespace opsdeck {

QString Maintenance::kindName(MaintenanceKind kind)
{
    switch (kind) {
    case MaintenanceKind::Vacuum:
        return QStringLiteral("vacuum");
    case MaintenanceKind::VacuumFull:
        return QStringLiteral("vacuum_full");
    case MaintenanceKind::Reindex:
        return QStringLiteral("reindex");
    case MaintenanceKind::CreateIndex:
        return QStringLiteral("create_index");
    }
    return {};
}

QString Maintenance::defaultIndexName(const QString &table, const QStringList &columns)
{
    QString name = QStringLiteral("idx_") + table.section(QLatin1Char('.'), -1) + QLatin1Char('_') + columns.join(QLatin1Char('_'));
    name = name.toLower();
    return name.left(63);
}

Result<QString> Maintenance::statement(const MaintenanceRequest &request, const QString &database)
{
    if (!request.table.isEmpty() && !isSafeTableName(request.table))
        return makeError(ErrorKind::Config, tr("Invalid table name \"%1\"").arg(request.table));
    if (!isSafeIdentifier(database))
        return makeError(ErrorKind::Config, tr("Invalid database name \"%1\"").arg(database));
    const QString target = request.table.isEmpty() ? QString() : QLatin1Char(' ') + quoteIdentifier(request.table);
    switch (request.kind) {
    case MaintenanceKind::Vacuum:
        return QString(QStringLiteral("VACUUM (ANALYZE)") + target);
    case MaintenanceKind::VacuumFull:
        return QString(QStringLiteral("VACUUM (FULL, ANALYZE)") + target);
    case MaintenanceKind::Reindex:
        return request.table.isEmpty() ? QString(QStringLiteral("REINDEX DATABASE ") + quoteIdentifier(database))
                                       : QString(QStringLiteral("REINDEX TABLE") + target);
    case MaintenanceKind::CreateIndex: {
        if (request.table.isEmpty())
            return makeError(ErrorKind::Config, tr("An index needs a table"));
        if (request.columns.isEmpty())
            return makeError(ErrorKind::Config, tr("An index needs at least one column"));
        QStringList quoted;
        for (const QString &c : request.columns) {
            if (!isSafeIdentifier(c))
                return makeError(ErrorKind::Config, tr("Invalid column name \"%1\"").arg(c));
            quoted << quoteIdentifier(c);
        }
        const QString name = request.indexName.isEmpty() ? defaultIndexName(request.table, request.columns) : request.indexName;
        if (!isSafeIdentifier(name))
            return makeError(ErrorKind::Config, tr("Invalid index name \"%1\"").arg(name));
        return QString(QStringLiteral("CREATE INDEX CONCURRENTLY ") + quoteIdentifier(name) + QStringLiteral(" ON")
                       + target + QStringLiteral(" (") + quoted.join(QStringLiteral(", ")) + QLatin1Char(')'));
    }
    }
    return makeError(ErrorKind::Internal, tr("Unknown maintenance action"));
}

Result<qint64> Maintenance::sizeOf(QSqlDatabase &db, const MaintenanceRequest &request)
{
    QSqlQuery q(db);
    if (request.table.isEmpty()) {
        q.prepare(QStringLiteral("SELECT pg_database_size(current_database())"));
    } else {
        // to_regclass: NULL (not an error) when the table does not exist.
        q.prepare(QStringLiteral("SELECT pg_total_relation_size(to_regclass(?))"));
        q.addBindValue(quoteIdentifier(request.table));
    }
    if (!q.exec() || !q.next())
        return PgSession::sqlError(tr("Cannot read the size"), q.lastError());
    if (q.value(0).isNull())
        return makeError(ErrorKind::NotFound, tr("No table \"%1\" in this database").arg(request.table));
    return q.value(0).toLongLong();
}

namespace {

// The columns exist, the name is free, and an index on the same leading columns is pointed out;
// the statements reading the table and their mean time are the "before".
Status checkIndexTarget(QSqlDatabase &db, const MaintenanceRequest &request, MaintenancePreview &p)
{
    p.indexName = request.indexName.isEmpty() ? Maintenance::defaultIndexName(request.table, request.columns)
                                              : request.indexName;
    QSqlQuery q(db);
    for (const QString &column : request.columns) {
        q.prepare(QStringLiteral("SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass(?) AND attname = ? "
                                 "AND attnum > 0 AND NOT attisdropped"));
        q.addBindValue(quoteIdentifier(request.table));
        q.addBindValue(column);
        if (!q.exec() || !q.next())
            return PgSession::sqlError(Maintenance::tr("Cannot check the columns"), q.lastError());
        if (q.value(0).toInt() == 0)
            return makeError(ErrorKind::NotFound, Maintenance::tr("Table %1 has no column \"%2\"").arg(request.table, column));
    }
    // The schema the table resolves to (search_path for an unqualified name): the index goes there.
    q.prepare(QStringLiteral("SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                             "WHERE c.oid = to_regclass(?)"));
    q.addBindValue(quoteIdentifier(request.table));
    if (!q.exec() || !q.next())
        return makeError(ErrorKind::NotFound, Maintenance::tr("No table \"%1\" in this database").arg(request.table));
    const QString schema = q.value(0).toString();
    p.indexSchema = schema;
    q.prepare(QStringLiteral("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                             "WHERE c.relname = ? AND n.nspname = ?"));
    q.addBindValue(p.indexName);
    q.addBindValue(schema);
    if (!q.exec() || !q.next())
        return PgSession::sqlError(Maintenance::tr("Cannot check the index name"), q.lastError());
    if (q.value(0).toInt() > 0)
        return makeError(ErrorKind::Conflict, Maintenance::tr("A relation named %1 already exists in %2").arg(p.indexName, schema));
    // Existing indexes whose leading columns are the requested ones.
    q.prepare(QStringLiteral("SELECT i.indexrelid::regclass::text, "
                             "array_to_string(ARRAY(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord) "
                             "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord), ',') "
                             "FROM pg_index i WHERE i.indrelid = to_regclass(?)"));
    q.addBindValue(quoteIdentifier(request.table));
    if (!q.exec())
        return PgSession::sqlError(Maintenance::tr("Cannot list the table's indexes"), q.lastError());
    const QString wanted = request.columns.join(QLatin1Char(','));
    while (q.next())
        if (q.value(1).toString() == wanted || q.value(1).toString().startsWith(wanted + QLatin1Char(',')))
            p.warnings << Maintenance::tr("%1 already indexes (%2): the new index may not help").arg(q.value(0).toString(),
                                                                                                  q.value(1).toString());
    auto statements = Maintenance::statementsReading(db, request.table);
    if (statements) {
        p.affected = statements.value();
        if (p.affected.isEmpty())
            p.statementsNote = Maintenance::tr("pg_stat_statements has no statement naming %1 yet: there is no "
                                               "before time to compare with.").arg(request.table);
    } else {
        p.statementsNote = statements.error().message;
    }
    return {};
}

} // namespace

Result<QList<StatementTiming>> Maintenance::statementsReading(QSqlDatabase &db, const QString &table, int limit)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'")) || !q.next())
        return PgSession::sqlError(tr("Cannot look for pg_stat_statements"), q.lastError());
    if (q.value(0).toInt() == 0)
        return makeError(ErrorKind::NotFound, tr("pg_stat_statements is not installed, so there is no before/after "
                                                 "time (see the Slow queries tab)."));
    // The bare table name as a word in the normalised statement text; only statements an index can
    // speed up (reads, and the WHERE of updates and deletes), not DDL or bulk loads.
    const QString name = table.section(QLatin1Char('.'), -1);
    // One row per statement (pg_stat_statements has one per user and nesting level).
    q.prepare(QStringLiteral("SELECT queryid, query, sum(calls), sum(total_exec_time) / NULLIF(sum(calls), 0), "
                             "sum(total_exec_time) FROM pg_stat_statements "
                             "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                             "AND query ~* ? AND query ~* '^\\s*(select|update|delete|with)\\M' "
                             "AND query !~* '(pg_stat_statements|pg_catalog)' "
                             "GROUP BY queryid, query ORDER BY sum(total_exec_time) DESC LIMIT ?"));
    QString escaped = name;
    escaped.replace(QLatin1Char('$'), QStringLiteral("\\$"));  // identifiers may hold "$"
    q.addBindValue(QString(QStringLiteral("\\m") + escaped + QStringLiteral("\\M")));
    q.addBindValue(limit);
    if (!q.exec())
        return PgSession::sqlError(tr("Cannot read pg_stat_statements"), q.lastError());
    QList<StatementTiming> out;
    while (q.next())
        out.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toDouble(),
                    q.value(4).toDouble()});
    return out;
}

Result<QList<StatementTiming>> Maintenance::statementTimings(QSqlDatabase &db, const QList<qint64> &queryIds)
{
    QList<StatementTiming> out;
    QSqlQuery q(db);
    for (qint64 id : queryIds) {
        q.prepare(QStringLiteral("SELECT queryid, query, sum(calls), sum(total_exec_time) / NULLIF(sum(calls), 0), sum(total_exec_time) "
                                 "FROM pg_stat_statements WHERE queryid = ? "
                                 "AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) GROUP BY 1, 2"));
        q.addBindValue(id);
        if (!q.exec())
            return PgSession::sqlError(tr("Cannot read pg_stat_statements"), q.lastError());
        if (q.next())
            out.append({id, q.value(1).toString(), q.value(2).toLongLong(), q.value(3).toDouble(), q.value(4).toDouble()});
        else
            out.append({id, QString(), 0, 0, 0});  // gone from pg_stat_statements (reset or evicted)
    }
    return out;
}

QJsonArray timingsToJson(const QList<StatementTiming> &timings)
{
    QJsonArray out;
    for (const StatementTiming &t : timings)
        out.append(QJsonObject{{QStringLiteral("queryId"), QString::number(t.queryId)},
                               {QStringLiteral("query"), t.query.left(2000)},
                               {QStringLiteral("calls"), t.calls},
                               {QStringLiteral("meanMs"), t.meanMs},
                               {QStringLiteral("totalMs"), t.totalMs}});
    return out;
}

QList<StatementTiming> timingsFromJson(const QJsonArray &array)
{
    QList<StatementTiming> out;
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        bool ok = false;
        const qint64 id = o.value(QStringLiteral("queryId")).toString().toLongLong(&ok);
        if (!ok)
            continue;
        out.append({id, o.value(QStringLiteral("query")).toString(), o.value(QStringLiteral("calls")).toInteger(),
                    o.value(QStringLiteral("meanMs")).toDouble(), o.value(QStringLiteral("totalMs")).toDouble()});
    }
    return out;
}

IndexEffect IndexEffect::compare(const StatementTiming &before, const StatementTiming &now)
{
    IndexEffect e;
    e.before = before;
    const bool resetSince = now.calls < before.calls || now.totalMs < before.totalMs;
    e.callsAfter = resetSince ? now.calls : now.calls - before.calls;
    const double time = resetSince ? now.totalMs : now.totalMs - before.totalMs;
    e.meanAfterMs = e.callsAfter > 0 ? time / double(e.callsAfter) : 0;
    return e;
}

Result<bool> Maintenance::dropInvalidIndex(QSqlDatabase &db, const QString &schema, const QString &index)
{
    if (!isSafeIdentifier(schema) || !isSafeIdentifier(index))
        return makeError(ErrorKind::Config, tr("Invalid index name \"%1.%2\"").arg(schema, index));
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT NOT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                             "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = ? AND n.nspname = ?"));
    q.addBindValue(index);
    q.addBindValue(schema);
    if (!q.exec())
        return PgSession::sqlError(tr("Cannot check the index"), q.lastError());
    if (!q.next() || !q.value(0).toBool())
        return false;  // no such index, or a valid one: left alone
    if (!q.exec(QStringLiteral("DROP INDEX CONCURRENTLY IF EXISTS ") + quoteIdentifier(schema + QLatin1Char('.') + index)))
        return PgSession::sqlError(tr("Cannot drop the unfinished index %1").arg(index), q.lastError());
    return true;
}

Result<MaintenancePreview> Maintenance::preview(QSqlDatabase &db, const MaintenanceRequest &request)
{
    MaintenancePreview p;
    p.request = request;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT current_database(), (SELECT count(*) FROM pg_stat_activity "
                               "WHERE datname = current_database() AND backend_type = 'client backend' "
                               "AND pid <> pg_backend_pid() AND application_name <> 'OpsDeck')"))
        || !q.next())
        return PgSession::sqlError(tr("Cannot prepare the preview"), q.lastError());
    p.database = q.value(0).toString();
    p.activeConnections = q.value(1).toInt();
    auto statement = Maintenance::statement(request, p.database);
    if (!statement)
        return statement.error();
    p.statement = statement.value();
    MaintenanceRequest sized = request;
    if (request.kind == MaintenanceKind::CreateIndex)
        sized.kind = MaintenanceKind::Vacuum;  // the table's size: what the build reads
    auto size = sizeOf(db, sized);
    if (!size)
        return size.error();
    p.sizeBytes = size.value();
    switch (request.kind) {
    case MaintenanceKind::Vacuum:
        p.lock = QStringLiteral("SHARE UPDATE EXCLUSIVE");
        p.lockEffect = tr("Reads and writes continue; schema changes and other vacuums of the same table wait.");
        break;
    case MaintenanceKind::VacuumFull:
        p.lock = QStringLiteral("ACCESS EXCLUSIVE");
        p.lockEffect = tr("Each table is rewritten under an exclusive lock: every read and write of it waits until "
                          "its rewrite ends. Needs free disk space about the size of the largest table.");
        break;
    case MaintenanceKind::Reindex:
        p.lock = QStringLiteral("SHARE + ACCESS EXCLUSIVE (index)");
        p.lockEffect = tr("Writes to each table wait while its indexes are rebuilt; reads that would use an index "
                          "being rebuilt wait too.");
        break;
    case MaintenanceKind::CreateIndex:
        p.lock = QStringLiteral("SHARE UPDATE EXCLUSIVE");
        p.lockEffect = tr("Reads and writes continue while the index is built (CONCURRENTLY): the table is scanned twice "
                          "and the build waits for transactions already running. If the build fails or is cancelled, "
                          "the unfinished (invalid) index is dropped again.");
        if (Status s = checkIndexTarget(db, request, p); !s)
            return s.error();
        break;
    }
    return p;
}

Result<MaintenanceProgress> Maintenance::progress(QSqlDatabase &db, int pid)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "SELECT phase, heap_blks_total, heap_blks_scanned, relid::regclass::text FROM pg_stat_progress_vacuum WHERE pid = ? "
        "UNION ALL SELECT phase, heap_blks_total, heap_blks_scanned, relid::regclass::text FROM pg_stat_progress_cluster "
        "WHERE pid = ? UNION ALL SELECT phase, blocks_total, blocks_done, relid::regclass::text "
        "FROM pg_stat_progress_create_index WHERE pid = ?"));
    q.addBindValue(pid);
    q.addBindValue(pid);
    q.addBindValue(pid);
    if (!q.exec())
        return PgSession::sqlError(tr("Cannot read the progress"), q.lastError());
    MaintenanceProgress p;
    if (q.next()) {
        p.phase = q.value(0).toString();
        p.total = q.value(1).toLongLong();
        p.done = q.value(2).toLongLong();
        p.relation = q.value(3).toString();
    }
    return p;
}

} // namespace opsdeck
