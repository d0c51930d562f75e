#include "buildlogmodel.h"

#include "tone.h"

namespace opsdeck {

namespace {
QString lineText(const BuildEvent &e)
{
    return e.created.toLocalTime().toString(QStringLiteral("HH:mm:ss")) + QStringLiteral("  ") + e.text;
}
} // namespace

BuildLogModel::BuildLogModel(QObject *parent) : QAbstractListModel(parent) {}

void BuildLogModel::clear()
{
    beginResetModel();
    m_events.clear();
    m_failing = 0;
    endResetModel();
}

void BuildLogModel::append(const QList<BuildEvent> &events)
{
    if (events.isEmpty())
        return;
    beginInsertRows({}, int(m_events.size()), int(m_events.size() + events.size() - 1));
    for (const BuildEvent &e : events) {
        m_events.append(e);
        m_failing += e.failing ? 1 : 0;
    }
    endInsertRows();
}

QString BuildLogModel::text(const QList<int> &rows) const
{
    QStringList lines;
    if (rows.isEmpty()) {
        for (const BuildEvent &e : m_events)
            lines << lineText(e);
    } else {
        for (int row : rows)
            lines << lineText(m_events.at(row));
    }
    return lines.join(QLatin1Char('\n')) + (lines.isEmpty() ? QString() : QStringLiteral("\n"));
}

int BuildLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

QVariant BuildLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_events.size())
        return {};
    const BuildEvent &e = m_events.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return lineText(e);
    case Qt::ToolTipRole:
        return QString(e.created.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")) + QStringLiteral(" · ") + e.type);
    case ToneRole:
        return int(e.failing ? Tone::Bad : e.type == QLatin1String("command") ? Tone::Muted : Tone::Neutral);
    case FailingRole:
        return e.failing;
    case TypeRole:
        return e.type;
    case TextRole:
        return e.text;
    default:
        return {};
    }
}

BuildLogFilter::BuildLogFilter(QObject *parent) : QSortFilterProxyModel(parent) {}

void BuildLogFilter::setSearch(const QString &text)
{
    m_search = text.trimmed();
    invalidateFilter();
}

void BuildLogFilter::setFailingOnly(bool on)
{
    m_failingOnly = on;
    invalidateFilter();
}

bool BuildLogFilter::filterAcceptsRow(int row, const QModelIndex &parent) const
{
    const QModelIndex i = sourceModel()->index(row, 0, parent);
    if (m_failingOnly && !i.data(BuildLogModel::FailingRole).toBool())
        return false;
    return m_search.isEmpty() || i.data(BuildLogModel::TextRole).toString().contains(m_search, Qt::CaseInsensitive);
}

} // namespace opsdeck
