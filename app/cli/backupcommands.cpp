// opsdeck-cli backup plan | run | list | verify | restore | prune
#include "appcontext.h"
#include "backups/backupservice.h"
#include "backups/retentionplanner.h"
#include "cliargs.h"
#include "clicommand.h"
#include "core/clock.h"
#include "usecases/backupsusecase.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <cstdio>

namespace opsdeck::cli {

namespace {

QString iso(const QDateTime &t) { return t.toUTC().toString(t.time().msec() ? Qt::ISODateWithMs : Qt::ISODate); }

QByteArray readAllStdin()
{
    QByteArray data;
    char buffer[65536];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0)
        data.append(buffer, qsizetype(n));
    return data;
}

// --keep-daily N etc.: 0 (the default) turns the rule off, -1 keeps all, as restic's flags.
bool readPolicy(Invocation &inv, const CliArgs &args, RetentionPolicy &policy)
{
    const std::pair<const char *, int *> keys[] = {{"--keep-daily", &policy.daily},
                                                   {"--keep-weekly", &policy.weekly},
                                                   {"--keep-monthly", &policy.monthly},
                                                   {"--keep-yearly", &policy.yearly}};
    for (const auto &[name, target] : keys) {
        const auto v = args.value(QString::fromLatin1(name));
        if (!v)
            continue;
        bool ok = false;
        const int n = v->toInt(&ok);
        if (!ok || n < -1) {
            inv.usageError(QString::fromLatin1(name) + QStringLiteral(" takes a count (0 = off, -1 = all)"));
            return false;
        }
        *target = n;
    }
    return true;
}

QJsonArray planJson(const QList<RetentionDecision> &plan, bool withIds)
{
    QJsonArray rows;
    for (const RetentionDecision &d : plan) {
        QJsonObject o{{QStringLiteral("time"), iso(d.time)},
                      {QStringLiteral("action"), d.keep ? QStringLiteral("keep") : QStringLiteral("remove")},
                      {QStringLiteral("reasons"), QJsonArray::fromStringList(d.reasons)}};
        if (withIds) {
            o.insert(QStringLiteral("id"), d.id);
            o.insert(QStringLiteral("verified"), d.verified);
        }
        rows.append(o);
    }
    return rows;
}

void printPlan(Invocation &inv, const QList<RetentionDecision> &plan, bool withIds)
{
    if (inv.json())
        return inv.printJson(planJson(plan, withIds));
    QList<QStringList> rows;
    for (const RetentionDecision &d : plan) {
        QStringList row{iso(d.time), d.keep ? QStringLiteral("keep") : QStringLiteral("remove"),
                        d.reasons.join(QStringLiteral(", "))};
        if (withIds)
            row.prepend(d.id);
        rows << row;
    }
    QStringList headers{QStringLiteral("TIME (UTC)"), QStringLiteral("ACTION"), QStringLiteral("REASONS")};
    if (withIds)
        headers.prepend(QStringLiteral("ID"));
    inv.out() << formatTable(headers, rows);
}

void runPlan(Invocation &inv)
{
    CliArgs args(inv.args(), {},
                 {QStringLiteral("--keep-daily"), QStringLiteral("--keep-weekly"), QStringLiteral("--keep-monthly"),
                  QStringLiteral("--keep-yearly"), QStringLiteral("--now"), QStringLiteral("--input")});
    if (!args.problem().isEmpty())
        return inv.usageError(args.problem());
    if (!args.positional().isEmpty())
        return inv.usageError(QStringLiteral("unexpected argument ") + args.positional().first());
    RetentionPolicy policy;
    if (!readPolicy(inv, args, policy))
        return;
    QDateTime now = inv.context().clock().nowUtc();
    if (const auto n = args.value(QStringLiteral("--now"))) {
        now = RetentionPlanner::parseTime(*n);
        if (!now.isValid())
            return inv.usageError(QStringLiteral("--now takes an ISO-8601 time such as 2026-11-29T07:00:00Z"));
    }
    QByteArray text;
    if (const auto file = args.value(QStringLiteral("--input")); file && *file != QLatin1String("-")) {
        QFile f(*file);
        if (!f.open(QIODevice::ReadOnly))
            return inv.fail(makeError(ErrorKind::Io, QStringLiteral("Cannot read %1").arg(*file), f.errorString()));
        text = f.readAll();
    } else {
        text = readAllStdin();
    }
    const auto backups = RetentionPlanner::parseTimestamps(QString::fromUtf8(text));
    if (!backups)
        return inv.usageError(backups.error().message);
    printPlan(inv, RetentionPlanner::plan(backups.value(), policy, now), false);
    inv.finish(ExitOk);
}

// The profile's database (DATABASE_URL) or a given URL, password resolved.
void withDatabase(Invocation &inv, const QString &url, std::function<void(const PgConnectionInfo &)> then)
{
    inv.context().backups().database(url, &inv.context())->onFinished(&inv.context(), [&inv, then](const Result<PgConnectionInfo> &db) {
        if (!db)
            return inv.fail(db.error());
        then(db.value());
    });
}

BackupConfig backupConfig(Invocation &inv, const CliArgs &args, const QString &destinationOption)
{
    BackupOverrides overrides;
    overrides.destination = args.value(destinationOption).value_or(QString());
    overrides.format = args.value(QStringLiteral("--format")).value_or(QString());
    overrides.encrypt = args.flag(QStringLiteral("--encrypt"));
    return inv.context().backups().config(overrides);  // --keep-* flags override its policy
}

// A service for the destination, its credentials resolved (AWS keys for S3; with needKey the backup key,
// which must then be usable when the backups are encrypted or the key is set but broken).
void withService(Invocation &inv, const BackupConfig &config, std::function<void(BackupService *)> then, bool needKey = false)
{
    BackupsUseCase &backups = inv.context().backups();
    backups.resolve(config, needKey, &inv.context())->onFinished(&inv.context(), [&inv, &backups, then](const Result<ResolvedBackup> &r) {
        if (!r)
            return inv.fail(r.error());
        if (r->keyProblem)
            return inv.fail(*r->keyProblem);
        for (const QString &w : r->warnings)
            inv.err() << "opsdeck-cli: warning: " << w << Qt::endl;
        then(backups.makeService(r->config, &inv.context()).release());
    });
}

QJsonObject backupJson(const BackupManifest &m)
{
    return QJsonObject{{QStringLiteral("id"), m.id},
                       {QStringLiteral("time"), iso(m.time)},
                       {QStringLiteral("database"), m.database},
                       {QStringLiteral("sizeBytes"), m.sizeBytes},
                       {QStringLiteral("sha256"), m.sha256.isEmpty() ? QJsonValue() : QJsonValue(m.sha256)},
                       {QStringLiteral("verified"), m.verified},
                       {QStringLiteral("location"), m.location},
                       {QStringLiteral("format"), m.format},
                       {QStringLiteral("durationMs"), m.durationMs},
                       {QStringLiteral("pgVersion"), m.pgVersion},
                       {QStringLiteral("problem"), m.problem.isEmpty() ? QJsonValue() : QJsonValue(m.problem)}};
}

QString size(qint64 n) { return QLocale::c().formattedDataSize(n, 1, QLocale::DataSizeTraditionalFormat); }

void reportProgress(Invocation &inv, JobBase *task)
{
    QObject::connect(task, &JobBase::progress, &inv.context(),
                     [&inv](const QString &phase, qint64 done, qint64 total) {
                         if (!inv.json())
                             inv.err() << phase << ": " << size(done)
                                       << (total > 0 ? QStringLiteral(" of ") + size(total) : QString()) << Qt::endl;
                     });
}

bool parseArgs(Invocation &inv, const CliArgs &args, int positionals)
{
    if (!args.problem().isEmpty()) {
        inv.usageError(args.problem());
        return false;
    }
    if (args.positional().size() != positionals) {
        inv.usageError(positionals ? QStringLiteral("expected a backup ID")
                                   : QStringLiteral("unexpected argument ") + args.positional().value(0));
        return false;
    }
    return true;
}

void runRun(Invocation &inv)
{
    CliArgs args(inv.args(), {QStringLiteral("--encrypt")}, {QStringLiteral("--to"), QStringLiteral("--format")});
    if (!parseArgs(inv, args, 0))
        return;
    const BackupConfig config = backupConfig(inv, args, QStringLiteral("--to"));
    withService(inv, config, [&inv](BackupService *backups) {
        withDatabase(inv, {}, [&inv, backups](const PgConnectionInfo &db) {
            auto *job = backups->run(db);
            reportProgress(inv, job);
            job->onFinished(&inv.context(), [&inv](const Result<BackupManifest> &r) {
                if (!r)
                    return inv.fail(r.error());
                if (inv.json())
                    inv.printJson(backupJson(r.value()));
                else
                    inv.out() << "Backed up " << r.value().database << " to " << r.value().location << "/"
                              << r.value().fileName << " (" << size(r.value().sizeBytes) << ", sha256 "
                              << r.value().sha256 << ", " << r.value().durationMs << " ms)\n";
                inv.finish(ExitOk);
            });
        });
    }, config.encrypt);
}

void runList(Invocation &inv)
{
    CliArgs args(inv.args(), {}, {QStringLiteral("--from")});
    if (!parseArgs(inv, args, 0))
        return;
    withService(inv, backupConfig(inv, args, QStringLiteral("--from")), [&inv](BackupService *backups) {
        backups->list()->onFinished(&inv.context(), [&inv](const Result<QList<BackupManifest>> &r) {
            if (!r)
                return inv.fail(r.error());
            if (inv.json()) {
                QJsonArray rows;
                for (const BackupManifest &m : r.value())
                    rows.append(backupJson(m));
                inv.printJson(rows);
            } else {
                QList<QStringList> rows;
                for (const BackupManifest &m : r.value())
                    rows << QStringList{m.id, iso(m.time), size(m.sizeBytes),
                                        m.verified ? QStringLiteral("yes") : QStringLiteral("NO"), m.problem};
                inv.out() << formatTable({QStringLiteral("ID"), QStringLiteral("TIME (UTC)"), QStringLiteral("SIZE"),
                                          QStringLiteral("VERIFIED"), QStringLiteral("PROBLEM")},
                                         rows);
            }
            inv.finish(ExitOk);
        });
    });
}

void runVerify(Invocation &inv)
{
    CliArgs args(inv.args(), {}, {QStringLiteral("--from")});
    if (!parseArgs(inv, args, 1))
        return;
    const QString id = args.positional().first();
    withService(inv, backupConfig(inv, args, QStringLiteral("--from")), [&inv, id](BackupService *backups) {
        auto *job = backups->verify(id);
        reportProgress(inv, job);
        job->onFinished(&inv.context(), [&inv, id](const Result<VerifyReport> &r) {
            if (!r)
                return inv.fail(r.error());
            const VerifyReport &v = r.value();
            if (inv.json())
                inv.printJson(QJsonObject{
                    {QStringLiteral("id"), id},
                    {QStringLiteral("ok"), v.ok},
                    {QStringLiteral("checksumMatches"), v.checksumMatches},
                    {QStringLiteral("complete"), v.complete},
                    {QStringLiteral("rawBytes"), v.rawBytes},
                    {QStringLiteral("problem"), v.problem.isEmpty() ? QJsonValue() : QJsonValue(v.problem)}});
            else
                inv.out() << id << ": " << (v.ok ? QStringLiteral("verified") : QStringLiteral("FAILED: ") + v.problem)
                          << "\n";
            inv.finish(v.ok ? ExitOk : ExitCheckFailed);
        });
    }, true);
}

void runRestore(Invocation &inv)
{
    CliArgs args(inv.args(), {QStringLiteral("--yes"), QStringLiteral("--allow-unsigned")},
                 {QStringLiteral("--from"), QStringLiteral("--target-db"), QStringLiteral("--table")});
    if (!parseArgs(inv, args, 1))
        return;
    const QString id = args.positional().first();
    const bool allowUnsigned = args.flag(QStringLiteral("--allow-unsigned"));
    const QString target = args.value(QStringLiteral("--target-db")).value_or(QString());
    const QString table = args.value(QStringLiteral("--table")).value_or(QString());
    if (target.isEmpty())
        return inv.usageError(QStringLiteral("--target-db URL is required (postgresql://user@host/newdb)"));
    if (!table.isEmpty() && !isSafeTableName(table))
        return inv.usageError(QStringLiteral("--table takes a table name such as orders or public.orders"));
    const bool yes = args.flag(QStringLiteral("--yes"));
    withService(
        inv, backupConfig(inv, args, QStringLiteral("--from")), [&inv, target, id, table, yes, allowUnsigned](BackupService *backups) {
            withDatabase(inv, target, [&inv, backups, id, table, yes, allowUnsigned](const PgConnectionInfo &db) {
                if (!yes) {
                    inv.out() << "Would restore " << id
                              << (table.isEmpty() ? QString() : QStringLiteral(" (table ") + table + QLatin1Char(')'))
                              << " into " << db.displayUrl() << " (created if missing, in one transaction).\n"
                              << "Nothing was changed. Run again with --yes to do it.\n";
                    return inv.finish(ExitOk);
                }
                auto *job = backups->restore(id, db, table, allowUnsigned);
                reportProgress(inv, job);
                job->onFinished(&inv.context(), [&inv, id, db](const Result<RestoreOutcome> &r) {
                    if (!r)
                        return inv.fail(r.error());
                    if (inv.json())
                        inv.printJson(QJsonObject{{QStringLiteral("id"), id},
                                                  {QStringLiteral("targetDatabase"), db.database},
                                                  {QStringLiteral("createdDatabase"), r.value().createdDatabase},
                                                  {QStringLiteral("unsigned"), r.value().unsignedBackup},
                                                  {QStringLiteral("durationMs"), r.value().durationMs}});
                    else
                        inv.out() << "Restored " << id << " into " << db.displayUrl() << " in " << r.value().durationMs
                                  << " ms\n";
                    inv.finish(ExitOk);
                });
            });
        }, true);
}

void runPrune(Invocation &inv)
{
    CliArgs args(inv.args(), {QStringLiteral("--dry-run")},
                 {QStringLiteral("--from"), QStringLiteral("--keep-daily"), QStringLiteral("--keep-weekly"),
                  QStringLiteral("--keep-monthly"), QStringLiteral("--keep-yearly")});
    if (!parseArgs(inv, args, 0))
        return;
    BackupConfig config = backupConfig(inv, args, QStringLiteral("--from"));
    if (!readPolicy(inv, args, config.policy))
        return;
    const bool dryRun = args.flag(QStringLiteral("--dry-run"));
    withService(inv, config, [&inv, dryRun](BackupService *backups) {
        backups->planPrune(inv.context().clock().nowUtc())
            ->onFinished(&inv.context(), [&inv, backups, dryRun](const Result<PrunePlan> &plan) {
                if (!plan)
                    return inv.fail(plan.error());
                if (dryRun) {
                    if (!inv.json())
                        inv.out() << "Dry run (" << plan.value().policy.describe() << "): nothing is removed.\n";
                    printPlan(inv, plan.value().decisions, true);
                    return inv.finish(ExitOk);
                }
                auto *job = backups->prune(plan.value());
                job->onFinished(&inv.context(),
                                 [&inv, decisions = plan.value().decisions](const Result<PruneOutcome> &r) {
                                     if (!r)
                                         return inv.fail(r.error());
                                     if (!inv.json())
                                         inv.out() << "Removed " << r.value().removed.size() << (r.value().removed.size() == 1 ? " backup.\n" : " backups.\n");
                                     printPlan(inv, decisions, true);
                                     inv.finish(ExitOk);
                                 });
            });
    });
}

QJsonObject drillJson(const DrillReport &r, const DrillStatus &status)
{
    QJsonObject o = r.toJson();
    o.insert(QStringLiteral("status"), status.health == DrillHealth::Green   ? QStringLiteral("green")
                                       : status.health == DrillHealth::Amber ? QStringLiteral("amber")
                                                                             : QStringLiteral("red"));
    o.insert(QStringLiteral("summary"), status.text);
    return o;
}

// backup drill: the restore test. --status only reports the last one (exit 1 unless green).
void runDrill(Invocation &inv)
{
    CliArgs args(inv.args(), {QStringLiteral("--status")}, {QStringLiteral("--from")});
    if (!parseArgs(inv, args, 0))
        return;
    BackupsUseCase &backups = inv.context().backups();
    if (args.flag(QStringLiteral("--status"))) {
        const DrillStatus status = backups.drillStatus();
        const auto last = backups.lastDrill();
        if (inv.json())
            inv.printJson(last ? drillJson(*last, status)
                               : QJsonObject{{QStringLiteral("status"), QStringLiteral("amber")},
                                             {QStringLiteral("summary"), status.text}});
        else
            inv.out() << status.text << "\n";
        return inv.finish(status.health == DrillHealth::Green ? ExitOk : ExitCheckFailed);
    }
    withService(inv, backupConfig(inv, args, QStringLiteral("--from")), [&inv](BackupService *service) {
        withDatabase(inv, {}, [&inv, service](const PgConnectionInfo &server) {
            auto *job = service->drill(server);
            reportProgress(inv, job);
            job->onFinished(&inv.context(), [&inv](const Result<DrillReport> &r) {
                if (!r)
                    return inv.fail(r.error());
                BackupsUseCase &backups = inv.context().backups();
                if (Status s = backups.saveDrill(r.value()); !s)
                    inv.err() << "opsdeck-cli: warning: " << s.error().message << Qt::endl;
                const DrillStatus status = backups.drillStatus();
                if (inv.json()) {
                    inv.printJson(drillJson(r.value(), status));
                } else if (r.value().ok) {
                    inv.out() << "Restore test passed: " << r.value().backupId << " restored into "
                              << r.value().scratchDatabase << " (dropped again), " << r.value().tablesChecked
                              << " tables checked, " << r.value().durationMs << " ms\n";
                } else {
                    inv.out() << "Restore test FAILED" << (r.value().backupId.isEmpty() ? QString() : QStringLiteral(" for ") + r.value().backupId)
                              << ":\n";
                    for (const QString &p : r.value().problems)
                        inv.out() << "  - " << p << "\n";
                }
                inv.finish(r.value().ok ? ExitOk : ExitCheckFailed);
            });
        });
    }, true);
}

// backup key: whether a backup key is set (its id, never the key); --generate makes one in the
// keychain (replacing one needs --yes: backups made with the old key cannot be read without it);
// --show prints the key so it can be kept outside this machine.
void runKey(Invocation &inv)
{
    CliArgs args(inv.args(), {QStringLiteral("--generate"), QStringLiteral("--yes"), QStringLiteral("--show")}, {});
    if (!parseArgs(inv, args, 0))
        return;
    AppContext &ctx = inv.context();
    const bool show = args.flag(QStringLiteral("--show"));
    auto report = [&inv, show](const Result<BackupKeyInfo> &r) {
        if (!r) {
            if (r.error().kind == ErrorKind::Conflict)
                return inv.usageError(r.error().message + QStringLiteral(" (backup key --show), then pass --yes to replace it"));
            if (r.error().kind == ErrorKind::Config && qEnvironmentVariableIsSet("OPSDECK_BACKUP_KEY"))
                return inv.usageError(r.error().message);
            return inv.fail(r.error());
        }
        const BackupKeyInfo &key = r.value();
        if (inv.json()) {
            QJsonObject o{{QStringLiteral("keyId"), key.keyId}, {QStringLiteral("storedIn"), key.storedIn},
                          {QStringLiteral("created"), key.created}};
            if (show)
                o.insert(QStringLiteral("key"), QString::fromLatin1(key.secret));
            inv.printJson(o);
        } else {
            inv.out() << (key.created ? "Created the backup key " : "Backup key ") << key.keyId << " (" << key.storedIn << ").\n";
            if (show)
                inv.out() << key.secret << "\n";
            else if (key.created)
                inv.out() << "Keep a copy outside this machine (backup key --show): without it, encrypted backups "
                             "cannot be restored.\n";
        }
        inv.finish(ExitOk);
    };
    if (args.flag(QStringLiteral("--generate")))
        ctx.backups().generateKey(args.flag(QStringLiteral("--yes")), QStringLiteral("cli"), &ctx)->onFinished(&ctx, report);
    else
        ctx.backups().backupKey(&ctx)->onFinished(&ctx, report);
}

} // namespace

QList<Command> backupCommands()
{
    return {
        {{QStringLiteral("backup"), QStringLiteral("plan")},
         QStringLiteral("backup plan --keep-daily D --keep-weekly W --keep-monthly M --keep-yearly Y [--now ISO] "
                        "[--input FILE]"),
         QStringLiteral("The retention planner alone: keep or remove each timestamp, with the rules behind it"),
         QStringLiteral("Reads one ISO-8601 UTC timestamp a line from stdin (or FILE); a line may end with "
                        "\"unverified\".\nSame semantics as restic forget's --keep-* flags (calendar day, ISO week, "
                        "month, year of the UTC time;\nthe oldest backup is kept while a count is not used up), "
                        "plus OpsDeck's safety rules:\nan empty policy removes nothing, future-dated and the newest "
                        "verified backups are never removed,\nunverified backups take no slot. Output newest first."),
         true,
         runPlan},
        {{QStringLiteral("backup"), QStringLiteral("run")},
         QStringLiteral("backup run [--to DEST] [--format plain|custom] [--encrypt]"),
         QStringLiteral("pg_dump the profile's database, compressed and checksummed, to a folder"),
         QStringLiteral(
             "DEST is a folder or s3://bucket/prefix (default: the profile's destination or OPSDECK_BACKUP_DEST;\n"
             "S3: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the keychain, AWS_REGION, OPSDECK_S3_ENDPOINT).\n"
             "Written as .partial, then renamed; a manifest (database, time, size, sha256, duration, versions)\n"
             "goes beside it. S3: multipart above 64 MiB, aborted on failure, checksum compared after upload.\n"
             "--encrypt (or the profile's setting): encrypted at rest with the backup key (XChaCha20-Poly1305),\n"
             "from OPSDECK_BACKUP_KEY or the keychain; see \"backup key\"."),
         true,
         runRun},
        {{QStringLiteral("backup"), QStringLiteral("list")},
         QStringLiteral("backup list [--from DEST]"),
         QStringLiteral("Backups in the destination, newest first"),
         QString(),
         true,
         runList},
        {{QStringLiteral("backup"), QStringLiteral("verify")},
         QStringLiteral("backup verify ID [--from DEST]"),
         QStringLiteral("Decompress fully, check the checksum and the dump's end (pg_restore --list for custom)"),
         QStringLiteral("Exit 1 when the backup fails the check; it is then marked unverified."),
         true,
         runVerify},
        {{QStringLiteral("backup"), QStringLiteral("restore")},
         QStringLiteral("backup restore ID --target-db URL [--table T] [--yes] [--allow-unsigned] [--from DEST]"),
         QStringLiteral("Restore into a database (created if missing) or one table; without --yes, change nothing"),
         QStringLiteral("Runs in one transaction: a failure leaves the target as it was. Audited."),
         true,
         runRestore},
        {{QStringLiteral("backup"), QStringLiteral("prune")},
         QStringLiteral("backup prune [--dry-run] [--from DEST] [--keep-daily D ...]"),
         QStringLiteral("Remove the backups the retention policy (7/4/12/7 by default) does not keep"),
         QStringLiteral("--dry-run lists exactly what a prune removes, with the rule behind each decision. The newest "
                        "verified backup\nand at least 2 verified backups are always kept. Audited; one prune or run "
                        "per destination at a time."),
         true,
         runPrune},
        {{QStringLiteral("backup"), QStringLiteral("drill")},
         QStringLiteral("backup drill [--from DEST] [--status]"),
         QStringLiteral("Restore test: the newest verified backup into a scratch database, tables checked, dropped"),
         QStringLiteral("The scratch database (opsdeck_drill_<time>) goes to the profile's database server and is\n"
                        "dropped afterwards; every table of the manifest must be back, with rows where it had rows.\n"
                        "Exit 1 when the test fails. --status: the last test only (green within 7 days, amber when\n"
                        "older or none, red when the last one failed; exit 1 unless green). Schedule it weekly\n"
                        "(the .deb ships a systemd user timer: systemctl --user enable --now opsdeck-restore-drill.timer)."),
         true,
         runDrill},
        {{QStringLiteral("backup"), QStringLiteral("key")},
         QStringLiteral("backup key [--generate [--yes]] [--show]"),
         QStringLiteral("The backup encryption key: its id, or a new random one in the keychain"),
         QStringLiteral("Encrypted backups (backup run --encrypt, or the profile's setting) use this key; restoring one\n"
                        "needs the same key (OPSDECK_BACKUP_KEY or the keychain). --generate refuses to replace a key\n"
                        "without --yes (audited); --show prints the key to keep a copy outside this machine."),
         true,
         runKey},
    };
}

} // namespace opsdeck::cli
