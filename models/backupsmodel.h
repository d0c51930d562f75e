#pragma once

#include "backups/backupmanifest.h"
#include "backups/retentionplanner.h"

#include <QAbstractTableModel>
#include <QDateTime>

namespace opsdeck {

// Backups in a destination, newest first, each with the retention rule that keeps it or "will be
// removed" (from the same plan a prune executes).
class BackupsModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackupsModel)
public:
    enum Column { Time, Database, Size, Verified, Encryption, Location, Retention, ColumnCount };
    static constexpr int WillBeRemovedRole = Qt::UserRole + 1;
    static constexpr int IdRole = Qt::UserRole + 2;

    explicit BackupsModel(QObject *parent = nullptr);

    void setBackups(QList<BackupManifest> backups, const QList<RetentionDecision> &plan, const QDateTime &now);
    const BackupManifest &backup(int row) const { return m_backups.at(row); }
    int removalCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<BackupManifest> m_backups;
    QList<RetentionDecision> m_decisions;  // aligned with m_backups
    QDateTime m_now;
};

} // namespace opsdeck
