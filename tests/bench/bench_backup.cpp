// Backup pipeline benchmark (issue 6): a database of at least 1 GB on disk in a throwaway
// PostgreSQL 15 cluster, dumped (plain format) by `pg_dump | gzip > file` and by OpsDeck's pipeline
// (pg_dump → in-process gzip + SHA-256 → .partial → fsync → read-back check → rename → manifest),
// alternately, twice each. Reports the best wall time of each, their ratio (target ≤ 1.1) and the
// pipeline's peak resident memory (VmHWM of this process, target < 64 MiB).
//
//   bench_backup [GB]        (default 1; OPSDECK_BENCH_DATABASE_URL=postgresql://... to use a server)
#include "backups/dumppipeline.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>

#include <cstdio>

using namespace opsdeck;

namespace {

qint64 statusKb(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').first().toLongLong();
    return -1;
}

const QString kBin = QStringLiteral("/usr/lib/postgresql/15/bin");
const QByteArray kPassword = "bench-password-not-real";

QString PgTools_find() { return kBin + QStringLiteral("/pg_dump"); }

// A throwaway cluster (as tests/support/pgcluster, which benchmarks do not link): initdb and pg_ctl
// as `postgres` in a temporary folder, scram authentication on a free loopback port.
struct Cluster {
    QTemporaryDir dir{QDir::tempPath() + QStringLiteral("/opsdeck-bench-pg-XXXXXX")};
    int port = 0;
    bool running = false;

    static bool run(const QStringList &args, QByteArray *output = nullptr)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral("runuser"), QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--")} + args);
        const bool ok = p.waitForFinished(-1) && p.exitCode() == 0;
        if (output)
            *output = p.readAll();
        return ok;
    }
    bool start()
    {
        QProcess::execute(QStringLiteral("chown"), {QStringLiteral("postgres"), dir.path()});
        QFile pw(dir.filePath(QStringLiteral("pw")));
        if (!pw.open(QIODevice::WriteOnly))
            return false;
        pw.write(kPassword);
        pw.close();
        QProcess::execute(QStringLiteral("chown"), {QStringLiteral("postgres"), pw.fileName()});
        const QString data = dir.filePath(QStringLiteral("data"));
        if (!run({kBin + QStringLiteral("/initdb"), QStringLiteral("-D"), data, QStringLiteral("-U"), QStringLiteral("postgres"),
                  QStringLiteral("--auth-host=scram-sha-256"), QStringLiteral("--auth-local=trust"),
                  QStringLiteral("--pwfile=") + pw.fileName(), QStringLiteral("--no-sync")}))
            return false;
        QFile conf(data + QStringLiteral("/postgresql.conf"));
        if (!conf.open(QIODevice::Append))
            return false;
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        port = probe.serverPort();
        probe.close();
        conf.write(QStringLiteral("listen_addresses = '127.0.0.1'\nport = %1\nunix_socket_directories = '%2'\n"
                                  "max_wal_size = '4GB'\nshared_buffers = '128MB'\n")
                       .arg(port)
                       .arg(dir.path())
                       .toUtf8());
        conf.close();
        running = run({kBin + QStringLiteral("/pg_ctl"), QStringLiteral("-D"), data, QStringLiteral("-l"),
                       dir.filePath(QStringLiteral("log")), QStringLiteral("-w"), QStringLiteral("start")});
        return running;
    }
    ~Cluster()
    {
        if (running)
            run({kBin + QStringLiteral("/pg_ctl"), QStringLiteral("-D"), dir.filePath(QStringLiteral("data")),
                 QStringLiteral("-m"), QStringLiteral("immediate"), QStringLiteral("stop")});
    }
    static std::pair<int, QByteArray> psql(const PgConnectionInfo &db, const QString &sql)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PGPASSWORD"), QString::fromUtf8(db.password));
        p.setProcessEnvironment(env);
        p.start(kBin + QStringLiteral("/psql"), QStringList{QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-A"),
                                                            QStringLiteral("-t"), QStringLiteral("-c"), sql}
                                                    + db.toolArguments());
        p.waitForFinished(-1);
        return {p.exitCode(), p.readAll()};
    }
};

// Resets VmHWM to the current RSS (Linux: write 5 to clear_refs).
void resetPeak()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    if (f.open(QIODevice::WriteOnly))
        f.write("5");
}

double shellBaseline(const PgConnectionInfo &db, const QString &out)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PGPASSWORD"), QString::fromUtf8(db.password));  // the reference command, as people run it
    p.setProcessEnvironment(env);
    const QString cmd = QStringLiteral("'%1' --format=p --host=%2 --port=%3 --username=%4 --dbname=%5 | gzip > '%6'")
                            .arg(PgTools_find(), db.host)
                            .arg(db.port)
                            .arg(db.user, db.database, out);
    QElapsedTimer t;
    t.start();
    p.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), cmd});
    p.waitForFinished(-1);
    return p.exitCode() == 0 ? t.elapsed() / 1000.0 : -1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const double gigabytes = argc > 1 ? std::max(0.01, atof(argv[1])) : 1.0;
    Cluster cluster;
    PgConnectionInfo db;
    const QString external = qEnvironmentVariable("OPSDECK_BENCH_DATABASE_URL");
    if (!external.isEmpty()) {
        auto info = PgConnectionInfo::fromUrl(external);
        if (!info) {
            std::fprintf(stderr, "%s\n", qPrintable(info.error().toString()));
            return 2;
        }
        db = info.value();
    } else {
        if (!cluster.start()) {
            std::fprintf(stderr, "cannot start PostgreSQL 15 (run as root with postgresql-15 installed)\n");
            return 2;
        }
        db = PgConnectionInfo::fromUrl(QStringLiteral("postgresql://postgres@127.0.0.1:%1/bench").arg(cluster.port)).value();
        db.password = kPassword;
        Cluster::psql(db.withDatabase(QStringLiteral("postgres")), QStringLiteral("CREATE DATABASE bench"));
        // ~115 bytes a row on disk: ids, two hex digests (compress about 2:1, like real text), a timestamp.
        const qint64 rows = qint64(gigabytes * 1024 * 1024 * 1024 / 108);
        QElapsedTimer load;
        load.start();
        const auto [code, out] = Cluster::psql(db,
            QStringLiteral("CREATE UNLOGGED TABLE events AS SELECT g AS id, md5(g::text) AS a, md5((g * 7)::text) AS b, "
                           "timestamptz '2026-01-01' + g * interval '1 second' AS at FROM generate_series(1, %1) g")
                .arg(rows));
        if (code != 0) {
            std::fprintf(stderr, "cannot load data: %s\n", out.constData());
            return 2;
        }
        std::fprintf(stderr, "loaded %lld rows in %.1f s\n", rows, load.elapsed() / 1000.0);
    }
    const auto [code, size] = Cluster::psql(db, QStringLiteral("SELECT pg_database_size(current_database())"));
    const double sizeGb = code == 0 ? size.trimmed().toDouble() / (1024.0 * 1024 * 1024) : -1;

    QTemporaryDir dir;
    double bestShell = 1e9, bestOurs = 1e9;
    qint64 peakKb = 0, baseKb = 0, dumpBytes = 0, rawBytes = 0;
    for (int round = 0; round < 3; ++round) {
        const QString shellOut = dir.filePath(QStringLiteral("shell-%1.sql.gz").arg(round));
        const double shell = shellBaseline(db, shellOut);
        QFile::remove(shellOut);
        const QString folder = dir.filePath(QStringLiteral("ours-%1").arg(round));
        resetPeak();
        baseKb = statusKb("VmRSS:");
        std::atomic<bool> cancel{false};
        QElapsedTimer t;
        t.start();
        auto m = DumpPipeline::run({db, folder, QStringLiteral("plain"), 6, QDateTime::currentDateTimeUtc(), {}, {}, {}}, cancel);
        const double ours = t.elapsed() / 1000.0;
        peakKb = std::max(peakKb, statusKb("VmHWM:"));
        if (!m || shell < 0) {
            std::fprintf(stderr, "run failed: %s\n", m ? "pg_dump | gzip" : qPrintable(m.error().toString()));
            return 1;
        }
        dumpBytes = m.value().sizeBytes;
        rawBytes = m.value().rawBytes;
        QDir(folder).removeRecursively();
        std::fprintf(stderr, "round %d: pg_dump | gzip %.2f s, OpsDeck %.2f s\n", round + 1, shell, ours);
        bestShell = std::min(bestShell, shell);
        bestOurs = std::min(bestOurs, ours);
    }
    std::printf("database on disk            %.2f GB (dump %.2f GB raw, %.2f GB gzipped)\n", sizeGb,
                rawBytes / 1073741824.0, dumpBytes / 1073741824.0);
    std::printf("pg_dump | gzip > file       %.2f s (best of 3)\n", bestShell);
    std::printf("OpsDeck pipeline            %.2f s (best of 3), ratio %.3f  [target <= 1.10]\n", bestOurs,
                bestOurs / bestShell);
    std::printf("peak RSS during the dump    %.1f MiB (process before: %.1f MiB)  [target < 64 MiB]\n", peakKb / 1024.0,
                baseKb / 1024.0);
    return bestOurs / bestShell <= 1.1 && peakKb < 64 * 1024 ? 0 : 1;
}
