#pragma once

#include "store/auditlog.h"

#include <QAbstractTableModel>
#include <QDateTime>

namespace opsdeck {

// Audit entries, newest first, for the Audit page.
class AuditModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuditModel)
public:
    enum Column { Seq, Time, Actor, Action, Target, Details, ColumnCount };

    explicit AuditModel(QObject *parent = nullptr);

    // now: the moment the relative times ("9 h ago") are counted from.
    void setEntries(QList<AuditEntry> entries, const QDateTime &now);
    const AuditEntry &entry(int row) const { return m_entries.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<AuditEntry> m_entries;
    QDateTime m_now;
};

} // namespace opsdeck
