#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

namespace opsdeck {

// One stored health probe: when, which URL, how long it took.
struct HealthSample {
    QDateTime at;
    QString url;
    double latencyMs = 0;
};

// The stored health probes (metric "health.latencyMs"), newest first, for the Health page.
class HealthHistoryModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HealthHistoryModel)
public:
    enum Column { Time, Url, Latency, ColumnCount };

    explicit HealthHistoryModel(QObject *parent = nullptr);

    void setSamples(QList<HealthSample> samples);  // any order; shown newest first
    const HealthSample &sample(int row) const { return m_samples.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<HealthSample> m_samples;
};

} // namespace opsdeck
