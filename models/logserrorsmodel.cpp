#include "logserrorsmodel.h"

#include "core/text.h"

namespace opsdeck {

LogsErrorsModel::LogsErrorsModel(QObject *parent) : QAbstractTableModel(parent) {}

void LogsErrorsModel::setErrors(QList<AppErrorType> appErrors, QList<PathErrors> paths)
{
    beginResetModel();
    m_app = std::move(appErrors);
    m_paths = std::move(paths);
    endResetModel();
}

int LogsErrorsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_app.size() + m_paths.size());
}

int LogsErrorsModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant LogsErrorsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role == Qt::TextAlignmentRole && index.column() == Count)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const int row = index.row();
    if (row < m_app.size()) {
        const AppErrorType &e = m_app.at(row);
        switch (index.column()) {
        case Source: return tr("app log");
        case What: return e.type;
        case Count: return QString::number(e.count);
        case Detail: return e.sample;
        default: return {};
        }
    }
    const PathErrors &p = m_paths.at(row - m_app.size());
    switch (index.column()) {
    case Source: return tr("access log");
    case What: return sanitizeForDisplay(p.path);
    case Count: return QString::number(p.total());
    case Detail: return tr("%1 × 4xx, %2 × 5xx").arg(p.clientErrors).arg(p.serverErrors);
    default: return {};
    }
}

QVariant LogsErrorsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Source: return tr("Source");
    case What: return tr("Error type / path");
    case Count: return tr("Count");
    case Detail: return tr("Detail");
    default: return {};
    }
}

} // namespace opsdeck
