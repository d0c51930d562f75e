// opsdeck-cli backup plan | run | list | verify | restore | prune
#include "appcontext.h"
#include "backups/backupservice.h"
#include "backups/retentionplanner.h"
#include "cliargs.h"
#include "clicommand.h"
#include "core/clock.h"
#include "providerfactory.h"
#include "secrets/secretindex.h"
#include "secrets/secretstore.h"
#include "store/auditlog.h"

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

// The profile's database (DATABASE_URL) or a given URL, with its password from the URL, the
// environment or the keychain (database-password). A missing password is left to the server to judge.
void withDatabase(Invocation &inv, const QString &url, std::function<void(const PgConnectionInfo &)> then)
{
    auto info = PgConnectionInfo::fromUrl(url.isEmpty() ? inv.context().profile().databaseUrl : url);
    if (!info)
        return inv.fail(info.error());
    if (!info.value().password.isEmpty())
        return then(info.value());
    ProviderFactory(inv.context())
        .credential(QStringLiteral("database-password"), &inv.context(),
                    [info = info.value(), then](const Result<QByteArray> &password) {
                        PgConnectionInfo withPassword = info;
                        if (password)
                            withPassword.password = password.value();
                        then(withPassword);
                    });
}

BackupConfig backupConfig(Invocation &inv, const CliArgs &args, const QString &destinationOption)
{
    BackupConfig config;
    const Profile &p = inv.context().profile();
    config.destination = args.value(destinationOption).value_or(p.backupDest);
    config.s3Endpoint = p.s3Endpoint;
    config.awsRegion = p.awsRegion;
    config.stagingFolder = inv.context().dataDir() + QStringLiteral("/backup-staging");
    config.format = args.value(QStringLiteral("--format")).value_or(QStringLiteral("plain"));
    config.policy = RetentionPolicy::fromProfile(p.retention);  // --keep-* flags override it
    config.encrypt = p.encryptBackups || args.flag(QStringLiteral("--encrypt"));
    return config;
}

// The backup key (OPSDECK_BACKUP_KEY or the keychain's backup-encryption-key), when one is set. A
// keychain that cannot be read is a warning here: only an encrypted backup needs the key, and it
// then fails with a message that names the key.
void withBackupKey(Invocation &inv, BackupConfig config, std::function<void(const BackupConfig &)> then)
{
    ProviderFactory(inv.context())
        .credential(QStringLiteral("backup-encryption-key"), &inv.context(),
                    [&inv, config, then](const Result<QByteArray> &secret) {
                        BackupConfig c = config;
                        if (secret) {
                            auto key = BackupKey::fromSecret(secret.value());
                            if (!key)
                                return inv.fail(key.error());
                            c.key = key.value();
                        } else if (secret.error().kind != ErrorKind::Config) {
                            if (c.encrypt)
                                return inv.fail(secret.error());
                            inv.err() << "opsdeck-cli: warning: the backup key could not be read: "
                                      << secret.error().message << Qt::endl;
                        }
                        then(c);
                    });
}

// A service for the destination; for S3 with the AWS keys from the environment or the keychain.
void withService(Invocation &inv, BackupConfig config, std::function<void(BackupService *)> then, bool needKey = false)
{
    if (needKey)
        return withBackupKey(inv, config, [&inv, then](const BackupConfig &c) { withService(inv, c, then, false); });
    auto make = [&inv, then](const BackupConfig &c) {
        then(new BackupService(c, inv.context().audit(), inv.context().clock(), &inv.context()));
    };
    if (!config.isS3())
        return make(config);
    ProviderFactory(inv.context())
        .credential(QStringLiteral("aws-access-key-id"), &inv.context(),
                    [&inv, config, make](const Result<QByteArray> &id) {
                        if (!id)
                            return inv.fail(id.error());
                        ProviderFactory(inv.context())
                            .credential(QStringLiteral("aws-secret-access-key"), &inv.context(),
                                        [&inv, config, make, id = id.value()](const Result<QByteArray> &secret) {
                                            if (!secret)
                                                return inv.fail(secret.error());
                                            BackupConfig c = config;
                                            c.awsAccessKeyId = id;
                                            c.awsSecretAccessKey = secret.value();
                                            make(c);
                                        });
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

void reportProgress(Invocation &inv, BackupTask *task)
{
    QObject::connect(task, &BackupTask::progress, &inv.context(),
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
            job->result.then(&inv.context(), [&inv](const Result<BackupManifest> &r) {
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
        backups->list().then(&inv.context(), [&inv](const Result<QList<BackupManifest>> &r) {
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
        job->result.then(&inv.context(), [&inv, id](const Result<VerifyReport> &r) {
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
    CliArgs args(inv.args(), {QStringLiteral("--yes")},
                 {QStringLiteral("--from"), QStringLiteral("--target-db"), QStringLiteral("--table")});
    if (!parseArgs(inv, args, 1))
        return;
    const QString id = args.positional().first();
    const QString target = args.value(QStringLiteral("--target-db")).value_or(QString());
    const QString table = args.value(QStringLiteral("--table")).value_or(QString());
    if (target.isEmpty())
        return inv.usageError(QStringLiteral("--target-db URL is required (postgresql://user@host/newdb)"));
    if (!table.isEmpty() && !isSafeTableName(table))
        return inv.usageError(QStringLiteral("--table takes a table name such as orders or public.orders"));
    const bool yes = args.flag(QStringLiteral("--yes"));
    withService(
        inv, backupConfig(inv, args, QStringLiteral("--from")), [&inv, target, id, table, yes](BackupService *backups) {
            withDatabase(inv, target, [&inv, backups, id, table, yes](const PgConnectionInfo &db) {
                if (!yes) {
                    inv.out() << "Would restore " << id
                              << (table.isEmpty() ? QString() : QStringLiteral(" (table ") + table + QLatin1Char(')'))
                              << " into " << db.displayUrl() << " (created if missing, in one transaction).\n"
                              << "Nothing was changed. Run again with --yes to do it.\n";
                    return inv.finish(ExitOk);
                }
                auto *job = backups->restore(id, db, table);
                reportProgress(inv, job);
                job->result.then(&inv.context(), [&inv, id, db](const Result<RestoreOutcome> &r) {
                    if (!r)
                        return inv.fail(r.error());
                    if (inv.json())
                        inv.printJson(QJsonObject{{QStringLiteral("id"), id},
                                                  {QStringLiteral("targetDatabase"), db.database},
                                                  {QStringLiteral("createdDatabase"), r.value().createdDatabase},
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
            .then(&inv.context(), [&inv, backups, dryRun](const Result<PrunePlan> &plan) {
                if (!plan)
                    return inv.fail(plan.error());
                if (dryRun) {
                    if (!inv.json())
                        inv.out() << "Dry run (" << plan.value().policy.describe() << "): nothing is removed.\n";
                    printPlan(inv, plan.value().decisions, true);
                    return inv.finish(ExitOk);
                }
                auto *job = backups->prune(plan.value());
                job->result.then(&inv.context(),
                                 [&inv, decisions = plan.value().decisions](const Result<PruneOutcome> &r) {
                                     if (!r)
                                         return inv.fail(r.error());
                                     if (!inv.json())
                                         inv.out() << "Removed " << r.value().removed.size() << " backup(s).\n";
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

// backup drill: the restore test (B4). --status only reports the last one (exit 1 unless green).
void runDrill(Invocation &inv)
{
    CliArgs args(inv.args(), {QStringLiteral("--status")}, {QStringLiteral("--from")});
    if (!parseArgs(inv, args, 0))
        return;
    AppContext &ctx = inv.context();
    const QString profile = ctx.profile().name;
    if (args.flag(QStringLiteral("--status"))) {
        DrillRecords records(ctx.store(), profile);
        const DrillStatus status = records.status(ctx.clock().nowUtc());
        const auto last = records.last();
        if (inv.json())
            inv.printJson(last ? drillJson(*last, status)
                               : QJsonObject{{QStringLiteral("status"), QStringLiteral("amber")},
                                             {QStringLiteral("summary"), status.text}});
        else
            inv.out() << status.text << "\n";
        return inv.finish(status.health == DrillHealth::Green ? ExitOk : ExitCheckFailed);
    }
    withService(inv, backupConfig(inv, args, QStringLiteral("--from")), [&inv, profile](BackupService *backups) {
        withDatabase(inv, {}, [&inv, backups, profile](const PgConnectionInfo &server) {
            auto *job = backups->drill(server);
            reportProgress(inv, job);
            job->result.then(&inv.context(), [&inv, profile](const Result<DrillReport> &r) {
                if (!r)
                    return inv.fail(r.error());
                DrillRecords records(inv.context().store(), profile);
                if (Status s = records.save(r.value()); !s)
                    inv.err() << "opsdeck-cli: warning: " << s.error().message << Qt::endl;
                const DrillStatus status = records.status(inv.context().clock().nowUtc());
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
    const bool generate = args.flag(QStringLiteral("--generate"));
    const bool yes = args.flag(QStringLiteral("--yes"));
    const bool show = args.flag(QStringLiteral("--show"));
    const SecretRef ref{ctx.profile().name.isEmpty() ? QStringLiteral("default") : ctx.profile().name,
                        QStringLiteral("backup-encryption-key")};
    auto report = [&inv, show](const QByteArray &secret, const QString &storedIn, bool created) {
        auto key = BackupKey::fromSecret(secret);
        if (!key)
            return inv.fail(key.error());
        if (inv.json()) {
            QJsonObject o{{QStringLiteral("keyId"), key->id()}, {QStringLiteral("storedIn"), storedIn},
                          {QStringLiteral("created"), created}};
            if (show)
                o.insert(QStringLiteral("key"), QString::fromLatin1(secret.trimmed()));
            inv.printJson(o);
        } else {
            inv.out() << (created ? "Created the backup key " : "Backup key ") << key->id() << " (" << storedIn << ").\n";
            if (show)
                inv.out() << secret.trimmed() << "\n";
            else if (created)
                inv.out() << "Keep a copy outside this machine (backup key --show): without it, encrypted backups "
                             "cannot be restored.\n";
        }
        inv.finish(ExitOk);
    };
    if (!generate) {
        ProviderFactory(ctx).credential(ref.name, &ctx, [&inv, report](const Result<QByteArray> &secret) {
            if (secret)
                return report(secret.value(), qEnvironmentVariableIsSet("OPSDECK_BACKUP_KEY")
                                                  ? QStringLiteral("environment") : QStringLiteral("keychain"), false);
            if (secret.error().kind == ErrorKind::Config)
                return inv.fail(makeError(ErrorKind::NotFound, QStringLiteral("No backup key is set"),
                                          QStringLiteral("Make one with \"opsdeck-cli backup key --generate\".")));
            inv.fail(secret.error());
        });
        return;
    }
    if (qEnvironmentVariableIsSet("OPSDECK_BACKUP_KEY"))
        return inv.usageError(QStringLiteral("OPSDECK_BACKUP_KEY is set and takes precedence over the keychain: a key "
                                             "made now would not be used. Unset it first"));
    ctx.secrets().read(ref, &ctx, [&inv, &ctx, ref, yes, report](const Result<QByteArray> &existing) {
        if (!existing.ok() && existing.error().kind != ErrorKind::NotFound)
            return inv.fail(existing.error());
        QString oldId;
        if (existing.ok())
            if (auto old = BackupKey::fromSecret(existing.value()))
                oldId = old->id();
        if (existing.ok() && !yes)
            return inv.usageError(QStringLiteral("a backup key is already set (%1); backups encrypted with it cannot be "
                                                 "read without it. Keep a copy (backup key --show), then pass --yes "
                                                 "to replace it")
                                      .arg(oldId.isEmpty() ? QStringLiteral("unreadable") : oldId));
        const QByteArray secret = BackupKey::generateSecret();
        if (secret.isEmpty())
            return inv.fail(makeError(ErrorKind::Internal, QStringLiteral("Cannot generate a key (libsodium)")));
        const QString newId = BackupKey::fromSecret(secret)->id();
        auto audit = ctx.audit().append(existing.ok() ? QStringLiteral("secret.replace") : QStringLiteral("secret.set"),
                                        ref.key(),
                                        QJsonObject{{QStringLiteral("credential"), QStringLiteral("Backup encryption key")},
                                                    {QStringLiteral("keyId"), newId},
                                                    {QStringLiteral("replacedKeyId"), oldId.isEmpty() ? QJsonValue() : QJsonValue(oldId)}});
        if (!audit)
            return inv.fail(makeError(audit.error().kind, QStringLiteral("No key made: the audit entry could not be written"),
                                      audit.error().toString()));
        ctx.secrets().write(ref, secret, &ctx, [&inv, &ctx, ref, secret, report](const Status &s) {
            if (!s)
                return inv.fail(s.error());
            ctx.secretIndex().recordStored(ref.profile, ref.name, ctx.clock().nowUtc(), QStringLiteral("secret-service"));
            report(secret, QStringLiteral("keychain"), true);
        });
    });
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
         QStringLiteral("backup restore ID --target-db URL [--table T] [--yes] [--from DEST]"),
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
