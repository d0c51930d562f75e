#include "pgcluster.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QTcpServer>

#include <sys/stat.h>
#include <unistd.h>
#include <pwd.h>

namespace opsdeck::test {

namespace {

int freePort()
{
    QTcpServer s;
    if (!s.listen(QHostAddress::LocalHost, 0))
        return 0;
    return s.serverPort();
}

bool chownToPostgres(const QString &path)
{
    const passwd *pw = getpwnam("postgres");
    return pw && ::chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid) == 0;
}

} // namespace

bool PgCluster::available()
{
    return QFileInfo::exists(binDir() + QStringLiteral("/initdb")) && getpwnam("postgres") != nullptr
        && (::geteuid() == 0);
}

namespace {
QList<PgCluster *> &liveClusters()
{
    static QList<PgCluster *> clusters;
    return clusters;
}
} // namespace

PgCluster::PgCluster() : m_dir(QDir::tempPath() + QStringLiteral("/opsdeck-pg-XXXXXX")) { liveClusters().append(this); }

PgCluster::~PgCluster()
{
    stop();
    liveClusters().removeAll(this);
}

void PgCluster::stopAll()
{
    for (PgCluster *c : std::as_const(liveClusters())) {
        c->stop();
        c->m_dir.remove();
    }
}

bool PgCluster::runAsPostgres(const QStringList &args, QByteArray *output)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.setWorkingDirectory(m_dir.path());
    p.start(QStringLiteral("runuser"), QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--")} + args);
    const bool ok = p.waitForFinished(120'000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    if (output)
        *output = p.readAll();
    if (!ok)
        m_error = args.join(QLatin1Char(' ')) + QStringLiteral(": ") + QString::fromLocal8Bit(p.readAll());
    return ok;
}

bool PgCluster::start(const QStringList &settings)
{
    if (!available()) {
        m_error = QStringLiteral("PostgreSQL 15 binaries or the postgres user are missing, or not root");
        return false;
    }
    if (!m_dir.isValid() || !chownToPostgres(m_dir.path())) {
        m_error = QStringLiteral("cannot prepare the cluster folder");
        return false;
    }
    m_dataDir = m_dir.path() + QStringLiteral("/data");
    const QString pwfile = m_dir.path() + QStringLiteral("/pw");
    {
        QFile f(pwfile);
        if (!f.open(QIODevice::WriteOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            return false;
        f.write(kPassword);
    }
    chownToPostgres(pwfile);
    QByteArray out;
    if (!runAsPostgres({binDir() + QStringLiteral("/initdb"), QStringLiteral("-D"), m_dataDir, QStringLiteral("-U"),
                        QStringLiteral("postgres"), QStringLiteral("--auth-local=trust"),
                        QStringLiteral("--auth-host=scram-sha-256"), QStringLiteral("--pwfile=") + pwfile,
                        QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--no-sync")},
                       &out))
        return false;
    QFile::remove(pwfile);
    // Listen on loopback only, sockets in our folder (not /run/postgresql), small and fast.
    QFile conf(m_dataDir + QStringLiteral("/postgresql.conf"));
    if (!conf.open(QIODevice::Append))
        return false;
    QStringList lines{QStringLiteral("listen_addresses = '127.0.0.1'"),
                      QStringLiteral("unix_socket_directories = '%1'").arg(m_dir.path()),
                      QStringLiteral("fsync = off"), QStringLiteral("synchronous_commit = off"),
                      QStringLiteral("full_page_writes = off"), QStringLiteral("max_connections = 40"),
                      QStringLiteral("shared_buffers = 32MB")};
    for (const QString &s : settings)
        lines << s.section(QLatin1Char('='), 0, 0).trimmed() + QStringLiteral(" = '")
                + s.section(QLatin1Char('='), 1).trimmed() + QLatin1Char('\'');
    conf.write((lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8());
    conf.close();
    for (int attempt = 0; attempt < 5 && !m_running; ++attempt) {
        m_port = freePort();
        m_running = runAsPostgres({binDir() + QStringLiteral("/pg_ctl"), QStringLiteral("-D"), m_dataDir,
                                   QStringLiteral("-l"), m_dir.path() + QStringLiteral("/log"), QStringLiteral("-w"),
                                   QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("-o"),
                                   QStringLiteral("-p %1").arg(m_port), QStringLiteral("start")});
    }
    if (!m_running) {
        QFile log(m_dir.path() + QStringLiteral("/log"));
        if (log.open(QIODevice::ReadOnly))
            m_error += QString::fromLocal8Bit(log.readAll().right(2000));
    }
    return m_running;
}

void PgCluster::stop()
{
    if (!m_running)
        return;
    runAsPostgres({binDir() + QStringLiteral("/pg_ctl"), QStringLiteral("-D"), m_dataDir, QStringLiteral("-m"),
                   QStringLiteral("immediate"), QStringLiteral("-w"), QStringLiteral("stop")});
    m_running = false;
}

QString PgCluster::url(const QString &database) const
{
    return QStringLiteral("postgresql://postgres@127.0.0.1:%1/%2").arg(m_port).arg(database);
}

QString PgCluster::urlWithPassword(const QString &database) const
{
    return QStringLiteral("postgresql://postgres:%1@127.0.0.1:%2/%3").arg(QLatin1String(kPassword)).arg(m_port).arg(database);
}

std::pair<int, QByteArray> PgCluster::tryPsql(const QString &sql, const QString &database) const
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PGPASSWORD"), QLatin1String(kPassword));  // test helper only
    p.setProcessEnvironment(env);
    p.start(binDir() + QStringLiteral("/psql"),
            {QStringLiteral("--no-psqlrc"), QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-A"),
             QStringLiteral("-t"), QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
             QStringLiteral("--host=127.0.0.1"), QStringLiteral("--port=%1").arg(m_port),
             QStringLiteral("--username=postgres"), QStringLiteral("--dbname=") + database, QStringLiteral("-c"), sql});
    p.waitForFinished(300'000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAll()};
}

QByteArray PgCluster::psql(const QString &sql, const QString &database) const
{
    const auto [code, out] = tryPsql(sql, database);
    INFO("psql " << sql.left(200).toStdString() << ": " << out.toStdString());
    REQUIRE(code == 0);
    return out;
}

void PgCluster::createDatabase(const QString &name) const
{
    psql(QStringLiteral("CREATE DATABASE \"%1\"").arg(name));
}

namespace {

void seedCluster(PgCluster &cluster, const ClusterSeed &seed)
{
    for (const auto &[database, sql] : seed.databases) {
        cluster.createDatabase(database);
        if (!sql.isEmpty())
            cluster.psql(sql, database);
    }
}

} // namespace

ClusterSeed statementsShop()
{
    return {{QStringLiteral("shared_preload_libraries=pg_stat_statements")},
            {{QStringLiteral("shop"),
              QStringLiteral("CREATE EXTENSION pg_stat_statements;"
                             "CREATE TABLE orders (id serial PRIMARY KEY, customer_id int, total numeric);"
                             "INSERT INTO orders (customer_id, total) SELECT g % 5000, g / 7.0 FROM generate_series(1, 300000) g;"
                             "ANALYZE orders;")}}};
}

PgCluster &sharedCluster(const ClusterSeed &seed)
{
    // Never deleted: stopAll() stops them after the last test, and Catch2 may still report then.
    static QHash<QString, PgCluster *> clusters;
    QStringList parts = seed.settings;
    for (const auto &[database, sql] : seed.databases)
        parts << database << sql;
    const QString key = parts.join(QChar(0x1f));
    if (PgCluster *existing = clusters.value(key))
        return *existing;
    auto cluster = std::make_unique<PgCluster>();
    if (!cluster->start(seed.settings))
        FAIL("cannot start PostgreSQL: " << cluster->error().toStdString());
    seedCluster(*cluster, seed);
    PgCluster *shared = cluster.release();
    clusters.insert(key, shared);
    return *shared;
}

std::unique_ptr<PgCluster> startCluster(const ClusterSeed &seed)
{
    auto cluster = std::make_unique<PgCluster>();
    const bool started = cluster->start(seed.settings);
    INFO(cluster->error().toStdString());
    REQUIRE(started);
    seedCluster(*cluster, seed);
    return cluster;
}

} // namespace opsdeck::test
