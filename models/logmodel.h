#pragma once

#include "core/logsink.h"

#include <QAbstractTableModel>

namespace opsdeck {

// The log pane's rows: time, level, source, text. Follows a LogSink live.
class LogModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogModel)
public:
    enum Column { Time, Level, Source, Text, ColumnCount };
    enum Roles { LevelRole = Qt::UserRole + 1 };

    explicit LogModel(LogSink &sink, QObject *parent = nullptr, int capacity = 5000);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    void appendLine(const LogLine &line);
    QList<LogLine> m_lines;
    int m_capacity;
};

} // namespace opsdeck
