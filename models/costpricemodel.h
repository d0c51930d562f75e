#pragma once

#include "costs/pricetable.h"

#include <QAbstractTableModel>

namespace opsdeck {

// The editable price table (USD per 1M tokens). An edited row is dated with the edit date.
class CostPriceModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostPriceModel)
public:
    enum Column { Provider, Model, Input, CachedInput, CacheWrite5m, CacheWrite1h, Output, AsOf, Note, ColumnCount };

    explicit CostPriceModel(QObject *parent = nullptr);

    void setTable(const PriceTable &table);
    // The edited table, dated editDate() when anything changed.
    PriceTable table() const;
    bool isModified() const { return m_modified; }
    void setEditDate(QDate date) { m_editDate = date; }
    QDate editDate() const { return m_editDate; }

    // Appends an empty row for a new model; returns its row.
    int addModel(const QString &provider, const QString &model);
    void removeModel(int row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

Q_SIGNALS:
    void modifiedChanged(bool modified);

private:
    void setModified(bool modified);
    static double *priceField(ModelPrice &p, int column);

    PriceTable m_table;
    QList<ModelPrice> m_rows;
    QDate m_editDate = QDate::currentDate();
    bool m_modified = false;
};

} // namespace opsdeck
