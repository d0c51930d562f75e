#include "database/pgsession.h"

#include <QAtomicInteger>
#include <QMutex>
#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>
#include <QVariant>

namespace opsdeck {

namespace {
QString uniqueName(const char *prefix)
{
    return QString::fromLatin1(prefix) + QUuid::createUuid().toString(QUuid::WithoutBraces);
}
} // namespace

struct PgSession::Core {
    PgConnectionInfo info;
    QString connectionName;
    QThreadPool pool;  // one thread that never expires: the connection lives on it
    std::atomic<int> backendPid{0};
};

namespace {
// Sessions still closing when the application ends: QCoreApplication's destructor waits for them
// (and for the global pool that releases them), so no connection outlives the SQL driver.
QMutex closingMutex;
QList<std::weak_ptr<QThreadPool>> closing;

void waitForClosingSessions()
{
    for (;;) {
        QList<std::weak_ptr<QThreadPool>> pools;
        {
            QMutexLocker lock(&closingMutex);
            pools = std::exchange(closing, {});
        }
        if (pools.isEmpty())
            break;
        for (const std::weak_ptr<QThreadPool> &weak : std::as_const(pools))
            if (const std::shared_ptr<QThreadPool> pool = weak.lock())
                pool->waitForDone();
    }
    QThreadPool::globalInstance()->waitForDone();
}
} // namespace

PgSession::PgSession(PgConnectionInfo info, QObject *parent) : QObject(parent), m_core(std::make_shared<Core>())
{
    static const bool registered = [] {
        qAddPostRoutine(waitForClosingSessions);
        return true;
    }();
    Q_UNUSED(registered);
    m_core->info = std::move(info);
    m_core->connectionName = uniqueName("opsdeck-pg-");
    m_core->pool.setMaxThreadCount(1);
    m_core->pool.setExpiryTimeout(-1);
}

PgSession::~PgSession()
{
    if (m_core->backendPid.load() != 0 && m_core->pool.activeThreadCount() > 0)
        (void)cancelCurrent();  // finishes on its own; nobody waits for it
    // Closed after the queued work, on the connection's thread. The last reference to the core must
    // not be dropped there (its pool would wait for itself): the global pool drops it.
    m_core->pool.start([core = m_core]() mutable {
        if (QSqlDatabase::contains(core->connectionName)) {
            QSqlDatabase::database(core->connectionName, false).close();
            QSqlDatabase::removeDatabase(core->connectionName);
        }
        QThreadPool::globalInstance()->start([last = std::move(core)]() mutable { last.reset(); });
    });
    QMutexLocker lock(&closingMutex);
    closing.append(std::shared_ptr<QThreadPool>(m_core, &m_core->pool));
}

const PgConnectionInfo &PgSession::info() const
{
    return m_core->info;
}

int PgSession::backendPid() const
{
    return m_core->backendPid.load();
}

QThreadPool *PgSession::pool() const
{
    return &m_core->pool;
}

Result<QSqlDatabase> PgSession::open(const PgConnectionInfo &info, const QString &connectionName)
{
    if (Status s = info.validate(); !s)
        return s.error();
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return makeError(ErrorKind::Config, tr("The Qt PostgreSQL driver (QPSQL) is not installed"),
                         tr("Install libqt6sql6-psql"));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    db.setHostName(info.host);
    db.setPort(info.port);
    db.setUserName(info.user);
    db.setDatabaseName(info.database);
    db.setPassword(QString::fromUtf8(info.password));
    db.setConnectOptions(info.qsqlConnectOptions());
    if (!db.open()) {
        Error e = sqlError(tr("Cannot connect to %1").arg(info.displayUrl()), db.lastError());
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
        return e;
    }
    return db;
}

Result<QSqlDatabase> PgSession::connection(Core &core)
{
    if (QSqlDatabase::contains(core.connectionName)) {
        QSqlDatabase db = QSqlDatabase::database(core.connectionName, false);
        if (db.isOpen())
            return db;
        QSqlDatabase::removeDatabase(core.connectionName);
    }
    auto db = open(core.info, core.connectionName);
    if (!db)
        return db;
    QSqlQuery q(db.value());
    if (q.exec(QStringLiteral("SELECT pg_backend_pid()")) && q.next())
        core.backendPid.store(q.value(0).toInt());
    return db;
}

Job<void> *PgSession::cancelCurrent(QObject *parent)
{
    const PgConnectionInfo info = m_core->info;
    const int pid = m_core->backendPid.load();
    return Job<void>::run(QThreadPool::globalInstance(), [info, pid](JobChannel &) -> Status {
        if (pid == 0)
            return {};
        const QString name = uniqueName("opsdeck-pg-cancel-");
        Status result;
        {
            auto db = open(info, name);
            if (!db)
                return db.error();
            {
                QSqlQuery q(db.value());
                q.prepare(QStringLiteral("SELECT pg_cancel_backend(?)"));
                q.addBindValue(pid);
                if (!q.exec())
                    result = sqlError(tr("Cannot cancel the running statement"), q.lastError());
            }
            db.value().close();
        }
        QSqlDatabase::removeDatabase(name);
        return result;
    }, parent);
}

Error PgSession::sqlError(const QString &what, const QSqlError &error)
{
    const QString text = error.text().trimmed();
    const QString code = error.nativeErrorCode();
    ErrorKind kind = ErrorKind::External;
    QString message = what;
    if (code == QLatin1String("28P01") || code == QLatin1String("28000")
        || text.contains(QLatin1String("password authentication failed"))
        || text.contains(QLatin1String("no password supplied"))) {
        kind = ErrorKind::Auth;
        message += QStringLiteral(": ") + tr("authentication failed. Store the password with "
                                            "`opsdeck-cli secrets set database-password` or put it in DATABASE_URL");
    } else if (code == QLatin1String("57014")) {
        kind = ErrorKind::Cancelled;
        message += QStringLiteral(": ") + tr("cancelled");
    } else if (error.type() == QSqlError::ConnectionError) {
        kind = ErrorKind::Network;
    }
    return makeError(kind, message, text);
}

} // namespace opsdeck
