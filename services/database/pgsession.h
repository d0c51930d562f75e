#pragma once

#include "core/job.h"
#include "database/pgconnectioninfo.h"

#include <QObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace opsdeck {

// One PostgreSQL connection on its own worker thread (Qt allows a QSqlDatabase only on the thread
// that opened it). Work is queued in order and runs there; each run() returns a Job on the calling
// thread, so nothing blocks the GUI thread. A job destroyed or cancelled before its turn never runs.
//
// The connection is opened lazily by the first job and named uniquely. Destroying the session does
// not wait: the running statement is cancelled (pg_cancel_backend from a second connection, on
// another thread), and the connection is closed on its own thread once the queued work is over.
class PgSession : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PgSession)

public:
    explicit PgSession(PgConnectionInfo info, QObject *parent = nullptr);
    ~PgSession() override;

    const PgConnectionInfo &info() const;

    template <typename T>
    Job<T> *run(std::function<Result<T>(QSqlDatabase &)> work, QObject *parent = nullptr)
    {
        std::shared_ptr<Core> core = m_core;
        return Job<T>::run(
            pool(),
            [core, work = std::move(work)](JobChannel &channel) -> Result<T> {
                if (channel.isCancelled())
                    return cancelledError();
                auto db = connection(*core);
                if (!db)
                    return db.error();
                return work(db.value());
            },
            parent);
    }

    // The server process running this session's statements (0 before the first connection).
    int backendPid() const;
    // Asks the server to cancel this session's current statement (pg_cancel_backend from a second,
    // short-lived connection, on a worker thread); the statement then fails with a "canceling" error.
    Job<void> *cancelCurrent(QObject *parent = nullptr);

    // A server error as an OpsDeck error (auth problems become Auth, with a hint for the password).
    static Error sqlError(const QString &what, const QSqlError &error);
    // Opens a connection on the calling thread (for one-shot helpers). The caller removes it.
    static Result<QSqlDatabase> open(const PgConnectionInfo &info, const QString &connectionName);

private:
    struct Core;
    QThreadPool *pool() const;
    static Result<QSqlDatabase> connection(Core &core);

    std::shared_ptr<Core> m_core;
};

} // namespace opsdeck
