#pragma once

#include "costs/costanalysis.h"
#include "costs/costseries.h"

#include <QAbstractTableModel>
#include <QHash>

namespace opsdeck {

// The costs table beside the chart: one row per day (newest first), one column per provider or
// model, the day's total and a note for spikes. The chart is built from breakdown(), the same
// grid, so the two agree to the cent.
class CostTableModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostTableModel)
public:
    enum Role { CentsRole = Qt::UserRole + 1, DayRole, SpikeRole };

    explicit CostTableModel(QObject *parent = nullptr);

    void setSeries(const CostSeries &series, CostGrouping grouping, const QList<Spike> &spikes,
                   double thresholdUsd = 50.0);
    const CostBreakdown &breakdown() const { return m_breakdown; }
    const CostSeries &series() const { return m_series; }

    // Columns: 0 = date, 1..keys = series, then total, then note.
    int totalColumn() const { return int(m_breakdown.keys.size()) + 1; }
    int noteColumn() const { return totalColumn() + 1; }
    int rowOfDay(QDate day) const;  // -1 when not shown
    QDate dayOfRow(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // "$1,234.56", "-$12.50".
    static QString formatUsd(qint64 cents);
    static QString formatUsd(double usd);
    static QString providerLabel(const QString &provider);

private:
    QString cellTip(int dayIndex, int key) const;
    QString spikeNote(const Spike &s) const;

    CostSeries m_series;
    CostBreakdown m_breakdown;
    QHash<QDate, Spike> m_spikes;
    double m_thresholdUsd = 50.0;
};

} // namespace opsdeck
