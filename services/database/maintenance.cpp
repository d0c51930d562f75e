#include "maintenance.h"

#include "database/pgconnectioninfo.h"
#include "database/pgsession.h"

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
    }
    return {};
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
    auto size = sizeOf(db, request);
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
