#pragma once

#include "logs/loganalysis.h"

#include <QAbstractTableModel>

namespace opsdeck {

// IPs whose 401/403/404 share or burst stands out, with the reason.
class SuspiciousIpsModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SuspiciousIpsModel)
public:
    enum Column { Ip, Kind, Requests, Reason, ColumnCount };

    explicit SuspiciousIpsModel(QObject *parent = nullptr);
    void setIps(QList<SuspiciousIp> ips);
    const SuspiciousIp &ip(int row) const { return m_ips.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<SuspiciousIp> m_ips;
};

} // namespace opsdeck
