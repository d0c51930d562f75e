#pragma once

#include "backups/backupcrypto.h"
#include "backups/backupmanifest.h"
#include "core/result.h"
#include "database/pgconnectioninfo.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QMap>

#include <atomic>
#include <functional>
#include <optional>

namespace opsdeck {

struct DumpRequest {
    PgConnectionInfo database;
    QString folder;  // where <id>.sql.gz is written (created if missing)
    QString format = QStringLiteral("plain");  // plain | custom
    int compressionLevel = 6;  // gzip's default
    QDateTime time;  // the backup's timestamp (UTC); the id is derived from it
    QString serverVersion;  // recorded in the manifest when known
    std::optional<BackupKey> encryptWith;  // set: the gzip bytes are encrypted before they reach the disk
    QMap<QString, qint64> tables;  // recorded in the manifest for the restore test
};

struct DumpProgress {
    qint64 rawBytes = 0;
    qint64 compressedBytes = 0;
    qint64 elapsedMs = 0;
};

// The dump itself, blocking (run it on a worker thread): pg_dump (QProcess, argument list, password
// in a temporary PGPASSFILE) → gzip in-process with SHA-256 on the way → <id>.<ext>.partial → fsync →
// the end marker checked (plain) → the file read back and compared (CRC-32 of the bytes written) → rename to the final
// name → fsync of the folder → <id>.manifest.json written the same way. On any failure or cancel the
// .partial file is removed and nothing exists under the final name. Memory stays bounded: pg_dump
// is read in 1 MiB slices and blocks on its pipe while a slice is compressed.
class DumpPipeline
{
    Q_DECLARE_TR_FUNCTIONS(DumpPipeline)

public:
    using ProgressFn = std::function<void(const DumpProgress &)>;
    using StartedFn = std::function<void(qint64 pid)>;

    static Result<BackupManifest> run(const DumpRequest &request, const std::atomic<bool> &cancel,
                                      const ProgressFn &progress = {}, const StartedFn &started = {});
    // Re-reads a file and returns its SHA-256 (hex).
    static Result<QString> sha256OfFile(const QString &path, const std::atomic<bool> &cancel);
    // Re-reads a file and returns its CRC-32 (zlib's).
    static Result<quint32> crc32OfFile(const QString &path, const std::atomic<bool> &cancel);
};

} // namespace opsdeck
