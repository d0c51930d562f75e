#include "topipsmodel.h"

#include "core/text.h"

namespace opsdeck {

TopIpsModel::TopIpsModel(QObject *parent) : QAbstractTableModel(parent) {}

void TopIpsModel::setIps(QList<IpCount> ips, quint64 totalRequests)
{
    beginResetModel();
    m_ips = std::move(ips);
    m_total = totalRequests;
    endResetModel();
}

int TopIpsModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_ips.size()); }
int TopIpsModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant TopIpsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const IpCount &ip = m_ips.at(index.row());
    const double share = m_total ? 100.0 * double(ip.count) / double(m_total) : 0.0;
    if (role == Qt::TextAlignmentRole && index.column() != Ip)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::UserRole)  // raw values for sorting and tests
        return index.column() == Ip ? QVariant(ip.ip) : index.column() == Requests ? QVariant(ip.count) : QVariant(share);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Ip: return sanitizeForDisplay(ip.ip);
    case Requests: return QString::number(ip.count);
    case Share: return QString(QString::number(share, 'f', 2) + QStringLiteral(" %"));
    default: return {};
    }
}

QVariant TopIpsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Ip: return tr("IP");
    case Requests: return tr("Requests");
    case Share: return tr("Share");
    default: return {};
    }
}

} // namespace opsdeck
