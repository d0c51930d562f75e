#pragma once

#include "backups/backupcrypto.h"
#include "backups/backupdestination.h"
#include "core/result.h"
#include "database/pgconnectioninfo.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>

namespace opsdeck {

class Store;

// One restore test: the newest verified backup restored into a scratch database,
// its tables checked against what the manifest recorded, the scratch database dropped again.
struct DrillReport {
    QDateTime at;            // when the drill ran (UTC)
    QString backupId;        // empty when there was nothing to restore
    QDateTime backupTime;
    QString scratchDatabase;
    bool ok = false;
    int tablesChecked = 0;
    QStringList problems;    // for people; empty when ok
    qint64 durationMs = 0;

    QJsonObject toJson() const;
    static std::optional<DrillReport> fromJson(const QJsonObject &o);
};

class RestoreDrill
{
    Q_DECLARE_TR_FUNCTIONS(RestoreDrill)

public:
    using ProgressFn = std::function<void(qint64 done, qint64 total)>;

    // Blocking: run on a worker thread. A failed drill is a report with problems (red); only a
    // cancel is an error. `server` names the server (and credentials) the scratch database goes to.
    static Result<DrillReport> run(BackupDestination &destination, const PgConnectionInfo &server,
                                   const std::optional<BackupKey> &key, const QDateTime &now,
                                   const std::atomic<bool> &cancel, const ProgressFn &progress = {});

    // "schema.table" → live rows (pg_stat_user_tables), as recorded in a backup's manifest.
    static Result<QMap<QString, qint64>> tableEstimates(const PgConnectionInfo &database);
};

// Green: the last drill passed within 7 days. Amber: none passed yet, or the last pass is older.
// Red: the last drill failed.
enum class DrillHealth { Green, Amber, Red };

struct DrillStatus {
    DrillHealth health = DrillHealth::Amber;
    QString text;
};

DrillStatus drillStatus(const std::optional<DrillReport> &last, const std::optional<DrillReport> &lastPassed,
                        const QDateTime &now);

// The drills of one profile, in the local store (settings_meta "backup/drill/<profile>/...").
class DrillRecords
{
    Q_DECLARE_TR_FUNCTIONS(DrillRecords)

public:
    DrillRecords(Store &store, QString profile);
    Status save(const DrillReport &report);
    std::optional<DrillReport> last() const;
    std::optional<DrillReport> lastPassed() const;
    DrillStatus status(const QDateTime &now) const { return drillStatus(last(), lastPassed(), now); }

private:
    std::optional<DrillReport> read(const QString &key) const;
    Status write(const QString &key, const DrillReport &report);

    Store &m_store;
    QString m_prefix;
};

} // namespace opsdeck
