#include "suspiciousipsmodel.h"

#include "core/text.h"

namespace opsdeck {

SuspiciousIpsModel::SuspiciousIpsModel(QObject *parent) : QAbstractTableModel(parent) {}

void SuspiciousIpsModel::setIps(QList<SuspiciousIp> ips)
{
    beginResetModel();
    m_ips = std::move(ips);
    endResetModel();
}

int SuspiciousIpsModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_ips.size()); }
int SuspiciousIpsModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant SuspiciousIpsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SuspiciousIp &s = m_ips.at(index.row());
    if (role == Qt::ToolTipRole)
        return sanitizeForDisplay(s.reason);
    if (role == Qt::TextAlignmentRole && index.column() == Requests)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Ip: return sanitizeForDisplay(s.ip);
    case Kind:
        return s.kind == QLatin1String("auth") ? tr("401/403/404 share") : s.kind == QLatin1String("burst") ? tr("burst") : tr("volume");
    case Requests: return QString::number(s.requests);
    case Reason: return sanitizeForDisplay(s.reason);
    default: return {};
    }
}

QVariant SuspiciousIpsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Ip: return tr("IP");
    case Kind: return tr("Why");
    case Requests: return tr("Requests");
    case Reason: return tr("Details");
    default: return {};
    }
}

} // namespace opsdeck
