#pragma once

#include "backups/backupmanifest.h"
#include "core/result.h"

#include <QList>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

namespace opsdeck {

// Held while a backup or prune runs on a destination; released when destroyed.
class DestinationLock
{
public:
    virtual ~DestinationLock() = default;
};

using ByteProgress = std::function<void(qint64 done, qint64 total)>;

// Where backups live. Every call blocks: run them on a worker thread, never the GUI thread.
// A destination is used by one thread at a time.
class BackupDestination
{
public:
    virtual ~BackupDestination() = default;

    virtual QString location() const = 0;
    // One lock per destination: a second backup or prune fails fast (Conflict) while one runs.
    virtual Result<std::unique_ptr<DestinationLock>> lock() = 0;
    // Removes what an interrupted run left (".partial" files, unfinished uploads). Call under lock().
    virtual Status cleanStale() = 0;
    // The folder where a new dump is written before publish() (the destination itself for a folder).
    virtual QString stagingFolder() const = 0;
    // Makes the dump and its manifest (both already complete in stagingFolder()) part of the
    // destination, never leaving a partial object under the final name; checks the stored checksum.
    virtual Status publish(const BackupManifest &manifest, const std::atomic<bool> &cancel, const ByteProgress &progress) = 0;
    virtual Result<QList<BackupManifest>> list() = 0;
    // A local path to read the dump from; for remote stores a downloaded temporary copy that the
    // caller removes with releaseLocalCopy().
    virtual Result<QString> localCopy(const BackupManifest &manifest, const std::atomic<bool> &cancel) = 0;
    virtual void releaseLocalCopy(const QString &path) { Q_UNUSED(path); }
    virtual Status updateManifest(const BackupManifest &manifest) = 0;
    virtual Status remove(const BackupManifest &manifest) = 0;
};

} // namespace opsdeck
