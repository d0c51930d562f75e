#pragma once

#include "errors/errorgrouper.h"

#include <QAbstractTableModel>

namespace opsdeck {

// Error log lines grouped by signature, biggest group first. All text is display text
// (sanitized, plain): the page never renders it as rich text.
class ErrorGroupsModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ErrorGroupsModel)
public:
    enum Column { Count, Signature, FirstSeen, LastSeen, Paths, Statuses, ColumnCount };
    enum Roles { CountRole = Qt::UserRole + 1 };

    explicit ErrorGroupsModel(QObject *parent = nullptr);

    // now: the moment "first/last seen" are counted from ("9 h ago"; the exact time in the tooltip).
    void setGroups(QList<ErrorGroup> groups, const QDateTime &now);
    const ErrorGroup &group(int row) const { return m_groups.at(row); }
    int totalErrors() const;
    // Everything known about a group, as plain text for a detail pane.
    QString detailText(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<ErrorGroup> m_groups;
    QDateTime m_now;
};

} // namespace opsdeck
