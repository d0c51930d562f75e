#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>

namespace opsdeck {

enum class MaintenanceKind { Vacuum, VacuumFull, Reindex };

struct MaintenanceRequest {
    MaintenanceKind kind = MaintenanceKind::Vacuum;
    QString table;  // empty: the whole database; else "name" or "schema.name"
};

// What the action will do, shown before anything runs: the statement, the size it works through,
// the lock it takes and who else is connected.
struct MaintenancePreview {
    MaintenanceRequest request;
    QString database;
    QString statement;
    qint64 sizeBytes = 0;
    QString lock;        // "ACCESS EXCLUSIVE", ...
    QString lockEffect;  // what the lock means for the application, for people
    int activeConnections = 0;  // other client sessions on this database
    QString confirmText() const { return request.table.isEmpty() ? database : request.table; }
};

struct MaintenanceProgress {
    QString phase;
    QString relation;  // the table being worked on (database-wide runs go table by table)
    qint64 done = 0;
    qint64 total = 0;  // 0: PostgreSQL does not report progress for this step
    qint64 elapsedMs = 0;
};

struct MaintenanceOutcome {
    qint64 durationMs = 0;
    qint64 sizeBeforeBytes = 0;
    qint64 sizeAfterBytes = 0;
};

// The statements and their previews; run each inside PgSession::run().
class Maintenance
{
    Q_DECLARE_TR_FUNCTIONS(Maintenance)

public:
    static QString kindName(MaintenanceKind kind);  // "vacuum", "vacuum_full", "reindex" (audit actions)
    static Result<QString> statement(const MaintenanceRequest &request, const QString &database);
    static Result<MaintenancePreview> preview(QSqlDatabase &db, const MaintenanceRequest &request);
    static Result<qint64> sizeOf(QSqlDatabase &db, const MaintenanceRequest &request);
    // The progress PostgreSQL reports for backend `pid` (pg_stat_progress_vacuum / _cluster / _create_index);
    // an empty phase when it reports none.
    static Result<MaintenanceProgress> progress(QSqlDatabase &db, int pid);
};

} // namespace opsdeck
