#include "store/store.h"

#include "database/pgconnectioninfo.h"
#include "store/migrations.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QtEndian>

#include <atomic>

namespace opsdeck {

namespace {

constexpr auto kDriver = "QSQLITE";
constexpr auto kConnectOptions = "QSQLITE_BUSY_TIMEOUT=5000";

QString uniqueConnectionName()
{
    static std::atomic<quint64> counter{0};
    return QStringLiteral("opsdeck.store.") + QString::number(++counter);
}

// SQLite result codes that mean the file itself is bad, as opposed to busy or unreadable.
bool meansDamaged(const QSqlError &error)
{
    const int code = error.nativeErrorCode().toInt() & 0xff;
    return code == 11 /* SQLITE_CORRUPT */ || code == 26 /* SQLITE_NOTADB */;
}

Error damagedError(const QString &path, const QString &detail)
{
    return makeError(ErrorKind::Io,
                     Store::tr("The data file %1 is damaged or is not an OpsDeck data file. It was left "
                               "unchanged; restore it from a backup (%1.bak-v…) or move it away to start "
                               "with an empty store.").arg(QDir::toNativeSeparators(path)),
                     detail);
}

// Why a step of the open sequence failed: the file is bad, or something else (busy, permissions).
Error openFailure(const QString &path, const QString &step, const QSqlError &error)
{
    if (meansDamaged(error))
        return damagedError(path, step + QStringLiteral(": ") + error.text());
    return makeError(ErrorKind::Io, Store::tr("Could not open the data file %1.").arg(QDir::toNativeSeparators(path)),
                     step + QStringLiteral(": ") + error.text());
}

Result<QString> pragmaValue(QSqlDatabase db, const QString &path, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return openFailure(path, sql, query.lastError());
    return query.next() ? query.value(0).toString() : QString();
}

// quick_check's complaints, or an empty string when it answers "ok".
Result<QString> quickCheck(QSqlDatabase db, const QString &path)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("PRAGMA quick_check")))
        return openFailure(path, QStringLiteral("PRAGMA quick_check"), query.lastError());
    QStringList problems;
    while (query.next() && problems.size() < 5) {
        const QString line = query.value(0).toString();
        if (line != QStringLiteral("ok"))
            problems.append(line);
    }
    if (query.lastError().isValid())
        problems.append(query.lastError().text());
    return problems.join(QStringLiteral("; "));
}

} // namespace

Store::Store(QString path) : m_path(std::move(path)) {}

bool Store::isSharedLocation(const QString &location)
{
    return location.startsWith(QLatin1String("postgres://")) || location.startsWith(QLatin1String("postgresql://"));
}

Status Store::openShared()
{
    auto info = PgConnectionInfo::fromUrl(m_path);
    if (!info)
        return info.error();
    if (!m_password.isEmpty())
        info.value().password = m_password;
    if (Status valid = info->validate(); !valid)
        return valid;
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return makeError(ErrorKind::Config, tr("The Qt PostgreSQL driver (QPSQL) is not installed"),
                         tr("Install libqt6sql6-psql"));
    m_connectionName = uniqueConnectionName();
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connectionName);
    m_db.setHostName(info->host);
    m_db.setPort(info->port);
    m_db.setUserName(info->user);
    m_db.setDatabaseName(info->database);
    m_db.setPassword(QString::fromUtf8(info->password));
    m_db.setConnectOptions(info->qsqlConnectOptions());
    if (!m_db.open()) {
        const QString detail = m_db.lastError().text();
        close();
        return makeError(ErrorKind::Network, tr("Could not connect to the shared store %1.").arg(info->displayUrl()), detail);
    }
    m_thread = QThread::currentThread();
    if (Status ready = Migrations::migrate(m_db, info->displayUrl()); !ready) {
        close();
        return ready;
    }
    return {};
}

Store::~Store() { close(); }

int Store::latestSchemaVersion() { return Migrations::latestVersion(); }

bool Store::isOpen() const { return m_db.isValid() && m_db.isOpen(); }

QSqlDatabase Store::db() const
{
    Q_ASSERT_X(!isOpen() || QThread::currentThread() == m_thread, "Store::db",
               "a Store is used only on the thread that opened it");
    return m_db;
}

int Store::schemaVersion() const
{
    if (!isOpen())
        return -1;
    return Migrations::userVersion(m_db).valueOr(-1);
}

Status Store::open(Checks checks)
{
    if (isOpen())
        return {};
    if (m_path.isEmpty())
        return makeError(ErrorKind::Config, tr("No location was given for the data file."));
    if (isShared())
        return openShared();
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath()))
        return makeError(ErrorKind::Io, tr("Could not create the folder %1 for the data file.")
                                            .arg(QDir::toNativeSeparators(info.absolutePath())));
    if (Status header = checkHeader(); !header)
        return header;

    m_connectionName = uniqueConnectionName();
    m_db = QSqlDatabase::addDatabase(QString::fromLatin1(kDriver), m_connectionName);
    if (!m_db.isValid()) {
        close();
        return makeError(ErrorKind::Internal, tr("Qt's SQLite driver is missing (package libqt6sql6-sqlite)."));
    }
    m_db.setDatabaseName(m_path);
    // The busy timeout must be in force before the WAL switch, or that switch fails at once
    // with SQLITE_BUSY while another instance holds the file.
    m_db.setConnectOptions(QString::fromLatin1(kConnectOptions));
    if (!m_db.open()) {
        const QString detail = m_db.lastError().text();
        close();
        return makeError(ErrorKind::Io, tr("Could not open the data file %1.").arg(QDir::toNativeSeparators(m_path)),
                         detail);
    }
    m_thread = QThread::currentThread();
    Status ready = configure(checks);
    if (ready)
        ready = Migrations::migrate(m_db, m_path);
    if (!ready) {
        close();
        return ready;
    }
    return {};
}

void Store::close()
{
    if (m_connectionName.isEmpty())
        return;
    if (m_db.isValid())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
    m_thread = nullptr;
}

// Looks at the 100-byte SQLite header before SQLite touches the file, so that a file we must refuse
// is refused without being opened for writing (opening in WAL mode may rewrite the header).
Status Store::checkHeader() const
{
    QFile file(m_path);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::Io, tr("Could not read the data file %1.").arg(QDir::toNativeSeparators(m_path)),
                         file.errorString());
    if (file.size() == 0)
        return makeError(ErrorKind::Io,
                         tr("The data file %1 is empty, so it was probably cut short. It was left unchanged; "
                            "restore it from a backup (%1.bak-v…) or move it away to start with an empty store.")
                             .arg(QDir::toNativeSeparators(m_path)));
    const QByteArray header = file.read(100);
    if (header.size() < 100 || !header.startsWith(QByteArrayLiteral("SQLite format 3\0")))
        return damagedError(m_path, QStringLiteral("no SQLite header"));
    // Fields with fixed or few legal values; garbage after the magic string fails here, before its
    // random "user_version" could be mistaken for a newer schema.
    const auto byte = [&header](int offset) { return static_cast<quint8>(header.at(offset)); };
    const int pageSize = qFromBigEndian<quint16>(header.constData() + 16);
    const bool pageSizeOk = pageSize == 1 || (pageSize >= 512 && (pageSize & (pageSize - 1)) == 0);
    const bool versionsOk = (byte(18) == 1 || byte(18) == 2) && (byte(19) == 1 || byte(19) == 2);
    if (!pageSizeOk || !versionsOk || byte(21) != 64 || byte(22) != 32 || byte(23) != 32)
        return damagedError(m_path, QStringLiteral("invalid SQLite header"));
    const int version = qFromBigEndian<qint32>(header.constData() + 60);
    if (version > latestSchemaVersion())
        return makeError(ErrorKind::Config, Migrations::newerSchemaMessage(m_path, version, latestSchemaVersion()));
    const bool wal = byte(18) == 2 && byte(19) == 2;
    return wal ? Status() : probeLegacyFile();
}

// A file not yet in WAL mode (not written by OpsDeck, or from a tool) is checked read-only first:
// switching it to WAL writes to its header, which must not happen to a file we then refuse.
Status Store::probeLegacyFile() const
{
    const QString name = uniqueConnectionName() + QStringLiteral(".probe");
    Status result;
    {
        QSqlDatabase probe = QSqlDatabase::addDatabase(QString::fromLatin1(kDriver), name);
        probe.setDatabaseName(m_path);
        probe.setConnectOptions(QString::fromLatin1(kConnectOptions) + QStringLiteral(";QSQLITE_OPEN_READONLY"));
        if (!probe.open()) {
            result = makeError(ErrorKind::Io, tr("Could not open the data file %1.").arg(QDir::toNativeSeparators(m_path)),
                               probe.lastError().text());
        } else {
            const Result<QString> problems = quickCheck(probe, m_path);
            if (!problems)
                result = problems.error();
            else if (!problems->isEmpty())
                result = damagedError(m_path, *problems);
            probe.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

Status Store::configure(Checks checks)
{
    const Result<QString> mode = pragmaValue(m_db, m_path, QStringLiteral("PRAGMA journal_mode=WAL"));
    if (!mode)
        return mode.error();
    if (mode->compare(QStringLiteral("wal"), Qt::CaseInsensitive) != 0)
        return makeError(ErrorKind::Io,
                         tr("The data file %1 cannot use write-ahead logging (journal mode is \"%2\"); "
                            "keep it on a local disk.").arg(QDir::toNativeSeparators(m_path), *mode));
    for (const QString &pragma : {QStringLiteral("PRAGMA synchronous=FULL"), QStringLiteral("PRAGMA foreign_keys=ON")}) {
        if (const Result<QString> set = pragmaValue(m_db, m_path, pragma); !set)
            return set.error();
    }
    if (checks == Checks::Prepared)
        return {};
    const Result<QString> problems = quickCheck(m_db, m_path);
    if (!problems)
        return problems.error();
    if (!problems->isEmpty())
        return damagedError(m_path, *problems);
    return {};
}

Status Store::prepare(const QString &path)
{
    Store store(path);
    return store.open(Checks::Full);
}

} // namespace opsdeck
