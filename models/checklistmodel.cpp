#include "checklistmodel.h"

namespace opsdeck {

ChecklistModel::ChecklistModel(QObject *parent) : QAbstractTableModel(parent) {}

void ChecklistModel::setList(const RunbookList &list, const DayRecord &record)
{
    beginResetModel();
    m_list = list;
    m_record = record;
    endResetModel();
}

int ChecklistModel::rowOf(const QString &itemId) const
{
    for (int i = 0; i < m_list.items.size(); ++i)
        if (m_list.items[i].id == itemId)
            return i;
    return -1;
}

const RunbookItem *ChecklistModel::item(int row) const
{
    return row >= 0 && row < m_list.items.size() ? &m_list.items[row] : nullptr;
}

void ChecklistModel::changedRow(int row)
{
    if (row >= 0)
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ChecklistModel::setResult(const CheckResult &result)
{
    m_record.results.insert(result.itemId, result);
    changedRow(rowOf(result.itemId));
}

void ChecklistModel::setRunning(const QString &itemId)
{
    CheckResult r = m_record.results.value(itemId);
    r.itemId = itemId;
    r.status = CheckStatus::Running;
    m_record.results.insert(itemId, r);
    changedRow(rowOf(itemId));
}

void ChecklistModel::setTick(const Tick &tick)
{
    m_record.ticks.insert(tick.itemId, tick);
    changedRow(rowOf(tick.itemId));
}

int ChecklistModel::doneCount() const
{
    int n = 0;
    for (const RunbookItem &i : m_list.items)
        n += m_record.ticks.value(i.id).state != TickState::Open ? 1 : 0;
    return n;
}

bool ChecklistModel::anyRunning() const
{
    for (const CheckResult &r : m_record.results)
        if (r.status == CheckStatus::Running)
            return true;
    return false;
}

int ChecklistModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_list.items.size()); }
int ChecklistModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ChecklistModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RunbookItem &item = m_list.items.at(index.row());
    const CheckResult r = m_record.results.value(item.id);
    const Tick t = m_record.ticks.value(item.id);
    switch (role) {
    case ItemIdRole: return item.id;
    case CheckStatusRole: return int(item.kind == ItemKind::Check ? r.status : CheckStatus::Skipped);
    case TickStateRole: return int(t.state);
    case KindRole: return int(item.kind);
    case Qt::CheckStateRole:
        if (index.column() == Item)
            return t.state == TickState::Open ? Qt::Unchecked : Qt::Checked;
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Item)
            return item.explanation;
        if (index.column() == Evidence)
            return r.evidence;
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case Status:
            if (item.kind != ItemKind::Check)
                return item.kind == ItemKind::Manual ? tr("manual") : tr("action");
            return r.status == CheckStatus::Pending ? QString() : checkStatusName(r.status);
        case Item: return item.title;
        case Evidence:
            if (item.kind != ItemKind::Check)
                return item.explanation;
            return r.evidence;
        case SignOff:
            switch (t.state) {
            case TickState::Done: return tr("✓ %1 %2").arg(t.actor, t.at.toLocalTime().toString(QStringLiteral("HH:mm")));
            case TickState::Acknowledged: return tr("acknowledged by %1: %2").arg(t.actor, t.note);
            case TickState::Open: return t.note.isEmpty() ? QString() : tr("note: %1").arg(t.note);
            }
            return {};
        default: return {};
        }
    default: return {};
    }
}

Qt::ItemFlags ChecklistModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Item && !m_readOnly)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

bool ChecklistModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::CheckStateRole || index.column() != Item || m_readOnly || !item(index.row()))
        return false;
    Q_EMIT tickToggled(item(index.row())->id, value.toInt() == Qt::Checked);
    return false;
}

QVariant ChecklistModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Status: return tr("Status");
    case Item: return tr("Item");
    case Evidence: return tr("Evidence");
    case SignOff: return tr("Sign-off");
    default: return {};
    }
}

} // namespace opsdeck
