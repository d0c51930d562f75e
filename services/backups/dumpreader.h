#pragma once

#include "backups/backupcrypto.h"
#include "backups/gzipstream.h"
#include "core/result.h"

#include <QCoreApplication>
#include <QFile>

#include <memory>
#include <optional>

namespace opsdeck {

// Reads a backup file back as pg_dump's output: decrypted on the way when the file is encrypted
// (recognised by its header, whatever the manifest says), then decompressed. The checksum and size
// are of the bytes in the file, as the manifest records them.
class DumpReader
{
    Q_DECLARE_TR_FUNCTIONS(DumpReader)

public:
    // binding: the backup's identity (BackupManifest::binding()), which an encrypted file of the
    // current format must carry.
    static Result<std::unique_ptr<DumpReader>> open(const QString &path, const std::optional<BackupKey> &key,
                                                    const QByteArray &binding = {});
    ~DumpReader();
    Q_DISABLE_COPY_MOVE(DumpReader)

    // Appends up to about `max` bytes of the dump to out. False at the end of the stream.
    Result<bool> read(QByteArray &out, qsizetype max = 1 << 20);
    bool atEnd() const { return m_gzip->atEnd(); }
    qint64 fileBytes() const;
    QByteArray fileSha256Hex() const;
    qint64 rawBytes() const { return m_gzip->rawBytes(); }
    bool encrypted() const { return m_decrypt != nullptr; }
    bool bound() const { return m_decrypt && m_decrypt->bound(); }  // encrypted and tied to its backup

private:
    DumpReader() = default;

    QFile m_file;
    std::unique_ptr<DecryptingReader> m_decrypt;
    std::unique_ptr<GzipReader> m_gzip;
};

} // namespace opsdeck
