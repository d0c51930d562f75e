#include "backups/backuprestorer.h"

#include "backups/dumpreader.h"
#include "backups/pgtools.h"
#include "backups/plaindumpfilter.h"
#include "backups/psqlscriptguard.h"
#include "backups/sha256.h"
#include "database/pgsession.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlQuery>
#include <QUuid>

namespace opsdeck {

Result<bool> BackupRestorer::ensureDatabase(const PgConnectionInfo &target)
{
    if (Status s = target.validate(); !s)
        return s.error();
    const QString name = QStringLiteral("opsdeck-restore-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    Result<bool> result = false;
    {
        auto db = PgSession::open(target.withDatabase(QStringLiteral("postgres")), name);
        if (!db)
            return db.error();
        {
            QSqlQuery q(db.value());
            q.prepare(QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = ?"));
            q.addBindValue(target.database);
            if (!q.exec() || !q.next()) {
                result = PgSession::sqlError(tr("Cannot look up the database %1").arg(target.database), q.lastError());
            } else if (q.value(0).toInt() == 0) {
                // The name is a validated identifier, and quoted.
                if (!q.exec(QStringLiteral("CREATE DATABASE ") + quoteIdentifier(target.database)))
                    result = PgSession::sqlError(tr("Cannot create the database %1").arg(target.database), q.lastError());
                else
                    result = true;
            }
        }
        db.value().close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

namespace {

// Whether a custom-format archive holds the table: its table of contents, read by `pg_restore --list`
// from the decompressed stream (it stops reading after the TOC).
Result<bool> archiveHasTable(const QString &path, const std::optional<BackupKey> &key, const QByteArray &binding,
                             const QString &table, const std::atomic<bool> &cancel)
{
    auto program = PgTools::require(QStringLiteral("pg_restore"));
    if (!program)
        return program.error();
    auto reader = DumpReader::open(path, key, binding);
    if (!reader)
        return reader.error();
    DumpReader &gzip = *reader.value();
    QProcess list;
    list.start(program.value(), {QStringLiteral("--list")});
    if (!list.waitForStarted(30'000))
        return makeError(ErrorKind::External, BackupRestorer::tr("Cannot start pg_restore"), list.errorString());
    QByteArray chunk;
    while (list.state() == QProcess::Running && !cancel.load()) {
        chunk.clear();
        auto more = gzip.read(chunk);
        if (!more)
            break;
        list.write(chunk);
        list.waitForBytesWritten(1000);
        if (!more.value())
            break;
    }
    list.closeWriteChannel();
    if (Status s = PgTools::finish(list, QStringLiteral("pg_restore --list"), cancel, 120'000); !s)
        return s.error();
    const QString schema = table.contains(QLatin1Char('.')) ? table.section(QLatin1Char('.'), 0, 0) : QStringLiteral("public");
    const QString name = table.section(QLatin1Char('.'), -1);
    // TOC lines: "215; 1259 16390 TABLE public customers postgres"
    const QString needle = QStringLiteral(" TABLE ") + schema + QLatin1Char(' ') + name + QLatin1Char(' ');
    for (const QByteArray &line : list.readAllStandardOutput().split('\n'))
        if (!line.startsWith(';') && QString::fromUtf8(line).contains(needle))
            return true;
    return false;
}

Status checkChecksum(const QString &path, const QString &expected, const std::atomic<bool> &cancel)
{
    if (expected.isEmpty())
        return makeError(ErrorKind::BadResponse,
                         BackupRestorer::tr("The backup's manifest has no checksum; nothing was restored"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::Io, BackupRestorer::tr("Cannot read %1").arg(path), file.errorString());
    Sha256 sha;
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (;;) {
        if (cancel.load())
            return makeError(ErrorKind::Cancelled, BackupRestorer::tr("The restore was cancelled; nothing was restored"));
        const qint64 n = file.read(buffer.data(), buffer.size());
        if (n < 0)
            return makeError(ErrorKind::Io, BackupRestorer::tr("Cannot read %1").arg(path), file.errorString());
        if (n == 0)
            break;
        sha.add(buffer.constData(), n);
    }
    if (QString::fromLatin1(sha.hex()) != expected)
        return makeError(ErrorKind::BadResponse,
                         BackupRestorer::tr("The backup's file does not match the checksum in its manifest: it was "
                                            "changed or replaced; nothing was restored"));
    return {};
}

} // namespace

Result<RestoreOutcome> BackupRestorer::restore(const RestoreRequest &request, const std::atomic<bool> &cancel,
                                               const ProgressFn &progress)
{
    if (!request.table.isEmpty() && !isSafeTableName(request.table))
        return makeError(ErrorKind::Config, tr("Invalid table name \"%1\"").arg(request.table));
    const bool custom = request.manifest.format == QLatin1String("custom");
    auto program = PgTools::require(custom ? QStringLiteral("pg_restore") : QStringLiteral("psql"));
    if (!program)
        return program.error();
    // Opened first: a missing or wrong key is reported before anything touches the target.
    auto reader = DumpReader::open(request.dumpPath, request.key, request.manifest.binding());
    if (!reader)
        return reader.error();
    DumpReader &gzip = *reader.value();
    // Then: a profile with a backup key trusts only what it signed: a planted or edited manifest (its
    // checksum, its flags) is refused; an older, unsigned backup only when the operator allows it.
    const bool keyed = request.key && !request.key->isNull();
    bool unsignedBackup = false;
    if (keyed) {
        switch (request.manifest.authenticity(*request.key)) {
        case BackupManifest::Authenticity::Forged:
            return makeError(ErrorKind::BadResponse,
                             tr("The backup's manifest was changed after OpsDeck wrote it (its signature does not "
                                "match); nothing was restored"));
        case BackupManifest::Authenticity::Unsigned:
            unsignedBackup = true;
            break;
        case BackupManifest::Authenticity::Signed:
            break;
        }
    }
    unsignedBackup = unsignedBackup || (gzip.encrypted() && !gzip.bound());
    if (keyed && unsignedBackup && !request.allowUnsigned)
        return makeError(ErrorKind::Config,
                         tr("Backup %1 is not signed: it was made before OpsDeck signed its backups, or was put in "
                            "the backup store by someone else. This profile encrypts its backups, so only signed ones "
                            "are restored; to restore this one anyway, allow unsigned backups (--allow-unsigned; "
                            "recorded in the audit trail).")
                             .arg(request.manifest.id));
    // The manifest says encrypted and the file is not (or the other way round): a swapped file is never
    // fed to psql or pg_restore.
    if (request.manifest.isEncrypted() != gzip.encrypted())
        return makeError(ErrorKind::BadResponse,
                         request.manifest.isEncrypted()
                             ? tr("The backup should be encrypted but its file is not: it was replaced; nothing was restored")
                             : tr("The backup's file is encrypted but its manifest does not say so; nothing was restored"));

    // The file must be the one the backup wrote: its SHA-256 against the manifest's, before a single
    // byte reaches psql or pg_restore (a dump planted under a backup's name would run as SQL).
    if (Status s = checkChecksum(request.dumpPath, request.manifest.sha256, cancel); !s)
        return s.error();

    if (custom && !request.table.isEmpty()) {
        auto has = archiveHasTable(request.dumpPath, request.key, request.manifest.binding(), request.table, cancel);
        if (!has)
            return has.error();
        if (!has.value())
            return makeError(ErrorKind::NotFound, tr("The backup has no table \"%1\"").arg(request.table));
    }
    RestoreOutcome outcome;
    outcome.unsignedBackup = keyed && unsignedBackup;
    QElapsedTimer clock;
    clock.start();
    auto created = ensureDatabase(request.target);
    if (!created)
        return created.error();
    outcome.createdDatabase = created.value();

    PgPassFile passFile;
    if (!request.target.password.isEmpty())
        if (Status s = passFile.create(request.target); !s)
            return s.error();
    QStringList args;
    if (custom) {
        args << QStringLiteral("--single-transaction") << QStringLiteral("--exit-on-error");
        if (!request.table.isEmpty()) {
            if (request.table.contains(QLatin1Char('.')))
                args << QStringLiteral("--schema=") + request.table.section(QLatin1Char('.'), 0, 0);
            args << QStringLiteral("--table=") + request.table.section(QLatin1Char('.'), -1);
        }
    } else {
        // One transaction that only a complete dump commits: OpsDeck sends BEGIN, the dump, and COMMIT
        // once the last byte passed. psql's own --single-transaction commits at the end of its input
        // (and older psql ignore it for standard input), so a restore cut short (OpsDeck killed, the
        // stream broken) would keep what it had; here psql exits inside the transaction and the server
        // rolls it back. The dump comes in on --file=- (standard input, explicitly).
        args << QStringLiteral("--no-psqlrc") << QStringLiteral("--quiet") << QStringLiteral("--set=ON_ERROR_STOP=1")
             << QStringLiteral("--output=/dev/null") << QStringLiteral("--file=-");
    }
    QProcess tool;
    tool.setStandardOutputFile(QProcess::nullDevice());
    if (Status s = PgTools::start(tool, program.value(), args, request.target, passFile); !s)
        return s.error();

    std::unique_ptr<PlainDumpFilter> filter;
    if (!custom && !request.table.isEmpty())
        filter = std::make_unique<PlainDumpFilter>(request.table);
    QByteArray chunk;
    auto feed = [&tool](const QByteArray &bytes) {
        if (bytes.isEmpty() || tool.state() != QProcess::Running)
            return;
        tool.write(bytes);
        while (tool.bytesToWrite() > 4 * 1024 * 1024 && tool.state() == QProcess::Running)
            tool.waitForBytesWritten(100);
    };
    // A plain dump is a psql script: no backslash command but pg_dump's own reaches psql.
    PsqlScriptGuard guard;
    Error guardError;
    bool refused = false;
    auto pass = [&](const QByteArray &bytes) {
        if (custom) {
            feed(bytes);
            return;
        }
        auto safe = guard.feed(bytes);
        if (!safe) {
            refused = true;
            guardError = safe.error();
            return;
        }
        feed(safe.value());
    };
    if (!custom)
        feed(QByteArrayLiteral("BEGIN;\n"));
    Error streamError;
    bool streamFailed = false;
    for (;;) {
        if (cancel.load()) {
            tool.kill();  // psql/pg_restore die mid-transaction: the server rolls it back
            tool.waitForFinished(10'000);
            return makeError(ErrorKind::Cancelled, tr("The restore was cancelled; nothing was committed"));
        }
        chunk.clear();
        auto more = gzip.read(chunk);
        if (!more) {
            streamFailed = true;
            streamError = more.error();
            break;
        }
        pass(filter ? filter->feed(chunk) : chunk);
        if (refused)
            break;
        if (progress)
            progress(gzip.fileBytes(), request.manifest.sizeBytes);
        if (tool.state() != QProcess::Running || (!more.value() && gzip.atEnd()))
            break;
    }
    if (streamFailed) {
        tool.kill();  // never commit a restore of a damaged dump
        tool.waitForFinished(10'000);
        return makeError(streamError.kind, tr("The dump is damaged; nothing was restored"), streamError.message);
    }
    if (filter && !refused) {
        pass(filter->finish());
        if (!refused && !filter->matchedTable()) {
            tool.kill();
            tool.waitForFinished(10'000);
            return makeError(ErrorKind::NotFound, tr("The backup has no table \"%1\"").arg(request.table));
        }
    }
    if (!custom && !refused) {
        auto rest = guard.finish();
        if (rest)
            feed(rest.value());
        else {
            refused = true;
            guardError = rest.error();
        }
    }
    if (refused) {
        tool.kill();  // psql dies inside the transaction: what it ran so far is rolled back
        tool.waitForFinished(10'000);
        return guardError;
    }
    if (!custom)
        feed(QByteArrayLiteral("\nCOMMIT;\n"));
    tool.closeWriteChannel();
    if (Status s = PgTools::finish(tool, QFileInfo(program.value()).fileName(), cancel); !s)
        return makeError(s.error().kind, tr("The restore failed and was rolled back"), s.error().detail);
    outcome.rawBytes = gzip.rawBytes();
    outcome.durationMs = clock.elapsed();
    return outcome;
}

} // namespace opsdeck
