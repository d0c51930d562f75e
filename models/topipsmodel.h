#pragma once

#include "logs/loganalysis.h"

#include <QAbstractTableModel>

namespace opsdeck {

// The busiest client IPs of an access-log analysis.
class TopIpsModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TopIpsModel)
public:
    enum Column { Ip, Requests, Share, ColumnCount };

    explicit TopIpsModel(QObject *parent = nullptr);
    void setIps(QList<IpCount> ips, quint64 totalRequests);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<IpCount> m_ips;
    quint64 m_total = 0;
};

} // namespace opsdeck
