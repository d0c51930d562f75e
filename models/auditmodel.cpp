#include "auditmodel.h"

#include "core/humantime.h"

#include <QJsonDocument>

namespace opsdeck {

AuditModel::AuditModel(QObject *parent) : QAbstractTableModel(parent) {}

void AuditModel::setEntries(QList<AuditEntry> entries, const QDateTime &now)
{
    beginResetModel();
    m_entries = std::move(entries);
    m_now = now;
    endResetModel();
}

int AuditModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_entries.size()); }
int AuditModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant AuditModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditEntry &e = m_entries.at(index.row());
    if (role == Qt::ToolTipRole && index.column() == Details)
        return QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Indented));
    if (role == Qt::ToolTipRole && index.column() == Time)
        return exactTime(e.at);
    if (role == Qt::ToolTipRole && index.column() == Seq)
        return tr("hash %1").arg(e.hash);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Seq: return e.seq;
    case Time: return relativeTime(e.at, m_now);
    case Actor: return e.actor;
    case Action: return e.action;
    case Target: return e.target;
    case Details: return QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact));
    default: return {};
    }
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Seq: return tr("#");
    case Time: return tr("Time");
    case Actor: return tr("Who");
    case Action: return tr("Action");
    case Target: return tr("Target");
    case Details: return tr("Details");
    default: return {};
    }
}

} // namespace opsdeck
