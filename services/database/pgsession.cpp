#include "pgsession.h"

#include <QAtomicInteger>
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

PgSession::PgSession(PgConnectionInfo info, QObject *parent)
    : QObject(parent), m_info(std::move(info)), m_connectionName(uniqueName("opsdeck-pg-"))
{
    // One thread that never expires: the connection lives on it for the session's lifetime.
    m_pool.setMaxThreadCount(1);
    m_pool.setExpiryTimeout(-1);
}

PgSession::~PgSession()
{
    if (m_backendPid.load() != 0 && m_pool.activeThreadCount() > 0)
        cancelCurrent().waitForFinished();
    const QString name = m_connectionName;
    // Not QFuture::waitForFinished(): it may run a queued task on the calling thread, and the
    // connection must be closed on the thread that opened it. waitForDone() never steals.
    m_pool.start([name] {
        if (QSqlDatabase::contains(name)) {
            QSqlDatabase::database(name, false).close();
            QSqlDatabase::removeDatabase(name);
        }
    });
    m_pool.waitForDone();
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

Result<QSqlDatabase> PgSession::connection()
{
    if (QSqlDatabase::contains(m_connectionName)) {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            return db;
        QSqlDatabase::removeDatabase(m_connectionName);
    }
    auto db = open(m_info, m_connectionName);
    if (!db)
        return db;
    QSqlQuery q(db.value());
    if (q.exec(QStringLiteral("SELECT pg_backend_pid()")) && q.next())
        m_backendPid.store(q.value(0).toInt());
    return db;
}

QFuture<Status> PgSession::cancelCurrent()
{
    const PgConnectionInfo info = m_info;
    const int pid = m_backendPid.load();
    return QtConcurrent::run([info, pid]() -> Status {
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
    });
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
