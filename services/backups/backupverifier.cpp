#include "backups/backupverifier.h"

#include "backups/dumpreader.h"
#include "backups/gzipstream.h"
#include "backups/pgtools.h"

#include <QFile>
#include <QProcess>

namespace opsdeck {

Result<VerifyReport> BackupVerifier::verify(const QString &path, const BackupManifest &manifest,
                                            const std::optional<BackupKey> &key, const std::atomic<bool> &cancel,
                                            const ProgressFn &progress)
{
    VerifyReport report;
    auto opened = DumpReader::open(path, key, manifest.binding());
    if (!opened) {
        const ErrorKind kind = opened.error().kind;
        if (kind == ErrorKind::Io || kind == ErrorKind::Config || kind == ErrorKind::Auth || kind == ErrorKind::Internal)
            return opened.error();
        report.problem = opened.error().message;  // a damaged header: the backup is not usable
        return report;
    }
    DumpReader &gzip = *opened.value();
    // After the key checks (a wrong key is named as such): a manifest OpsDeck signed must still match.
    if (key && !key->isNull() && manifest.authenticity(*key) == BackupManifest::Authenticity::Forged) {
        report.problem = tr("the manifest was changed after OpsDeck wrote it (its signature does not match)");
        return report;
    }
    if (manifest.isEncrypted() != gzip.encrypted()) {
        report.problem = manifest.isEncrypted() ? tr("the manifest says encrypted, the file is not")
                                                : tr("the file is encrypted, the manifest does not say so");
        return report;
    }
    const bool custom = manifest.format == QLatin1String("custom");
    QProcess restore;
    if (custom) {
        auto program = PgTools::require(QStringLiteral("pg_restore"));
        if (!program)
            return program.error();
        restore.setProgram(program.value());
        restore.setArguments({QStringLiteral("--list")});  // reads the archive from stdin
        restore.setStandardOutputFile(QProcess::nullDevice());
        restore.start();
        if (!restore.waitForStarted(30'000))
            return makeError(ErrorKind::External, tr("Cannot start pg_restore"), restore.errorString());
    }
    StreamTail tail;
    QByteArray chunk;
    QString problem;
    bool pipeBroken = false;
    for (;;) {
        if (cancel.load()) {
            restore.kill();
            restore.waitForFinished(10'000);
            return makeError(ErrorKind::Cancelled, tr("Verification was cancelled"));
        }
        chunk.clear();
        auto more = gzip.read(chunk);
        if (!more) {
            problem = more.error().message;
            break;
        }
        tail.add(chunk.constData(), chunk.size());
        if (custom && !pipeBroken && !chunk.isEmpty()) {
            // pg_restore --list stops reading after the table of contents; the rest is still decompressed.
            if (restore.state() == QProcess::Running) {
                restore.write(chunk);
                while (restore.bytesToWrite() > 4 * 1024 * 1024 && restore.state() == QProcess::Running)
                    restore.waitForBytesWritten(100);
            } else {
                pipeBroken = true;
            }
        }
        if (progress)
            progress(gzip.fileBytes(), manifest.sizeBytes);
        if (!more.value() && gzip.atEnd())
            break;
    }
    report.rawBytes = gzip.rawBytes();
    report.checksumMatches = QString::fromLatin1(gzip.fileSha256Hex()) == manifest.sha256;
    if (custom) {
        restore.closeWriteChannel();
        const Status listed = PgTools::finish(restore, QStringLiteral("pg_restore --list"), cancel, 120'000);
        if (problem.isEmpty() && !listed)
            problem = tr("pg_restore cannot read the archive: %1").arg(listed.error().detail);
    } else if (problem.isEmpty() && !tail.endsWithPlainDumpMarker()) {
        problem = tr("the dump has no end marker: it was cut short");
    }
    report.complete = problem.isEmpty();
    if (problem.isEmpty() && !report.checksumMatches)
        problem = tr("the SHA-256 of the file does not match the manifest");
    if (problem.isEmpty() && manifest.sizeBytes >= 0 && gzip.fileBytes() != manifest.sizeBytes)
        problem = tr("the file size does not match the manifest");
    report.ok = problem.isEmpty();
    report.problem = problem;
    return report;
}

} // namespace opsdeck
