#include "backups/dumppipeline.h"

#include "backups/folderdestination.h"
#include "backups/gzipstream.h"
#include "backups/pgtools.h"
#include "backups/privatefolder.h"
#include "backups/sha256.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

namespace opsdeck {

namespace {

constexpr qsizetype kSlice = 1 << 20;
[[maybe_unused]] constexpr qint64 kWriteback = 8 << 20;

// Removes the partial file unless released (the success path renames it away first).
struct PartialGuard {
    QString path;
    ~PartialGuard()
    {
        if (!path.isEmpty())
            QFile::remove(path);
    }
};

} // namespace

Result<QString> DumpPipeline::sha256OfFile(const QString &path, const std::atomic<bool> &cancel)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::Io, tr("Cannot read %1").arg(path), f.errorString());
    Sha256 hash;
    QByteArray buffer(kSlice, Qt::Uninitialized);
    for (;;) {
        if (cancel.load())
            return makeError(ErrorKind::Cancelled, tr("Cancelled"));
        const qint64 n = f.read(buffer.data(), buffer.size());
        if (n < 0)
            return makeError(ErrorKind::Io, tr("Cannot read %1").arg(path), f.errorString());
        if (n == 0)
            break;
        hash.add(buffer.constData(), n);
    }
    return QString::fromLatin1(hash.hex());
}

Result<quint32> DumpPipeline::crc32OfFile(const QString &path, const std::atomic<bool> &cancel)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::Io, tr("Cannot read %1").arg(path), f.errorString());
    uLong crc = crc32(0, nullptr, 0);
    QByteArray buffer(kSlice, Qt::Uninitialized);
    for (;;) {
        if (cancel.load())
            return makeError(ErrorKind::Cancelled, tr("Cancelled"));
        const qint64 n = f.read(buffer.data(), buffer.size());
        if (n < 0)
            return makeError(ErrorKind::Io, tr("Cannot read %1").arg(path), f.errorString());
        if (n == 0)
            break;
        crc = crc32(crc, reinterpret_cast<const Bytef *>(buffer.constData()), uInt(n));
    }
    return quint32(crc);
}

Result<BackupManifest> DumpPipeline::run(const DumpRequest &request, const std::atomic<bool> &cancel,
                                         const ProgressFn &progress, const StartedFn &started)
{
    if (Status s = request.database.validate(); !s)
        return s.error();
    if (request.format != QLatin1String("plain") && request.format != QLatin1String("custom"))
        return makeError(ErrorKind::Config, tr("Unknown dump format \"%1\" (plain or custom)").arg(request.format));
    auto pgDump = PgTools::require(QStringLiteral("pg_dump"));
    if (!pgDump)
        return pgDump.error();
    if (Status s = PrivateFolder::make(request.folder); !s)
        return s.error();

    BackupManifest m;
    m.database = request.database.database;
    m.time = (request.time.isValid() ? request.time : QDateTime::currentDateTimeUtc()).toUTC();
    m.time.setTime(QTime(m.time.time().hour(), m.time.time().minute(), m.time.time().second()));
    m.id = BackupManifest::makeId(m.database, m.time);
    m.format = request.format;
    const bool encrypt = request.encryptWith.has_value();
    m.fileName = BackupManifest::dumpName(m.id, m.format, encrypt);
    if (encrypt) {
        m.encryption = QString::fromLatin1(BackupKey::kEncryption);
        m.keyId = request.encryptWith->id();
    }
    m.host = request.database.displayUrl();
    m.pgVersion = request.serverVersion;
    m.tables = request.tables;
    m.toolVersion = PgTools::version(pgDump.value());
    auto finalPath = pathInside(request.folder, m.fileName);
    if (!finalPath)
        return finalPath.error();
    if (QFileInfo::exists(finalPath.value()))
        return makeError(ErrorKind::Conflict, tr("A backup named %1 already exists").arg(m.fileName));

    PartialGuard partial{finalPath.value() + QStringLiteral(".partial")};
    QFile out(partial.path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::NewOnly, PrivateFolder::fileMode()))
        return makeError(ErrorKind::Io, tr("Cannot create %1").arg(partial.path), out.errorString());

    PgPassFile passFile;
    if (!request.database.password.isEmpty())
        if (Status s = passFile.create(request.database); !s)
            return s.error();

    QElapsedTimer clock;
    clock.start();
    QProcess dump;
    dump.setStandardInputFile(QProcess::nullDevice());
    QStringList args{QStringLiteral("--format=") + (m.format == QLatin1String("custom") ? QStringLiteral("c") : QStringLiteral("p"))};
    if (m.format == QLatin1String("custom"))
        args << QStringLiteral("--compress=0");  // compressed once, by us
    if (Status s = PgTools::start(dump, pgDump.value(), args, request.database, passFile); !s)
        return s.error();
    if (started)
        started(dump.processId());

    std::unique_ptr<EncryptingWriter> cipher;
    if (encrypt)
        cipher = std::make_unique<EncryptingWriter>(out, *request.encryptWith, m.binding());
    GzipWriter gzip(cipher ? static_cast<QIODevice &>(*cipher) : out, request.compressionLevel);
    const auto fileBytes = [&]() -> qint64 { return cipher ? cipher->cipherBytes() : gzip.compressedBytes(); };
    StreamTail tail;
    QByteArray slice(kSlice, Qt::Uninitialized);
    QByteArray errors;
    qint64 lastReport = -1000;
    qint64 writebackFrom = 0;
    for (;;) {
        if (cancel.load()) {
            dump.kill();
            dump.waitForFinished(10'000);
            return makeError(ErrorKind::Cancelled, tr("The backup was cancelled"));
        }
        const qint64 n = dump.read(slice.data(), slice.size());
        if (n > 0) {
            if (Status s = gzip.write(slice.constData(), n); !s) {
                dump.kill();
                dump.waitForFinished(10'000);
                return s.error();
            }
            tail.add(slice.constData(), n);
#ifdef __linux__
            // Start writeback as the file grows, so the final fsync has little left to wait for.
            if (fileBytes() - writebackFrom >= kWriteback && out.flush()) {
                ::sync_file_range(out.handle(), writebackFrom, fileBytes() - writebackFrom, SYNC_FILE_RANGE_WRITE);
                writebackFrom = fileBytes();
            }
#endif
        } else if (dump.state() == QProcess::NotRunning && dump.bytesAvailable() == 0) {
            break;
        } else {
            dump.waitForReadyRead(100);
        }
        errors += dump.readAllStandardError();
        if (errors.size() > 16000)
            errors = errors.right(8000);
        if (progress && clock.elapsed() - lastReport >= 200) {
            lastReport = clock.elapsed();
            progress({gzip.rawBytes(), fileBytes(), lastReport});
        }
    }
    errors += dump.readAllStandardError();
    if (dump.exitStatus() != QProcess::NormalExit || dump.exitCode() != 0)
        return makeError(ErrorKind::External,
                         dump.exitStatus() != QProcess::NormalExit ? tr("pg_dump was killed")
                                                                   : tr("pg_dump failed (exit code %1)").arg(dump.exitCode()),
                         QString::fromUtf8(errors.right(4000)).trimmed());
    if (Status s = gzip.finish(); !s)
        return s.error();
    if (cipher)
        if (Status s = cipher->finish(); !s)
            return s.error();
    if (!out.flush() || ::fsync(out.handle()) != 0)
        return makeError(ErrorKind::Io, tr("Cannot write %1 to disk").arg(partial.path), out.errorString());
    out.close();
    if (m.format == QLatin1String("plain") && !tail.endsWithPlainDumpMarker())
        return makeError(ErrorKind::External, tr("pg_dump's output is incomplete (no end marker)"),
                         QString::fromUtf8(errors.right(4000)).trimmed());
    if (m.format == QLatin1String("custom") && gzip.rawBytes() < 5)
        return makeError(ErrorKind::External, tr("pg_dump's output is empty"));

    // Read back what is on disk: it must be exactly what was compressed (CRC-32: cheap, and it
    // catches what a read-back is for — torn or lost writes; the SHA-256 of the stream goes in the manifest).
    auto onDisk = crc32OfFile(partial.path, cancel);
    if (!onDisk)
        return onDisk.error();
    m.sha256 = QString::fromLatin1(cipher ? cipher->sha256Hex() : gzip.sha256Hex());
    const quint32 written = cipher ? cipher->crc32() : gzip.compressedCrc32();
    if (onDisk.value() != written || QFileInfo(partial.path).size() != fileBytes())
        return makeError(ErrorKind::Io, tr("The backup file on disk differs from what was written"),
                         tr("CRC-32 %1 on disk, %2 written").arg(onDisk.value(), 8, 16).arg(written, 8, 16));
    m.sizeBytes = fileBytes();
    m.rawBytes = gzip.rawBytes();
    m.verified = true;
    m.verifiedAt = QDateTime::currentDateTimeUtc();
    if (::rename(QFile::encodeName(partial.path).constData(), QFile::encodeName(finalPath.value()).constData()) != 0)
        return makeError(ErrorKind::Io, tr("Cannot rename %1").arg(partial.path));
    partial.path.clear();
    m.durationMs = clock.elapsed();
    if (Status s = FolderDestination::syncFolder(request.folder); !s)
        return s.error();
    if (encrypt)
        m.sign(*request.encryptWith);  // signed last: it covers every field above
    if (Status s = FolderDestination::writeAtomically(request.folder, BackupManifest::manifestName(m.id),
                                                      QJsonDocument(m.toJson()).toJson(QJsonDocument::Indented));
        !s)
        return s.error();
    if (progress)
        progress({m.rawBytes, m.sizeBytes, m.durationMs});
    return m;
}

} // namespace opsdeck
