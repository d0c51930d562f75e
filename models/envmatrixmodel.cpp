#include "envmatrixmodel.h"

#include "tone.h"

namespace opsdeck {

namespace {
QString daysAgo(const QDateTime &then, const QDateTime &now)
{
    if (!then.isValid())
        return {};
    const qint64 days = then.daysTo(now);
    if (days <= 0)
        return EnvMatrixModel::tr("today");
    return days == 1 ? EnvMatrixModel::tr("1 day ago") : EnvMatrixModel::tr("%1 days ago").arg(days);
}
} // namespace

EnvMatrixModel::EnvMatrixModel(QObject *parent) : QAbstractTableModel(parent) {}

void EnvMatrixModel::setReport(const EnvironmentReport &report, const QDateTime &now)
{
    beginResetModel();
    m_report = report;
    m_now = now;
    endResetModel();
}

int EnvMatrixModel::rowOf(const QString &key) const
{
    for (int i = 0; i < m_report.rows.size(); ++i) {
        if (m_report.rows.at(i).key == key)
            return i;
    }
    return -1;
}

int EnvMatrixModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_report.rows.size());
}

int EnvMatrixModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString EnvMatrixModel::targetOf(int column)
{
    switch (column) {
    case Production:
        return QStringLiteral("production");
    case Preview:
        return QStringLiteral("preview");
    case Development:
        return QStringLiteral("development");
    default:
        return {};
    }
}

bool EnvMatrixModel::differs(const EnvRow &row) const
{
    return m_report.productionVsPreview.onlyInA.contains(row.key) || m_report.productionVsPreview.onlyInB.contains(row.key);
}

QVariant EnvMatrixModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_report.rows.size())
        return {};
    const EnvRow &row = m_report.rows.at(index.row());
    const bool rowDiffers = differs(row);
    const auto link = m_report.credentials.constFind(row.key);
    const bool linked = link != m_report.credentials.cend();
    if (role == KeyRole)
        return row.key;
    if (role == DiffersRole)
        return rowDiffers;
    if (role == CredentialRole)
        return linked ? link->credential : QString();
    const int column = index.column();
    const QString target = targetOf(column);
    if (!target.isEmpty()) {
        const bool set = row.setFor(target);
        // "missing" only where the other deployed target has it: a development-only name is normal.
        const bool missing = !set && rowDiffers && target != QLatin1String("development");
        if (role == Qt::DisplayRole) {
            if (set) {
                if (target == QLatin1String("preview") && !row.branches.isEmpty())
                    return tr("set (%1)").arg(row.branches.join(QStringLiteral(", ")));
                return tr("set");
            }
            return missing ? tr("missing") : QStringLiteral("—");
        }
        if (role == ToneRole)
            return int(set ? Tone::Good : missing ? Tone::Bad : Tone::Muted);
        if (role == Qt::ToolTipRole && missing)
            return tr("%1 is set for %2 but not for %3: a deployment to %3 will not see it")
                .arg(row.key, target == QLatin1String("production") ? tr("preview") : tr("production"), target);
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignCenter);
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Name:
            return row.key;
        case Type:
            return row.types.join(QStringLiteral(", "));
        case Updated:
            return daysAgo(row.updatedAt, m_now);
        case Credential:
            if (!linked)
                return QString();
            if (link->storedAt.isValid())
                return tr("%1 · rotated %2").arg(link->credential, daysAgo(link->storedAt, m_now));
            if (link->source == QLatin1String("environment"))
                return tr("%1 · from the environment, age unknown").arg(link->credential);
            if (link->source == QLatin1String("demo"))
                return tr("%1 · demo value").arg(link->credential);
            if (link->source == QLatin1String("unavailable"))
                return tr("%1 · keychain unavailable").arg(link->credential);
            return tr("%1 · not stored in OpsDeck").arg(link->credential);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (column == Updated && row.updatedAt.isValid())
            return row.updatedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
        if (column == Credential && linked)
            return tr("%1, rotated from OpsDeck's Credentials page%2")
                .arg(link->label, link->due.isValid() ? tr("; due %1").arg(link->due.toString(Qt::ISODate)) : QString());
        return {};
    case ToneRole:
        if (column == Name && rowDiffers)
            return int(Tone::Warning);
        if (column == Credential && linked && link->due.isValid() && link->due <= m_now.date())
            return int(Tone::Bad);
        return int(Tone::Neutral);
    default:
        return {};
    }
}

QVariant EnvMatrixModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Type:
        return tr("Type");
    case Production:
        return tr("Production");
    case Preview:
        return tr("Preview");
    case Development:
        return tr("Development");
    case Updated:
        return tr("Last change");
    case Credential:
        return tr("Credential");
    default:
        return {};
    }
}

} // namespace opsdeck
