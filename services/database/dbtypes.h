#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

namespace opsdeck {

struct LongRunningQuery {
    int pid = 0;
    QString user;
    QString state;
    qint64 durationMs = 0;
    QString query;  // as the server reports it (may be truncated by track_activity_query_size)
};

struct TableMaintenance {
    QString table;  // schema.name
    QDateTime lastVacuum;  // the later of manual and auto; invalid = never
    QDateTime lastAnalyze;
    qint64 deadTuples = 0;
    qint64 liveTuples = 0;
};

struct DbStatus {
    QString serverVersion;  // "15.14"
    int serverVersionNum = 0;
    QString database;
    qint64 sizeBytes = 0;
    int connections = 0;  // backends on the whole server (what max_connections limits)
    int maxConnections = 0;
    int activeConnections = 0;  // on this database, excluding OpsDeck's own
    double connectionsPercent() const { return maxConnections > 0 ? 100.0 * connections / maxConnections : 0.0; }
    QList<LongRunningQuery> longRunning;  // running longer than the threshold, longest first
    QList<TableMaintenance> tables;
};

struct TableSize {
    QString schema;
    QString name;
    qint64 tableBytes = 0;  // heap + TOAST
    qint64 indexBytes = 0;
    qint64 totalBytes = 0;
    qint64 rowEstimate = 0;
    QString qualifiedName() const { return schema + QLatin1Char('.') + name; }
};

struct SlowQuery {
    QString query;
    qint64 calls = 0;
    double meanMs = 0;
    double totalMs = 0;
    qint64 rows = 0;
};

struct SlowQueryReport {
    bool available = false;  // pg_stat_statements installed in this database
    QString guidance;  // how to enable it when it is not
    QList<SlowQuery> queries;  // by mean time, slowest first
};

} // namespace opsdeck
