#include "errorgroupsmodel.h"

#include "core/humantime.h"
#include "core/text.h"
#include "tone.h"

namespace opsdeck {

namespace {
QString when(const QDateTime &t)
{
    return t.isValid() ? exactTime(t) : QStringLiteral("—");
}

QString statuses(const QList<int> &codes)
{
    QStringList parts;
    for (int c : codes)
        parts << QString::number(c);
    return parts.join(QStringLiteral(", "));
}
} // namespace

ErrorGroupsModel::ErrorGroupsModel(QObject *parent) : QAbstractTableModel(parent) {}

void ErrorGroupsModel::setGroups(QList<ErrorGroup> groups, const QDateTime &now)
{
    beginResetModel();
    m_groups = std::move(groups);
    m_now = now;
    endResetModel();
}

int ErrorGroupsModel::totalErrors() const
{
    int n = 0;
    for (const ErrorGroup &g : m_groups)
        n += g.count;
    return n;
}

QString ErrorGroupsModel::detailText(int row) const
{
    if (row < 0 || row >= m_groups.size())
        return {};
    const ErrorGroup &g = m_groups.at(row);
    QStringList lines;
    lines << tr("Signature: %1").arg(sanitizeForDisplay(g.signature))
          << tr("Occurrences: %1 (first %2, last %3)").arg(g.count).arg(when(g.firstSeen), when(g.lastSeen));
    if (!g.statusCodes.isEmpty())
        lines << tr("Status codes: %1").arg(statuses(g.statusCodes));
    lines << QString() << tr("Sample message:") << sanitizeForDisplay(g.sample, true) << QString()
          << tr("Request paths (most frequent first):");
    for (const QString &path : g.paths)
        lines << QStringLiteral("  ") + sanitizeForDisplay(path);
    if (g.paths.isEmpty())
        lines << tr("  (none recorded)");
    return lines.join(QLatin1Char('\n'));
}

int ErrorGroupsModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_groups.size()); }
int ErrorGroupsModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ErrorGroupsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ErrorGroup &g = m_groups.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Count: return g.count;
        case Signature: return sanitizeForDisplay(g.signature);
        case FirstSeen: return g.firstSeen.isValid() ? relativeTime(g.firstSeen, m_now) : QStringLiteral("—");
        case LastSeen: return g.lastSeen.isValid() ? relativeTime(g.lastSeen, m_now) : QStringLiteral("—");
        case Paths: return sanitizeForDisplay(g.paths.join(QStringLiteral(", ")));
        case Statuses: return statuses(g.statusCodes);
        default: return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == FirstSeen || index.column() == LastSeen)
            return exactTime(index.column() == FirstSeen ? g.firstSeen : g.lastSeen);
        return index.column() == Signature ? sanitizeForDisplay(g.sample) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == Count ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case CountRole:
        return g.count;
    case ToneRole:
        return int(index.column() == Count ? Tone::Bad : Tone::Neutral);
    default:
        return {};
    }
}

QVariant ErrorGroupsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Count: return tr("Count");
    case Signature: return tr("Signature");
    case FirstSeen: return tr("First seen");
    case LastSeen: return tr("Last seen");
    case Paths: return tr("Paths");
    case Statuses: return tr("Status");
    default: return {};
    }
}

} // namespace opsdeck
