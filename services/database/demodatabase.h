#pragma once

#include "core/job.h"
#include "database/pgconnectioninfo.h"

#include <QFuture>
#include <QObject>
#include <QPointer>

#include <optional>

namespace opsdeck {

// The demo's database (`opsdeck --demo`, when PostgreSQL 15's server binaries exist): a throwaway
// cluster in a temporary folder on a free loopback port with a small shop schema, some bloat to
// vacuum, pg_stat_statements when it can be preloaded, and a few backups of past days so the Backups
// page has a retention plan to show. Started on a worker thread (never the GUI thread); stopped and
// deleted on a worker thread when this object goes. As root, initdb and postgres run as the `postgres` user (runuser).
class DemoDatabase : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoDatabase)

public:
    static bool available();
    // Starts a new demo database; the session owns the one of a run (Session::demoDatabase).
    static DemoDatabase *create(QObject *parent);
    ~DemoDatabase() override;

    // Finishes once the database is up (or failed to start).
    Job<PgConnectionInfo> *ready(QObject *parent = nullptr);
    QString backupFolder() const { return m_dir + QStringLiteral("/backups"); }

private:
    explicit DemoDatabase(QObject *parent);
    static Result<PgConnectionInfo> start(const QString &dir, int port);

    QString m_dir;
    int m_port = 0;
    QFuture<Result<PgConnectionInfo>> m_started;
    std::optional<Result<PgConnectionInfo>> m_result;
    QList<QPointer<Job<PgConnectionInfo>>> m_waiting;
};

} // namespace opsdeck
