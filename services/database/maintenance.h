#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QList>
#include <QString>
#include <QStringList>

namespace opsdeck {

enum class MaintenanceKind { Vacuum, VacuumFull, Reindex, CreateIndex };

struct MaintenanceRequest {
    MaintenanceKind kind = MaintenanceKind::Vacuum;
    QString table;  // empty: the whole database; else "name" or "schema.name"
    QStringList columns;  // CreateIndex: the indexed columns, in order
    QString indexName;    // CreateIndex: empty = idx_<table>_<columns>
};

// One statement's timings in pg_stat_statements.
struct StatementTiming {
    qint64 queryId = 0;
    QString query;
    qint64 calls = 0;
    double meanMs = 0;
    double totalMs = 0;
};

// For the audit trail, which keeps the "before" of every index built.
QJsonArray timingsToJson(const QList<StatementTiming> &timings);
QList<StatementTiming> timingsFromJson(const QJsonArray &array);

// A statement before and after an index: the "after" is what was added since (calls and time), so
// pg_stat_statements is never reset for it; if someone reset it meanwhile, the counts since the reset.
struct IndexEffect {
    StatementTiming before;
    qint64 callsAfter = 0;
    double meanAfterMs = 0;  // meaningful when callsAfter > 0
    static IndexEffect compare(const StatementTiming &before, const StatementTiming &now);
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
    // CreateIndex: the statements that read the table, with their mean time before the index (the
    // "before" of the before/after comparison), or why they are not known.
    QString indexName;
    QString indexSchema;  // the table's schema, where the index goes
    QList<StatementTiming> affected;
    QString statementsNote;
    QStringList warnings;  // e.g. an index on the same columns exists
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
    qint64 sizeAfterBytes = 0;  // CreateIndex: the new index's size
    QList<StatementTiming> before;  // CreateIndex: the affected statements' timings when the build finished
};

// The statements and their previews; run each inside PgSession::run().
class Maintenance
{
    Q_DECLARE_TR_FUNCTIONS(Maintenance)

public:
    static QString kindName(MaintenanceKind kind);  // "vacuum", "vacuum_full", "reindex", "create_index" (audit actions)
    static QString defaultIndexName(const QString &table, const QStringList &columns);
    static Result<QString> statement(const MaintenanceRequest &request, const QString &database);
    static Result<MaintenancePreview> preview(QSqlDatabase &db, const MaintenanceRequest &request);
    static Result<qint64> sizeOf(QSqlDatabase &db, const MaintenanceRequest &request);
    // The progress PostgreSQL reports for backend `pid` (pg_stat_progress_vacuum / _cluster / _create_index);
    // an empty phase when it reports none.
    static Result<MaintenanceProgress> progress(QSqlDatabase &db, int pid);

    // Guided CREATE INDEX CONCURRENTLY. The statements of pg_stat_statements that name the table
    // (most total time first) and their current timings by id. Errors when pg_stat_statements is not
    // installed.
    static Result<QList<StatementTiming>> statementsReading(QSqlDatabase &db, const QString &table, int limit = 10);
    static Result<QList<StatementTiming>> statementTimings(QSqlDatabase &db, const QList<qint64> &queryIds);
    // A failed or cancelled CONCURRENTLY build leaves an INVALID index behind: dropped here (only if invalid).
    static Result<bool> dropInvalidIndex(QSqlDatabase &db, const QString &schema, const QString &index);
};

} // namespace opsdeck
