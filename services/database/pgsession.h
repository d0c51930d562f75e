#pragma once

#include "core/result.h"
#include "database/pgconnectioninfo.h"

#include <QFuture>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <functional>

namespace opsdeck {

// One PostgreSQL connection on its own worker thread (Qt allows a QSqlDatabase only on the thread
// that opened it). Work is queued in order and runs there; results come back as QFuture<Result<T>>,
// to be picked up with .then(context, ...) so nothing blocks the GUI thread. Never call
// waitForFinished()/result() on an unfinished future of a session: Qt may then run the job on the
// waiting thread, away from the connection's thread.
//
// The connection is opened lazily by the first job, named uniquely, and closed on the worker thread
// when the session is destroyed (which first cancels the running statement, then waits).
class PgSession : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PgSession)

public:
    explicit PgSession(PgConnectionInfo info, QObject *parent = nullptr);
    ~PgSession() override;

    const PgConnectionInfo &info() const { return m_info; }

    template <typename T>
    QFuture<Result<T>> run(std::function<Result<T>(QSqlDatabase &)> work)
    {
        return QtConcurrent::run(&m_pool, [this, work = std::move(work)]() -> Result<T> {
            auto db = connection();
            if (!db)
                return db.error();
            return work(db.value());
        });
    }

    // The server process running this session's statements (0 before the first connection).
    int backendPid() const { return m_backendPid.load(); }
    // Asks the server to cancel this session's current statement (pg_cancel_backend from a second,
    // short-lived connection). Safe from any thread; the statement then fails with a "canceling" error.
    QFuture<Status> cancelCurrent();

    // A server error as an OpsDeck error (auth problems become Auth, with a hint for the password).
    static Error sqlError(const QString &what, const QSqlError &error);
    // Opens a connection on the calling thread (for one-shot helpers). The caller removes it.
    static Result<QSqlDatabase> open(const PgConnectionInfo &info, const QString &connectionName);

private:
    Result<QSqlDatabase> connection();

    PgConnectionInfo m_info;
    QString m_connectionName;
    QThreadPool m_pool;
    std::atomic<int> m_backendPid{0};
};

} // namespace opsdeck
