#pragma once

#include "database/dbtypes.h"

#include <QAbstractTableModel>

namespace opsdeck {

// Table and index sizes with each table's last vacuum/analyze, for the Database page. Sorts by the
// raw numbers (SortRole) so "9 MB" never lands above "10 MB".
class DbTablesModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DbTablesModel)
public:
    enum Column { TableName, HeapSize, IndexSize, TotalSize, Rows, LastVacuum, LastAnalyze, DeadRows, ColumnCount };
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit DbTablesModel(QObject *parent = nullptr);

    void setTables(QList<TableSize> sizes, const QList<TableMaintenance> &maintenance);
    const QList<TableSize> &sizes() const { return m_sizes; }
    QStringList tableNames() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static QString formatBytes(qint64 bytes);

private:
    QList<TableSize> m_sizes;
    QList<TableMaintenance> m_maintenance;  // aligned with m_sizes
};

// Slow statements from pg_stat_statements, slowest mean first.
class SlowQueriesModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SlowQueriesModel)
public:
    enum Column { MeanMs, TotalMs, Calls, RowsReturned, Query, ColumnCount };

    explicit SlowQueriesModel(QObject *parent = nullptr);
    void setQueries(QList<SlowQuery> queries);
    QString statement(int row) const { return row >= 0 && row < m_queries.size() ? m_queries.at(row).query : QString(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<SlowQuery> m_queries;
};

// Statements running longer than the threshold, longest first.
class LongQueriesModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LongQueriesModel)
public:
    enum Column { Pid, User, State, Duration, Query, ColumnCount };

    explicit LongQueriesModel(QObject *parent = nullptr);
    void setQueries(QList<LongRunningQuery> queries);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<LongRunningQuery> m_queries;
};

} // namespace opsdeck
