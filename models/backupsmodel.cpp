#include "backupsmodel.h"

#include "core/humantime.h"
#include "core/text.h"

#include <QLocale>

namespace opsdeck {

BackupsModel::BackupsModel(QObject *parent) : QAbstractTableModel(parent) {}

void BackupsModel::setBackups(QList<BackupManifest> backups, const QList<RetentionDecision> &plan, const QDateTime &now)
{
    beginResetModel();
    m_backups = std::move(backups);
    m_now = now;
    m_decisions.clear();
    for (const BackupManifest &b : m_backups) {
        RetentionDecision found{b.id, b.time, b.verified, true, {}};
        for (const RetentionDecision &d : plan)
            if (d.id == b.id)
                found = d;
        m_decisions.append(found);
    }
    endResetModel();
}

int BackupsModel::removalCount() const
{
    return int(std::count_if(m_decisions.cbegin(), m_decisions.cend(), [](const RetentionDecision &d) { return !d.keep; }));
}

int BackupsModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_backups.size()); }
int BackupsModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant BackupsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const BackupManifest &b = m_backups.at(index.row());
    const RetentionDecision &d = m_decisions.at(index.row());
    if (role == WillBeRemovedRole)
        return !d.keep;
    if (role == IdRole)
        return b.id;
    if (role == Qt::ToolTipRole) {
        if (index.column() == Verified && !b.problem.isEmpty())
            return sanitizeForDisplay(b.problem);
        if (index.column() == Time)
            return tr("%1\n%2\nSHA-256 %3").arg(exactTime(b.time), b.id, b.sha256);
        if (index.column() == Encryption && b.isEncrypted())
            return tr("XChaCha20-Poly1305 with the backup key %1; restoring needs the same key").arg(b.keyId);
        return {};
    }
    if (role == Qt::TextAlignmentRole && index.column() == Size)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time: return relativeTime(b.time, m_now);
    case Database: return sanitizeForDisplay(b.database);
    case Size: return QLocale().formattedDataSize(b.sizeBytes, 1, QLocale::DataSizeTraditionalFormat);
    case Verified: return b.verified ? tr("verified") : tr("unverified");
    case Encryption: return b.isEncrypted() ? tr("encrypted (key %1)").arg(b.keyId.left(8)) : tr("none");
    case Location: return sanitizeForDisplay(b.location);
    case Retention: return d.keep ? d.reasons.join(QStringLiteral(", ")) : tr("will be removed");
    default: return {};
    }
}

QVariant BackupsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time: return tr("Time");
    case Database: return tr("Database");
    case Size: return tr("Size");
    case Verified: return tr("Verified");
    case Encryption: return tr("Encryption");
    case Location: return tr("Destination");
    case Retention: return tr("Retention");
    default: return {};
    }
}

} // namespace opsdeck
