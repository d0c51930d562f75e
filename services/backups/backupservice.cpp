#include "backups/backupservice.h"

#include "backups/dumppipeline.h"
#include "backups/folderdestination.h"
#include "backups/pgtools.h"
#include "backups/privatefolder.h"
#include "backups/restoredrill.h"
#include "backups/s3destination.h"
#include "core/clock.h"
#include "database/pgsession.h"
#include "store/auditlog.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QSqlQuery>
#include <QUuid>
#include <QPointer>
#include <QThreadPool>

namespace opsdeck {

namespace {

Result<QString> serverVersion(const PgConnectionInfo &info)
{
    const QString name = QStringLiteral("opsdeck-backup-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    Result<QString> version = QString();
    {
        auto db = PgSession::open(info, name);
        if (!db)
            return db.error();
        {
            QSqlQuery q(db.value());
            if (q.exec(QStringLiteral("SHOW server_version")) && q.next())
                version = q.value(0).toString();
        }
        db.value().close();
    }
    QSqlDatabase::removeDatabase(name);
    return version;
}

QString planHash(const PrunePlan &plan)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    for (const RetentionDecision &d : plan.decisions)
        h.addData(QString(d.id + (d.keep ? QStringLiteral(":keep\n") : QStringLiteral(":remove\n"))).toUtf8());
    return QString::fromLatin1(h.result().toHex());
}

PrunePlan makePlan(const QList<BackupManifest> &backups, const RetentionPolicy &policy, const QDateTime &now,
                   const QString &location)
{
    PrunePlan plan{policy, now, location, {}, backups};
    // Like restic's groups (host + paths): each database of each server is planned on its own, so
    // backups of one never take the slots of another.
    QMap<QString, QList<RetentionInput>> groups;
    for (const BackupManifest &m : backups)
        groups[m.host + QLatin1Char('\n') + m.database].append({m.id, m.time, m.verified});
    for (const QList<RetentionInput> &group : std::as_const(groups))
        plan.decisions += RetentionPlanner::plan(group, policy, now);
    std::stable_sort(plan.decisions.begin(), plan.decisions.end(),
                     [](const RetentionDecision &a, const RetentionDecision &b) { return a.time > b.time; });
    return plan;
}

} // namespace

QStringList PrunePlan::removals() const
{
    QStringList ids;
    for (const RetentionDecision &d : decisions)
        if (!d.keep)
            ids << d.id;
    return ids;
}

BackupService::BackupService(BackupConfig config, AuditLog &audit, Clock &clock, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_audit(audit), m_clock(clock), m_factory(&BackupService::makeDestination)
{
}

// The jobs are children: destroying them tells the workers to stop. The workers hold copies of
// what they need, so nothing here waits for them.
BackupService::~BackupService() = default;

Result<std::unique_ptr<BackupDestination>> BackupService::makeDestination(const BackupConfig &config)
{
    if (config.destination.isEmpty())
        return makeError(ErrorKind::Config,
                         tr("No backup destination: set it in the profile, OPSDECK_BACKUP_DEST or --to"));
    if (config.isS3()) {
        auto location = S3Location::parse(config.destination);
        if (!location)
            return location.error();
        if (config.stagingFolder.isEmpty())
            return makeError(ErrorKind::Internal, tr("No staging folder for S3 backups"));
        S3Config s3;
        s3.endpoint = config.s3Endpoint;
        s3.region = config.awsRegion.isEmpty() ? QStringLiteral("us-east-1") : config.awsRegion;
        s3.accessKeyId = config.awsAccessKeyId;
        s3.secretAccessKey = config.awsSecretAccessKey;
        auto destination = std::make_unique<S3Destination>(location.value(), s3, config.stagingFolder);
        destination->setPartSize(config.s3PartSize);
        destination->setMultipartThreshold(config.s3MultipartThreshold);
        return std::unique_ptr<BackupDestination>(std::move(destination));
    }
    if (config.destination.contains(QLatin1String("://")))
        return makeError(ErrorKind::Config, tr("Unknown backup destination \"%1\"").arg(config.destination));
    return std::unique_ptr<BackupDestination>(std::make_unique<FolderDestination>(config.destination));
}

template <typename T>
Job<T> *BackupService::start(std::function<Result<T>(JobChannel &, BackupDestination &)> work,
                             std::function<void(const Result<T> &)> settle)
{
    const BackupConfig config = m_config;
    const DestinationFactory factory = m_factory;
    // The worker's own job stays with the service, so settle() sees every outcome; the caller gets
    // a second job that forwards progress and the result, and whose end cancels the work.
    auto *work_ = Job<T>::run(
        workerPool(),
        [config, factory, work](JobChannel &channel) -> Result<T> {
            auto destination = factory(config);
            if (!destination)
                return destination.error();
            return work(channel, *destination.value());
        },
        this);
    auto *job = new Job<T>(this);
    job->setCancelWaitsForWork(true);  // a cancelled backup is over once its partial files are gone
    connect(work_, &JobBase::progress, job, &JobBase::progress);
    connect(work_, &JobBase::warning, job, &JobBase::warning);
    const QPointer<Job<T>> caller(job);
    work_->onFinished(this, [settle, caller](const Result<T> &r) {
        if (settle)
            settle(r);
        if (caller)
            caller->finish(r);
    });
    const std::shared_ptr<JobChannel> channel = work_->channel();
    job->setAbort([channel] { channel->requestCancel(); });
    return job;
}

QThreadPool *BackupService::workerPool()
{
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool;  // lives as long as the process: workers may outlive any service
        p->setMaxThreadCount(2);
        return p;
    }();
    return pool;
}

Result<BackupManifest> BackupService::find(BackupDestination &destination, const QString &id)
{
    if (!isSafeBackupName(id))
        return makeError(ErrorKind::Config, tr("Refused the unsafe backup id \"%1\"").arg(id.left(80)));
    auto all = destination.list();
    if (!all)
        return all.error();
    for (const BackupManifest &m : all.value())
        if (m.id == id)
            return m;
    return makeError(ErrorKind::NotFound, tr("No backup %1 in %2").arg(id, destination.location()));
}

Job<BackupManifest> *BackupService::run(const PgConnectionInfo &database)
{
    const QDateTime now = m_clock.nowUtc();
    const QString format = m_config.format;
    std::optional<BackupKey> encryptWith;
    if (m_config.encrypt) {
        if (!m_config.key)
            return refuse<BackupManifest>(makeError(
                ErrorKind::Config, tr("Backups are set to be encrypted, but no backup key is set"),
                tr("Add one with \"opsdeck-cli backup key --generate\" or set OPSDECK_BACKUP_KEY.")));
        encryptWith = m_config.key;
    }
    return start<BackupManifest>([database, now, format, encryptWith](JobChannel &channel, BackupDestination &destination)
                                     -> Result<BackupManifest> {
        auto lock = destination.lock();
        if (!lock)
            return lock.error();
        // New folders are made private; one that already existed wider is the user's choice, but said.
        if (const QString wide = PrivateFolder::warning(destination.stagingFolder()); !wide.isEmpty())
            channel.warning(wide);
        if (Status s = destination.cleanStale(); !s)
            return s.error();
        auto version = serverVersion(database);
        if (!version)
            return version.error();
        // The tables and their sizes, for the restore test to check against; best effort.
        const auto tables = RestoreDrill::tableEstimates(database);
        DumpRequest request{database, destination.stagingFolder(), format, 6, now, version.value(), encryptWith,
                            tables ? tables.value() : QMap<QString, qint64>()};
        auto manifest = DumpPipeline::run(
            request, channel.cancelFlag(),
            [&channel](const DumpProgress &p) { channel.progress(QStringLiteral("dump"), p.rawBytes, 0); });
        if (!manifest)
            return manifest.error();
        if (Status s = destination.publish(manifest.value(), channel.cancelFlag(), [&channel](qint64 done, qint64 total) {
                channel.progress(QStringLiteral("upload"), done, total);
            });
            !s)
            return s.error();
        BackupManifest m = manifest.value();
        m.location = destination.location();
        return m;
    });
}

Job<QList<BackupManifest>> *BackupService::list()
{
    return start<QList<BackupManifest>>([](JobChannel &, BackupDestination &destination) { return destination.list(); });
}

Job<VerifyReport> *BackupService::verify(const QString &id)
{
    const std::optional<BackupKey> key = m_config.key;
    return start<VerifyReport>([id, key](JobChannel &channel, BackupDestination &destination) -> Result<VerifyReport> {
        auto manifest = find(destination, id);
        if (!manifest)
            return manifest.error();
        auto path = destination.localCopy(manifest.value(), channel.cancelFlag());
        if (!path)
            return path.error();
        auto report = BackupVerifier::verify(path.value(), manifest.value(), key, channel.cancelFlag(),
                                             [&channel](qint64 done, qint64 total) {
                                                 channel.progress(QStringLiteral("verify"), done, total);
                                             });
        destination.releaseLocalCopy(path.value());
        if (!report)
            return report.error();
        // The verification result is recorded; a failed check makes the backup unverified (no retention slot).
        BackupManifest m = manifest.value();
        if (m.sha256.isEmpty())
            return report;  // no manifest to update (a bare dump)
        // Signed again only when it was signed: an unsigned or forged manifest never gets OpsDeck's signature.
        const bool wasSigned = key && !key->isNull() && m.authenticity(*key) == BackupManifest::Authenticity::Signed;
        m.verified = report.value().ok;
        m.verifiedAt = QDateTime::currentDateTimeUtc();
        m.problem = report.value().problem;
        if (wasSigned)
            m.sign(*key);
        if (Status s = destination.updateManifest(m); !s)
            return s.error();
        return report;
    });
}

Job<RestoreOutcome> *BackupService::restore(const QString &id, const PgConnectionInfo &target, const QString &table,
                                            bool allowUnsigned)
{
    QJsonObject details{{QStringLiteral("phase"), QStringLiteral("attempt")},
                        {QStringLiteral("backup"), id},
                        {QStringLiteral("destination"), m_config.destination},
                        {QStringLiteral("targetDatabase"), target.displayUrl()},
                        {QStringLiteral("table"), table.isEmpty() ? QJsonValue() : QJsonValue(table)}};
    if (allowUnsigned)
        details.insert(QStringLiteral("allowUnsigned"), true);
    if (auto entry = m_audit.append(QStringLiteral("backup.restore"), target.database, details); !entry)
        return refuse<RestoreOutcome>(makeError(entry.error().kind, tr("Not restored: the audit entry could not be written"),
                                    entry.error().toString()));
    const std::optional<BackupKey> key = m_config.key;
    return start<RestoreOutcome>(
        [id, target, table, key, allowUnsigned](JobChannel &channel, BackupDestination &destination) -> Result<RestoreOutcome> {
            auto manifest = find(destination, id);
            if (!manifest)
                return manifest.error();
            auto path = destination.localCopy(manifest.value(), channel.cancelFlag());
            if (!path)
                return path.error();
            auto outcome = BackupRestorer::restore({path.value(), manifest.value(), target, table, key, allowUnsigned},
                                                   channel.cancelFlag(),
                                                   [&channel](qint64 done, qint64 total) {
                                                       channel.progress(QStringLiteral("restore"), done, total);
                                                   });
            destination.releaseLocalCopy(path.value());
            return outcome;
        },
        [this, id, target](const Result<RestoreOutcome> &r) {
            QJsonObject extra;
            if (r && r.value().unsignedBackup)
                extra.insert(QStringLiteral("unsignedBackup"), true);
            auditOutcome(QStringLiteral("backup.restore"), target.database, id, r.ok() ? Status() : Status(r.error()),
                         extra);
        });
}

Job<DrillReport> *BackupService::drill(const PgConnectionInfo &server)
{
    const QDateTime now = m_clock.nowUtc();
    const QJsonObject details{{QStringLiteral("phase"), QStringLiteral("attempt")},
                              {QStringLiteral("destination"), m_config.destination},
                              {QStringLiteral("server"), server.withDatabase(QStringLiteral("postgres")).displayUrl()}};
    if (auto entry = m_audit.append(QStringLiteral("backup.drill"), m_config.destination, details); !entry)
        return refuse<DrillReport>(makeError(entry.error().kind, tr("No restore test: the audit entry could not be written"),
                                    entry.error().toString()));
    const std::optional<BackupKey> key = m_config.key;
    return start<DrillReport>(
        [server, key, now](JobChannel &channel, BackupDestination &destination) -> Result<DrillReport> {
            return RestoreDrill::run(destination, server, key, now, channel.cancelFlag(),
                                     [&channel](qint64 done, qint64 total) {
                                         channel.progress(QStringLiteral("restore test"), done, total);
                                     });
        },
        [this](const Result<DrillReport> &r) {
            QJsonObject extra;
            if (r) {
                extra = r.value().toJson();
                extra.insert(QStringLiteral("result"), r.value().ok ? QStringLiteral("passed") : QStringLiteral("failed"));
            }
            auditOutcome(QStringLiteral("backup.drill"), m_config.destination, r ? r.value().backupId : QString(),
                         r.ok() ? Status() : Status(r.error()), extra);
        });
}

Job<PrunePlan> *BackupService::planPrune(const QDateTime &now)
{
    const RetentionPolicy policy = m_config.policy;
    return start<PrunePlan>([policy, now](JobChannel &, BackupDestination &destination) -> Result<PrunePlan> {
        auto all = destination.list();
        if (!all)
            return all.error();
        return makePlan(all.value(), policy, now, destination.location());
    });
}

Job<PruneOutcome> *BackupService::prune(const PrunePlan &plan)
{
    const QString hash = planHash(plan);
    const QJsonObject details{{QStringLiteral("phase"), QStringLiteral("attempt")},
                              {QStringLiteral("planHash"), hash},
                              {QStringLiteral("policy"), plan.policy.describe()},
                              {QStringLiteral("now"), plan.now.toString(Qt::ISODate)},
                              {QStringLiteral("remove"), QJsonArray::fromStringList(plan.removals())}};
    if (auto entry = m_audit.append(QStringLiteral("backup.prune"), plan.location, details); !entry)
        return refuse<PruneOutcome>(makeError(entry.error().kind, tr("Nothing pruned: the audit entry could not be written"),
                                    entry.error().toString()));
    return start<PruneOutcome>(
        [plan, hash](JobChannel &channel, BackupDestination &destination) -> Result<PruneOutcome> {
            auto lock = destination.lock();
            if (!lock)
                return lock.error();
            auto all = destination.list();
            if (!all)
                return all.error();
            const PrunePlan fresh = makePlan(all.value(), plan.policy, plan.now, destination.location());
            if (planHash(fresh) != hash)
                return makeError(ErrorKind::Conflict,
                                 tr("The backups changed since the preview; nothing was removed. Preview the prune again."));
            PruneOutcome outcome;
            const QStringList ids = fresh.removals();
            for (const BackupManifest &m : fresh.backups) {
                if (!ids.contains(m.id))
                    continue;
                if (channel.isCancelled())
                    return makeError(ErrorKind::Cancelled, tr("Prune cancelled after %n removals", nullptr, int(outcome.removed.size())));
                if (Status s = destination.remove(m); !s)
                    return s.error();
                outcome.removed << m.id;
                channel.progress(QStringLiteral("prune"), outcome.removed.size(), ids.size());
            }
            return outcome;
        },
        [this, hash, location = plan.location](const Result<PruneOutcome> &r) {
            QJsonObject extra{{QStringLiteral("removed"), QJsonArray::fromStringList(r.ok() ? r.value().removed : QStringList())}};
            auditOutcome(QStringLiteral("backup.prune"), location, hash, r.ok() ? Status() : Status(r.error()), extra);
        });
}

void BackupService::auditOutcome(const QString &action, const QString &target, const QString &ref, const Status &status,
                                 const QJsonObject &extra)
{
    QJsonObject details = extra;
    details.insert(QStringLiteral("phase"), QStringLiteral("outcome"));
    details.insert(QStringLiteral("ref"), ref);
    details.insert(QStringLiteral("status"), status.ok() ? QStringLiteral("succeeded")
                                             : status.error().kind == ErrorKind::Cancelled ? QStringLiteral("cancelled")
                                                                                           : QStringLiteral("failed"));
    if (!status.ok())
        details.insert(QStringLiteral("error"), status.error().message);
    // Best effort: the action already happened (or failed); a failed outcome entry is logged by AuditLog's caller.
    (void)m_audit.append(action, target, details);
}

} // namespace opsdeck
