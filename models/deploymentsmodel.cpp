#include "deploymentsmodel.h"

#include "core/humantime.h"
#include "core/text.h"
#include "tone.h"

#include <algorithm>

namespace opsdeck {

DeploymentsModel::DeploymentsModel(QObject *parent) : QAbstractTableModel(parent) {}

void DeploymentsModel::setDeployments(QList<Deployment> deployments, const QString &currentProductionId,
                                      const QDateTime &now)
{
    // The deployment serving production is pinned at the top; the others stay newest first.
    if (!currentProductionId.isEmpty()) {
        const auto it = std::find_if(deployments.begin(), deployments.end(),
                                     [&](const Deployment &d) { return d.id == currentProductionId; });
        if (it != deployments.end())
            std::rotate(deployments.begin(), it, std::next(it));
    }
    beginResetModel();
    m_items = std::move(deployments);
    m_currentId = currentProductionId;
    m_now = now;
    endResetModel();
}

void DeploymentsModel::appendDeployments(const QList<Deployment> &deployments)
{
    QList<Deployment> fresh;
    for (const Deployment &d : deployments) {
        if (rowOf(d.id) < 0)
            fresh.append(d);
    }
    if (fresh.isEmpty())
        return;
    beginInsertRows({}, int(m_items.size()), int(m_items.size() + fresh.size() - 1));
    m_items.append(fresh);
    endInsertRows();
}

void DeploymentsModel::setCurrentProductionId(const QString &id)
{
    if (id == m_currentId)
        return;
    const int before = rowOf(m_currentId);
    const int after = rowOf(id);
    m_currentId = id;
    for (int row : {before, after}) {
        if (row >= 0)
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

int DeploymentsModel::rowOf(const QString &id) const
{
    if (id.isEmpty())
        return -1;
    for (int i = 0; i < m_items.size(); ++i) {
        if (m_items.at(i).id == id)
            return i;
    }
    return -1;
}

int DeploymentsModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_items.size()); }
int DeploymentsModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant DeploymentsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Deployment &d = m_items.at(index.row());
    const bool current = !m_currentId.isEmpty() && d.id == m_currentId;
    switch (role) {
    case IdRole: return d.id;
    case StateRole: return d.state;
    case IsCurrentRole: return current;
    case RollbackCandidateRole: return d.isRollbackCandidate.value_or(false);
    case MonospaceRole: return index.column() == Commit;
    case Qt::ToolTipRole:
        if (index.column() == Created)
            return exactTime(d.createdAt);
        if (index.column() == Message)
            return sanitizeForDisplay(d.commitMessage, true);
        if (index.column() == Commit)
            return sanitizeForDisplay(d.commitSha);
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case State: return d.state.isEmpty() ? tr("UNKNOWN") : d.state;
    case Target: return current ? tr("%1 · current").arg(d.target) : d.target;
    case Created: return d.createdAt.isValid() ? relativeTime(d.createdAt, m_now) : QString();
    case Commit: return sanitizeForDisplay(d.commitSha.left(7));
    case Message: return sanitizeForDisplay(d.commitMessage.section(QLatin1Char('\n'), 0, 0));
    case Creator: return sanitizeForDisplay(d.creator);
    default: return {};
    }
}

QVariant DeploymentsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case State: return tr("State");
    case Target: return tr("Target");
    case Created: return tr("Created");
    case Commit: return tr("Commit");
    case Message: return tr("Message");
    case Creator: return tr("Creator");
    default: return {};
    }
}

} // namespace opsdeck
