#include "dbtablesmodel.h"

#include "core/text.h"

#include <QCoreApplication>
#include <QLocale>

namespace opsdeck {

namespace {
QString when(const QDateTime &t)
{
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                       : QCoreApplication::translate("DbTablesModel", "never");
}
QString oneLine(const QString &sql) { return sanitizeForDisplay(sql).simplified(); }
} // namespace

DbTablesModel::DbTablesModel(QObject *parent) : QAbstractTableModel(parent) {}

QString DbTablesModel::formatBytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

void DbTablesModel::setTables(QList<TableSize> sizes, const QList<TableMaintenance> &maintenance)
{
    beginResetModel();
    m_sizes = std::move(sizes);
    m_maintenance.clear();
    for (const TableSize &t : m_sizes) {
        TableMaintenance found;
        for (const TableMaintenance &m : maintenance)
            if (m.table == t.qualifiedName())
                found = m;
        m_maintenance.append(found);
    }
    endResetModel();
}

QStringList DbTablesModel::tableNames() const
{
    QStringList names;
    for (const TableSize &t : m_sizes)
        names << (t.schema == QLatin1String("public") ? t.name : t.qualifiedName());
    return names;
}

int DbTablesModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_sizes.size()); }
int DbTablesModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant DbTablesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TableSize &t = m_sizes.at(index.row());
    const TableMaintenance &m = m_maintenance.at(index.row());
    if (role == SortRole) {
        switch (index.column()) {
        case TableName: return t.qualifiedName();
        case HeapSize: return t.tableBytes;
        case IndexSize: return t.indexBytes;
        case TotalSize: return t.totalBytes;
        case Rows: return t.rowEstimate;
        case LastVacuum: return m.lastVacuum.isValid() ? m.lastVacuum.toMSecsSinceEpoch() : qint64(0);
        case LastAnalyze: return m.lastAnalyze.isValid() ? m.lastAnalyze.toMSecsSinceEpoch() : qint64(0);
        case DeadRows: return m.deadTuples;
        default: return {};
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() != TableName)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TableName: return sanitizeForDisplay(t.qualifiedName());
    case HeapSize: return formatBytes(t.tableBytes);
    case IndexSize: return formatBytes(t.indexBytes);
    case TotalSize: return formatBytes(t.totalBytes);
    case Rows: return QLocale().toString(t.rowEstimate);
    case LastVacuum: return when(m.lastVacuum);
    case LastAnalyze: return when(m.lastAnalyze);
    case DeadRows: return QLocale().toString(m.deadTuples);
    default: return {};
    }
}

QVariant DbTablesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TableName: return tr("Table");
    case HeapSize: return tr("Table size");
    case IndexSize: return tr("Indexes");
    case TotalSize: return tr("Total");
    case Rows: return tr("Rows (est.)");
    case LastVacuum: return tr("Last vacuum");
    case LastAnalyze: return tr("Last analyze");
    case DeadRows: return tr("Dead rows");
    default: return {};
    }
}

SlowQueriesModel::SlowQueriesModel(QObject *parent) : QAbstractTableModel(parent) {}

void SlowQueriesModel::setQueries(QList<SlowQuery> queries)
{
    beginResetModel();
    m_queries = std::move(queries);
    endResetModel();
}

int SlowQueriesModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_queries.size()); }
int SlowQueriesModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant SlowQueriesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SlowQuery &q = m_queries.at(index.row());
    if (role == Qt::ToolTipRole && index.column() == Query)
        return sanitizeForDisplay(q.query, true);
    if (role == Qt::TextAlignmentRole && index.column() != Query)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case MeanMs: return QLocale().toString(q.meanMs, 'f', 2);
    case TotalMs: return QLocale().toString(q.totalMs, 'f', 0);
    case Calls: return QLocale().toString(q.calls);
    case RowsReturned: return QLocale().toString(q.rows);
    case Query: return oneLine(q.query);
    default: return {};
    }
}

QVariant SlowQueriesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case MeanMs: return tr("Mean (ms)");
    case TotalMs: return tr("Total (ms)");
    case Calls: return tr("Calls");
    case RowsReturned: return tr("Rows");
    case Query: return tr("Statement");
    default: return {};
    }
}

LongQueriesModel::LongQueriesModel(QObject *parent) : QAbstractTableModel(parent) {}

void LongQueriesModel::setQueries(QList<LongRunningQuery> queries)
{
    beginResetModel();
    m_queries = std::move(queries);
    endResetModel();
}

int LongQueriesModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_queries.size()); }
int LongQueriesModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant LongQueriesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LongRunningQuery &q = m_queries.at(index.row());
    if (role == Qt::ToolTipRole && index.column() == Query)
        return sanitizeForDisplay(q.query, true);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Pid: return q.pid;
    case User: return sanitizeForDisplay(q.user);
    case State: return sanitizeForDisplay(q.state);
    case Duration: return tr("%1 s").arg(q.durationMs / 1000);
    case Query: return oneLine(q.query);
    default: return {};
    }
}

QVariant LongQueriesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Pid: return tr("PID");
    case User: return tr("User");
    case State: return tr("State");
    case Duration: return tr("Running for");
    case Query: return tr("Statement");
    default: return {};
    }
}

} // namespace opsdeck
