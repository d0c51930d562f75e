#pragma once

#include "backups/backupdestination.h"

#include <QCoreApplication>

namespace opsdeck {

// Backups in a local folder: <id>.sql.gz (or .dump.gz) and <id>.manifest.json, written under a
// ".partial" name, fsynced and renamed; a lock file (QLockFile, stale locks of dead processes are taken
// over) guards runs and prunes.
class FolderDestination final : public BackupDestination
{
    Q_DECLARE_TR_FUNCTIONS(FolderDestination)

public:
    explicit FolderDestination(QString folder);

    QString location() const override { return m_folder; }
    Result<std::unique_ptr<DestinationLock>> lock() override;
    Status cleanStale() override;
    QString stagingFolder() const override { return m_folder; }
    Status publish(const BackupManifest &manifest, const std::atomic<bool> &cancel, const ByteProgress &progress) override;
    Result<QList<BackupManifest>> list() override;
    Result<QString> localCopy(const BackupManifest &manifest, const std::atomic<bool> &cancel) override;
    Status updateManifest(const BackupManifest &manifest) override;
    Status remove(const BackupManifest &manifest) override;

    // Writes data to <folder>/<name> atomically: <name>.partial, fsync, rename, fsync of the folder.
    static Status writeAtomically(const QString &folder, const QString &name, const QByteArray &data);
    static Status syncFolder(const QString &folder);

private:
    QString m_folder;
};

} // namespace opsdeck
