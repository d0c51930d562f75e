#include "costpricemodel.h"

#include <cmath>

namespace opsdeck {

CostPriceModel::CostPriceModel(QObject *parent) : QAbstractTableModel(parent) {}

void CostPriceModel::setTable(const PriceTable &table)
{
    beginResetModel();
    m_table = table;
    m_rows = table.prices();
    endResetModel();
    setModified(false);
}

PriceTable CostPriceModel::table() const
{
    PriceTable t = m_table;
    t.setPrices(m_rows);
    if (m_modified)
        t.setAsOf(m_editDate);
    return t;
}

void CostPriceModel::setModified(bool modified)
{
    if (m_modified == modified)
        return;
    m_modified = modified;
    Q_EMIT modifiedChanged(modified);
}

double *CostPriceModel::priceField(ModelPrice &p, int column)
{
    switch (column) {
    case Input: return &p.inputUsd;
    case CachedInput: return &p.cachedInputUsd;
    case CacheWrite5m: return &p.cacheWrite5mUsd;
    case CacheWrite1h: return &p.cacheWrite1hUsd;
    case Output: return &p.outputUsd;
    default: return nullptr;
    }
}

int CostPriceModel::addModel(const QString &provider, const QString &model)
{
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    ModelPrice p;
    p.provider = provider;
    p.model = model;
    p.asOf = m_editDate;
    m_rows.append(p);
    endInsertRows();
    setModified(true);
    return row;
}

void CostPriceModel::removeModel(int row)
{
    if (row < 0 || row >= m_rows.size())
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    setModified(true);
}

int CostPriceModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }
int CostPriceModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant CostPriceModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    ModelPrice p = m_rows.at(index.row());
    const int col = index.column();
    if (role == Qt::TextAlignmentRole && priceField(p, col))
        return (Qt::AlignRight | Qt::AlignVCenter).toInt();
    if (role == Qt::ToolTipRole && col == Note && !p.note.isEmpty())
        return p.note;
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    if (double *v = priceField(p, col))
        return role == Qt::EditRole ? QVariant(*v) : QVariant(QString::number(*v, 'f', *v < 1 ? 3 : 2));
    switch (col) {
    case Provider: return p.provider;
    case Model: return p.model;
    case AsOf: return role == Qt::EditRole ? QVariant(p.asOf) : QVariant(p.asOf.toString(Qt::ISODate));
    case Note: return p.note;
    default: return {};
    }
}

bool CostPriceModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    ModelPrice &p = m_rows[index.row()];
    const int col = index.column();
    if (double *field = priceField(p, col)) {
        bool ok = false;
        const double v = value.toDouble(&ok);
        if (!ok || !std::isfinite(v) || v < 0 || v >= 10000)
            return false;
        if (*field == v)
            return true;
        *field = v;
    } else if (col == Model || col == Provider) {
        const QString text = value.toString().trimmed();
        if (text.isEmpty())
            return false;
        (col == Model ? p.model : p.provider) = text;
    } else if (col == Note) {
        p.note = value.toString();
    } else {
        return false;
    }
    p.asOf = m_editDate;
    Q_EMIT dataChanged(index.siblingAtColumn(0), index.siblingAtColumn(ColumnCount - 1));
    setModified(true);
    return true;
}

Qt::ItemFlags CostPriceModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() != AsOf)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant CostPriceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Provider: return tr("Provider");
    case Model: return tr("Model");
    case Input: return tr("Input");
    case CachedInput: return tr("Cache hit");
    case CacheWrite5m: return tr("Cache write 5m");
    case CacheWrite1h: return tr("Cache write 1h");
    case Output: return tr("Output");
    case AsOf: return tr("As of");
    case Note: return tr("Note");
    default: return {};
    }
}

} // namespace opsdeck
