#pragma once

#include "backups/backupcrypto.h"
#include "backups/backupmanifest.h"
#include "core/result.h"

#include <QCoreApplication>

#include <atomic>
#include <functional>
#include <optional>

namespace opsdeck {

struct VerifyReport {
    bool ok = false;
    bool checksumMatches = false;
    bool complete = false;  // gzip stream intact and the dump's end checked
    qint64 rawBytes = 0;
    QString problem;  // for people, when !ok
};

// Reads a dump fully: SHA-256 of the file against the manifest, gzip decompressed to the end (CRC and
// length), then the end marker of a plain dump or `pg_restore --list` over a custom one (fed through
// its stdin, nothing written to disk). Blocking: run on a worker thread.
class BackupVerifier
{
    Q_DECLARE_TR_FUNCTIONS(BackupVerifier)

public:
    using ProgressFn = std::function<void(qint64 compressedDone, qint64 total)>;
    // An encrypted file is decrypted with `key` on the way (every piece authenticated). A missing or
    // wrong key is an error, not a finding about the backup.
    static Result<VerifyReport> verify(const QString &path, const BackupManifest &manifest,
                                       const std::optional<BackupKey> &key, const std::atomic<bool> &cancel,
                                       const ProgressFn &progress = {});
};

} // namespace opsdeck
