#include "logsrotationmodel.h"

#include "core/text.h"


namespace opsdeck {

LogsRotationModel::LogsRotationModel(QObject *parent) : QAbstractTableModel(parent) {}

void LogsRotationModel::setPlan(const RotationPlan &plan)
{
    beginResetModel();
    m_plan = plan;
    m_outcomes.clear();
    endResetModel();
}

void LogsRotationModel::setReport(const RotationReport &report)
{
    beginResetModel();
    m_outcomes = report.outcomes;
    m_plan.items.clear();
    for (const RotationOutcome &o : report.outcomes)
        m_plan.items << o.item;
    endResetModel();
}

int LogsRotationModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_plan.items.size()); }
int LogsRotationModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant LogsRotationModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RotationItem &item = m_plan.items.at(index.row());
    const RotationOutcome *outcome = index.row() < m_outcomes.size() ? &m_outcomes.at(index.row()) : nullptr;
    if (role == Qt::UserRole)
        return int(item.action);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case File: return sanitizeForDisplay(item.file);
    case Age: return RotationPlanner::formatAge(item.ageMs);
    case Action: return RotationPlanner::actionName(item.action);
    case Reason: return sanitizeForDisplay(item.reason);
    case Result:
        if (!outcome)
            return QString();
        return !outcome->error.isEmpty() ? sanitizeForDisplay(outcome->error) : outcome->done ? tr("done") : QString();
    default: return {};
    }
}

QVariant LogsRotationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case File: return tr("File");
    case Age: return tr("Age");
    case Action: return tr("Action");
    case Reason: return tr("Reason");
    case Result: return tr("Result");
    default: return {};
    }
}

} // namespace opsdeck
