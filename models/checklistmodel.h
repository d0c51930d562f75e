#pragma once

#include "runbook/checkliststore.h"
#include "runbook/runbook.h"

#include <QAbstractTableModel>

namespace opsdeck {

// The items of one runbook list for one day: check status and evidence, and the sign-off.
class ChecklistModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChecklistModel)
public:
    enum Column { Status, Item, Evidence, SignOff, ColumnCount };
    enum Roles { ItemIdRole = Qt::UserRole + 1, CheckStatusRole, TickStateRole, KindRole };

    explicit ChecklistModel(QObject *parent = nullptr);

    void setList(const RunbookList &list, const DayRecord &record);
    void setResult(const CheckResult &result);
    void setRunning(const QString &itemId);
    void setTick(const Tick &tick);

    const RunbookItem *item(int row) const;
    int rowOf(const QString &itemId) const;
    CheckResult result(const QString &itemId) const { return m_record.results.value(itemId); }
    Tick tick(const QString &itemId) const { return m_record.ticks.value(itemId); }
    int doneCount() const;
    int totalCount() const { return int(m_list.items.size()); }
    bool anyRunning() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    // Toggling the check box asks for a tick; the model changes only when setTick() confirms it.
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    void setReadOnly(bool readOnly) { m_readOnly = readOnly; }

Q_SIGNALS:
    void tickToggled(const QString &itemId, bool done);

private:
    void changedRow(int row);
    RunbookList m_list;
    DayRecord m_record;
    bool m_readOnly = false;
};

} // namespace opsdeck
