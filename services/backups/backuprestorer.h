#pragma once

#include "backups/backupcrypto.h"
#include "backups/backupmanifest.h"
#include "core/result.h"
#include "database/pgconnectioninfo.h"

#include <QCoreApplication>

#include <atomic>
#include <functional>
#include <optional>

namespace opsdeck {

struct RestoreRequest {
    QString dumpPath;  // local file (a remote backup is downloaded first)
    BackupManifest manifest;
    PgConnectionInfo target;  // the database to restore into; created when it does not exist
    QString table;  // empty: everything; else one table ("orders" or "schema.orders")
    std::optional<BackupKey> key;  // for an encrypted backup
    // With a backup key only authenticated backups are restored (a signed manifest, a file bound to
    // its backup); an older one, made before OpsDeck signed them, only when this is set.
    bool allowUnsigned = false;
};

struct RestoreOutcome {
    bool createdDatabase = false;
    bool unsignedBackup = false;  // restored with allowUnsigned: the backup was not authenticated
    qint64 rawBytes = 0;
    qint64 durationMs = 0;
};

// Restores a dump into a named database: decompressed in-process and fed to psql (plain, in one
// transaction with ON_ERROR_STOP) or pg_restore (custom, --single-transaction --exit-on-error)
// through stdin. A failure leaves the target as it was. Blocking: run on a worker thread.
class BackupRestorer
{
    Q_DECLARE_TR_FUNCTIONS(BackupRestorer)

public:
    using ProgressFn = std::function<void(qint64 compressedDone, qint64 total)>;
    static Result<RestoreOutcome> restore(const RestoreRequest &request, const std::atomic<bool> &cancel,
                                          const ProgressFn &progress = {});
    // Creates the database when missing (connecting to the server's "postgres" database). True if created.
    static Result<bool> ensureDatabase(const PgConnectionInfo &target);
};

} // namespace opsdeck
