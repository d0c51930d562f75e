#include "database/demodatabase.h"

#include "backups/dumppipeline.h"
#include "database/pgsession.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <pwd.h>
#include <unistd.h>

namespace opsdeck {

namespace {

const QString kBin = QStringLiteral("/usr/lib/postgresql/15/bin");

bool asRoot() { return ::geteuid() == 0; }

Status run(const QStringList &command, const QString &what)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    if (asRoot())
        p.start(QStringLiteral("runuser"), QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--")} + command);
    else
        p.start(command.first(), command.mid(1));
    if (!p.waitForFinished(120'000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return makeError(ErrorKind::External, DemoDatabase::tr("The demo database could not %1").arg(what),
                         QString::fromLocal8Bit(p.readAll().right(2000)));
    return {};
}

void chownToPostgres(const QString &path)
{
    if (const passwd *pw = getpwnam("postgres"); pw && asRoot())
        (void)::chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid);
}

const char *const kSchema[] = {
    "CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, email text, created timestamptz DEFAULT now())",
    "CREATE TABLE orders (id bigserial PRIMARY KEY, customer int REFERENCES customers(id), total numeric(10,2), "
    "status text, placed timestamptz)",
    "CREATE INDEX orders_customer ON orders (customer)",
    "CREATE INDEX orders_placed ON orders (placed)",
    "CREATE TABLE events (id bigserial PRIMARY KEY, kind text, payload text, at timestamptz)",
    "INSERT INTO customers (name, email) SELECT 'Customer ' || g, 'c' || g || '@example.com' FROM generate_series(1, 5000) g",
};

const char *const kData[] = {
    "INSERT INTO orders (customer, total, status, placed) SELECT 1 + g % 5000, (g % 997) / 3.0, "
    "(ARRAY['paid','shipped','refunded'])[1 + g % 3], now() - g * interval '5 minutes' FROM generate_series(1, 200000) g",
    "INSERT INTO events (kind, payload, at) SELECT 'page_view', md5(g::text), now() - g * interval '1 minute' "
    "FROM generate_series(1, 120000) g",
    "DELETE FROM events WHERE id % 3 = 0",  // dead rows for VACUUM to show
    "ANALYZE",
};

} // namespace

bool DemoDatabase::available()
{
    return QFileInfo(kBin + QStringLiteral("/initdb")).isExecutable() && (!asRoot() || getpwnam("postgres"));
}

DemoDatabase *DemoDatabase::create(QObject *parent)
{
    return new DemoDatabase(parent);
}

DemoDatabase::DemoDatabase(QObject *parent) : QObject(parent)
{
    QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/opsdeck-demo-pg-XXXXXX"));
    dir.setAutoRemove(false);
    m_dir = dir.path();
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    m_port = probe.serverPort();
    probe.close();
    if (!available() || !dir.isValid()) {
        m_result = Result<PgConnectionInfo>(
            makeError(ErrorKind::Config, tr("The demo database needs PostgreSQL 15's server binaries (postgresql-15)")));
        return;
    }
    m_started = QtConcurrent::run(&DemoDatabase::start, m_dir, m_port);
    // One continuation (Qt keeps one per future) hands the result to everyone waiting.
    m_started.then(this, [this](const Result<PgConnectionInfo> &r) {
        m_result = r;
        const auto waiting = std::exchange(m_waiting, {});
        for (const QPointer<Job<PgConnectionInfo>> &job : waiting)
            if (job)
                job->finish(r);
    });
}

// Stopping takes seconds: it happens on a worker thread, after the start if that is still running.
// The application waits for the global pool before it exits, so the server never outlives OpsDeck.
DemoDatabase::~DemoDatabase()
{
    for (const QPointer<Job<PgConnectionInfo>> &job : std::exchange(m_waiting, {}))
        if (job)
            job->finish(makeError(ErrorKind::Cancelled, tr("The demo database was stopped")));
    QThreadPool::globalInstance()->start([started = m_started, dir = m_dir]() mutable {
        if (started.isValid())
            started.waitForFinished();
        if (QFileInfo::exists(dir + QStringLiteral("/data/postmaster.pid")))
            (void)run({kBin + QStringLiteral("/pg_ctl"), QStringLiteral("-D"), dir + QStringLiteral("/data"),
                       QStringLiteral("-m"), QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("stop")},
                      QStringLiteral("stop"));
        QDir(dir).removeRecursively();
    });
}

Job<PgConnectionInfo> *DemoDatabase::ready(QObject *parent)
{
    if (m_result)
        return Job<PgConnectionInfo>::done(*m_result, parent);
    if (m_started.isFinished() && !m_started.isValid())
        return Job<PgConnectionInfo>::done(makeError(ErrorKind::Internal, tr("The demo database did not start")), parent);
    auto *job = new Job<PgConnectionInfo>(parent);
    m_waiting.append(job);
    return job;
}

Result<PgConnectionInfo> DemoDatabase::start(const QString &dir, int port)
{
    chownToPostgres(dir);
    const QByteArray password = QByteArray::number(QRandomGenerator::system()->generate64(), 36) + "-demo";
    const QString pwfile = dir + QStringLiteral("/pw");
    {
        QFile f(pwfile);
        if (!f.open(QIODevice::WriteOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            return makeError(ErrorKind::Io, tr("Cannot prepare the demo database"));
        f.write(password);
    }
    chownToPostgres(pwfile);
    const QString data = dir + QStringLiteral("/data");
    if (Status s = run({kBin + QStringLiteral("/initdb"), QStringLiteral("-D"), data, QStringLiteral("-U"),
                        QStringLiteral("postgres"), QStringLiteral("--auth-local=trust"),
                        QStringLiteral("--auth-host=scram-sha-256"), QStringLiteral("--pwfile=") + pwfile,
                        QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--no-sync")},
                       QStringLiteral("be created"));
        !s)
        return s.error();
    QFile::remove(pwfile);
    QFile conf(data + QStringLiteral("/postgresql.conf"));
    if (!conf.open(QIODevice::Append))
        return makeError(ErrorKind::Io, tr("Cannot configure the demo database"));
    QString settings = QStringLiteral("listen_addresses = '127.0.0.1'\nport = %1\nunix_socket_directories = '%2'\n"
                                      "fsync = off\nsynchronous_commit = off\nmax_connections = 30\n")
                           .arg(port)
                           .arg(dir);
    const bool statements = QFileInfo::exists(QStringLiteral("/usr/lib/postgresql/15/lib/pg_stat_statements.so"));
    if (statements)
        settings += QStringLiteral("shared_preload_libraries = 'pg_stat_statements'\n");
    conf.write(settings.toUtf8());
    conf.close();
    if (Status s = run({kBin + QStringLiteral("/pg_ctl"), QStringLiteral("-D"), data, QStringLiteral("-l"),
                        dir + QStringLiteral("/log"), QStringLiteral("-w"), QStringLiteral("start")},
                       QStringLiteral("start"));
        !s)
        return s.error();

    PgConnectionInfo info;
    info.host = QStringLiteral("127.0.0.1");
    info.port = port;
    info.user = QStringLiteral("postgres");
    info.database = QStringLiteral("postgres");
    info.password = password;
    const QString name = QStringLiteral("opsdeck-demo-setup");
    Status setup;
    {
        auto admin = PgSession::open(info, name);
        if (!admin)
            return admin.error();
        {
            QSqlQuery q(admin.value());
            if (!q.exec(QStringLiteral("CREATE DATABASE shop")))
                setup = PgSession::sqlError(tr("Cannot create the demo database"), q.lastError());
        }
        admin.value().close();
    }
    QSqlDatabase::removeDatabase(name);
    if (!setup)
        return setup.error();
    info.database = QStringLiteral("shop");
    {
        auto shop = PgSession::open(info, name);
        if (!shop)
            return shop.error();
        {
            QSqlQuery q(shop.value());
            for (const char *sql : kSchema)
                if (setup && !q.exec(QString::fromLatin1(sql)))
                    setup = PgSession::sqlError(tr("Cannot fill the demo database"), q.lastError());
            // Twelve days of nightly backups while the database is still small (fast), so the Backups page
            // has a retention plan to show: 7/4/12/7 keeps the last week and the weekly ones, not all.
            const std::atomic<bool> cancel{false};
            const QDateTime today(QDate::currentDate(), QTime(2, 0), Qt::UTC);
            for (int day = 12; setup && day >= 1; --day)
                (void)DumpPipeline::run({info, dir + QStringLiteral("/backups"), QStringLiteral("plain"), 6,
                                         today.addDays(-day), {}, {}, {}},
                                        cancel);
            for (const char *sql : kData)
                if (setup && !q.exec(QString::fromLatin1(sql)))
                    setup = PgSession::sqlError(tr("Cannot fill the demo database"), q.lastError());
            if (setup && statements && q.exec(QStringLiteral("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"))) {
                // A few statements so the slow-query list has something to show.
                for (int i = 0; i < 5; ++i) {
                    q.exec(QStringLiteral("SELECT status, count(*), sum(total) FROM orders GROUP BY status"));
                    q.exec(QStringLiteral("SELECT * FROM events WHERE payload LIKE '%%ab%%' ORDER BY at DESC LIMIT 50"));
                    q.exec(QStringLiteral("SELECT c.name, count(o.id) FROM customers c JOIN orders o ON o.customer = c.id "
                                          "GROUP BY c.name ORDER BY 2 DESC LIMIT 10"));
                }
            }
        }
        shop.value().close();
    }
    QSqlDatabase::removeDatabase(name);
    if (!setup)
        return setup.error();
    return info;
}

} // namespace opsdeck
