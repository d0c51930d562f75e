#pragma once

#include "backups/backupcrypto.h"
#include "backups/backupdestination.h"
#include "backups/backupmanifest.h"
#include "backups/backuprestorer.h"
#include "backups/backupverifier.h"
#include "backups/restoredrill.h"
#include "backups/retentionplanner.h"
#include "core/job.h"
#include "core/result.h"
#include "database/pgconnectioninfo.h"

#include <QJsonObject>
#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace opsdeck {

class AuditLog;
class Clock;

struct BackupConfig {
    QString destination;   // a folder or s3://bucket/prefix
    QString s3Endpoint;    // empty: AWS
    QString awsRegion = QStringLiteral("us-east-1");
    QByteArray awsAccessKeyId;      // secret material: never logged
    QByteArray awsSecretAccessKey;
    QString stagingFolder;  // local folder for dumps on their way to a remote store
    QString format = QStringLiteral("plain");
    qint64 s3PartSize = 16 * 1024 * 1024;
    qint64 s3MultipartThreshold = 64 * 1024 * 1024;
    bool isS3() const { return destination.startsWith(QLatin1String("s3://")); }
    RetentionPolicy policy = RetentionPolicy::runbookDefault();
    // New backups are encrypted with `key` when `encrypt` is set; the key also opens older ones.
    bool encrypt = false;
    std::optional<BackupKey> key;  // secret material: never logged
};

struct PrunePlan {
    RetentionPolicy policy;
    QDateTime now;
    QString location;
    QList<RetentionDecision> decisions;  // newest first, the same list a prune executes
    QList<BackupManifest> backups;
    QStringList removals() const;  // ids, in plan order
};

struct PruneOutcome {
    QStringList removed;
};

// Backups for one destination: run, list, verify, restore, plan and prune. Blocking work runs on
// the backup worker threads (two, shared by every service); calls and results are on the thread that
// owns the service (which must also own the AuditLog). Restore, prune and the restore test are
// audited before they start (fail closed) and again with their outcome, even when the caller dropped
// the job (the work is then cancelled). Destroying the service does not wait: running work is told
// to stop and its result is dropped.
class BackupService : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackupService)

public:
    using DestinationFactory = std::function<Result<std::unique_ptr<BackupDestination>>(const BackupConfig &)>;

    BackupService(BackupConfig config, AuditLog &audit, Clock &clock, QObject *parent = nullptr);
    ~BackupService() override;

    const BackupConfig &config() const { return m_config; }
    static Result<std::unique_ptr<BackupDestination>> makeDestination(const BackupConfig &config);
    void setDestinationFactory(DestinationFactory factory) { m_factory = std::move(factory); }

    Job<BackupManifest> *run(const PgConnectionInfo &database);
    Job<QList<BackupManifest>> *list();
    Job<VerifyReport> *verify(const QString &id);
    // allowUnsigned: with a backup key, also restore a backup OpsDeck did not sign (made before it signed
    // them); the attempt's audit entry says so.
    Job<RestoreOutcome> *restore(const QString &id, const PgConnectionInfo &target, const QString &table,
                                 bool allowUnsigned = false);
    // The restore test: the newest verified backup into a scratch database on `server`, its
    // tables checked, the scratch database dropped. Audited; a failed test is a report, not an error.
    Job<DrillReport> *drill(const PgConnectionInfo &server);
    Job<PrunePlan> *planPrune(const QDateTime &now);
    // Executes a plan made by planPrune(): under the destination lock the plan is made again and, if
    // it differs (a backup appeared or went since), the prune is refused as stale and nothing is removed.
    Job<PruneOutcome> *prune(const PrunePlan &plan);

private:
    // Runs work on a worker thread with a destination made from the config. settle, if set, sees the
    // result on this thread before the caller does, even if the caller's job is gone.
    template <typename T>
    Job<T> *start(std::function<Result<T>(JobChannel &, BackupDestination &)> work,
                  std::function<void(const Result<T> &)> settle = {});
    template <typename T>
    Job<T> *refuse(Error error) { return Job<T>::done(std::move(error), this); }
    static QThreadPool *workerPool();
    static Result<BackupManifest> find(BackupDestination &destination, const QString &id);
    void auditOutcome(const QString &action, const QString &target, const QString &ref, const Status &status,
                      const QJsonObject &extra = {});

    BackupConfig m_config;
    AuditLog &m_audit;
    Clock &m_clock;
    DestinationFactory m_factory;
};

} // namespace opsdeck
