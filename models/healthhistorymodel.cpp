#include "healthhistorymodel.h"

#include "core/text.h"
#include "net/redactor.h"

#include <algorithm>

namespace opsdeck {

HealthHistoryModel::HealthHistoryModel(QObject *parent) : QAbstractTableModel(parent) {}

void HealthHistoryModel::setSamples(QList<HealthSample> samples)
{
    std::stable_sort(samples.begin(), samples.end(), [](const HealthSample &a, const HealthSample &b) { return a.at > b.at; });
    beginResetModel();
    m_samples = std::move(samples);
    endResetModel();
}

int HealthHistoryModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_samples.size()); }
int HealthHistoryModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant HealthHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HealthSample &s = m_samples.at(index.row());
    if (role == Qt::TextAlignmentRole && index.column() == Latency)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time: return s.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Url: return Redactor::global().redact(sanitizeForDisplay(s.url));
    case Latency: return tr("%1 ms").arg(s.latencyMs, 0, 'f', 0);
    default: return {};
    }
}

QVariant HealthHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time: return tr("Time");
    case Url: return tr("URL");
    case Latency: return tr("Latency");
    default: return {};
    }
}

} // namespace opsdeck
