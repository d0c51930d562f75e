#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>

class QThread;

namespace opsdeck {

// The store: the local SQLite file (one file, e.g. AppDataLocation/opsdeck.db), or a team's shared
// PostgreSQL database (a postgres[ql]:// URL; see isSharedLocation()).
//
// Shared (PostgreSQL): the connection goes through Qt's QPSQL driver with the password given by
// setPassword() (the keychain's or the environment's; never in the URL kept in settings) or libpq's
// own sources (PGPASSWORD, ~/.pgpass). The same migrations run, the schema version kept in the table
// opsdeck_schema; a database written by a newer OpsDeck is refused without a write. Every write
// transaction (SqlTransaction) takes one advisory lock first, so writers from many machines are
// serialised as SQLite's BEGIN IMMEDIATE serialises processes: the audit chain stays linear.
//
// open() runs, in this order: the connect option QSQLITE_BUSY_TIMEOUT=5000 (applied by the driver at
// open, before any statement), PRAGMA journal_mode=WAL (must answer "wal"), synchronous=FULL (every
// commit is synced: audit and checklist rows survive power loss), foreign_keys=ON, quick_check, then
// the schema migrations. A damaged file, a file that is not a database, an empty (truncated) file or a
// file from a newer OpsDeck gives an Error and is left as it was; nothing is written to it.
//
// Threads: each Store owns one uniquely named QSqlDatabase connection, which Qt allows on the thread
// that opened it only. Open, use and close a Store on one thread; other threads open their own Store
// on the same file. The slow part of opening (quick_check, migrations) is prepare(), which the GUI runs
// on a worker thread; its own Store then opens the checked file in a few milliseconds. Copies returned by db() must be gone
// before close() or the destructor.
class Store
{
    Q_DECLARE_TR_FUNCTIONS(Store)

public:
    explicit Store(QString path);

    // Whether location names a shared PostgreSQL store (postgres:// or postgresql://).
    static bool isSharedLocation(const QString &location);
    bool isShared() const { return isSharedLocation(m_path); }
    // The shared store's password, for open(); ignored for a file.
    void setPassword(const QByteArray &password) { m_password = password; }
    ~Store();
    Q_DISABLE_COPY_MOVE(Store)

    // The checks on open: Full runs quick_check (the whole file is read: slow for a big file);
    // Prepared skips it, for a file that prepare() checked and migrated in this process just before.
    enum class Checks { Full, Prepared };
    Status open(Checks checks = Checks::Full);  // idempotent while open
    // Everything open() verifies and migrates, on a connection of the calling thread that is closed
    // again: the GUI runs it on a worker thread, then opens the file with Checks::Prepared.
    static Status prepare(const QString &path);
    void close();
    bool isOpen() const;

    QSqlDatabase db() const;
    QString path() const { return m_path; }
    QString connectionName() const { return m_connectionName; }
    int schemaVersion() const;  // -1 when not open
    static int latestSchemaVersion();

private:
    Status checkHeader() const;
    Status probeLegacyFile() const;
    Status configure(Checks checks);
    Status openShared();

    QString m_path;
    QByteArray m_password;  // secret
    QString m_connectionName;
    QSqlDatabase m_db;
    QThread *m_thread = nullptr;
};

} // namespace opsdeck
