#include "logmodel.h"

namespace opsdeck {

LogModel::LogModel(LogSink &sink, QObject *parent, int capacity)
    : QAbstractTableModel(parent), m_lines(sink.lines()), m_capacity(capacity)
{
    connect(&sink, &LogSink::lineAdded, this, &LogModel::appendLine);
}

int LogModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_lines.size()); }

int LogModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogLine &line = m_lines.at(index.row());
    if (role == LevelRole)
        return int(line.level);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Time: return line.at.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
    case Level: return LogSink::levelName(line.level);
    case Source: return line.source;
    case Text: return line.text;
    default: return {};
    }
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time: return tr("Time");
    case Level: return tr("Level");
    case Source: return tr("Source");
    case Text: return tr("Message");
    default: return {};
    }
}

void LogModel::appendLine(const LogLine &line)
{
    if (m_lines.size() >= m_capacity) {
        beginRemoveRows({}, 0, 0);
        m_lines.removeFirst();
        endRemoveRows();
    }
    beginInsertRows({}, int(m_lines.size()), int(m_lines.size()));
    m_lines.append(line);
    endInsertRows();
}

} // namespace opsdeck
