// What reaches pg_dump, psql and pg_restore besides the dump: the URL's TLS settings, and a restore
// that ends before its last byte (OpsDeck killed, a cut stream) must leave nothing behind.
#include "backups/pgtools.h"
#include "database/pgconnectioninfo.h"
#include "pgcluster.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <csignal>

using namespace opsdeck;
using opsdeck::test::PgCluster;

namespace {

PgCluster &cluster()
{
    static PgCluster *c = [] {
        auto *p = new PgCluster;
        if (!p->start())
            FAIL("cannot start PostgreSQL: " << p->error().toStdString());
        p->createDatabase(QStringLiteral("shop"));
        // Large enough that restoring it takes a while: the test kills OpsDeck in the middle.
        p->psql(QStringLiteral("CREATE TABLE events (id int PRIMARY KEY, payload text);"
                               "INSERT INTO events SELECT g, md5(g::text) || md5((g * 7)::text) FROM generate_series(1, 1500000) g;"),
                QStringLiteral("shop"));
        return p;
    }();
    return *c;
}

QProcessEnvironment cliEnvironment(const QTemporaryDir &home, const QString &databaseUrl)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("DATABASE_URL"), databaseUrl);
    for (const char *v : {"PGSSLMODE", "PGSSLROOTCERT", "PGSSLCERT", "PGSSLKEY"})
        env.remove(QString::fromLatin1(v));
    return env;
}

struct Run {
    int code = -1;
    QByteArray out;
    QByteArray err;
};

Run cli(const QProcessEnvironment &env, const QStringList &args)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(test::cliPath(), args);
    REQUIRE(p.waitForFinished(180'000));
    Run r{p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    UNSCOPED_INFO("opsdeck-cli " << args.join(QLatin1Char(' ')).toStdString() << " -> " << r.code << "\n" << r.err.toStdString());
    return r;
}

} // namespace

TEST_CASE("every PostgreSQL tool OpsDeck starts gets the URL's TLS settings")
{
    // pg_dump, pg_restore and psql all start through PgTools::start: a stand-in records its environment.
    QTemporaryDir dir;
    const QString tool = dir.filePath(QStringLiteral("pg_tool"));
    {
        QFile script(tool);
        REQUIRE(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh\n/usr/bin/env > \"$0.env\"\n");
    }
    REQUIRE(QFile::setPermissions(tool, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    auto info = PgConnectionInfo::fromUrl(QStringLiteral(
        "postgresql://shop@db.internal:5432/shop?sslmode=verify-full&sslrootcert=/etc/opsdeck/ca.pem"
        "&sslcert=/etc/opsdeck/client.pem&sslkey=/etc/opsdeck/client.key"));
    REQUIRE(info.ok());
    CHECK(info->qsqlConnectOptions().contains(QStringLiteral("sslrootcert=/etc/opsdeck/ca.pem")));
    qputenv("PGSSLMODE", "prefer");  // what a user's shell may carry: the URL wins
    PgPassFile passFile;
    QProcess p;
    REQUIRE(PgTools::start(p, tool, {}, info.value(), passFile).ok());
    REQUIRE(p.waitForFinished(10'000));
    qunsetenv("PGSSLMODE");
    QFile recorded(tool + QStringLiteral(".env"));
    REQUIRE(recorded.open(QIODevice::ReadOnly));
    const QByteArray env = recorded.readAll();
    CHECK(env.contains("PGSSLMODE=verify-full\n"));
    CHECK(env.contains("PGSSLROOTCERT=/etc/opsdeck/ca.pem\n"));
    CHECK(env.contains("PGSSLCERT=/etc/opsdeck/client.pem\n"));
    CHECK(env.contains("PGSSLKEY=/etc/opsdeck/client.key\n"));
}

TEST_CASE("with sslmode=require a server without TLS is refused by backup and restore alike")
{
    QTemporaryDir home;
    QTemporaryDir backups;
    // The test cluster speaks no TLS: with sslmode=require every tool must refuse it. libpq's default
    // (prefer) would fall back to a plain connection and send the password in clear.
    const QString requireTls = cluster().urlWithPassword(QStringLiteral("shop")) + QStringLiteral("?sslmode=require");
    Run r = cli(cliEnvironment(home, requireTls), {QStringLiteral("backup"), QStringLiteral("run"), QStringLiteral("--to"), backups.path()});
    CHECK(r.code != 0);
    CHECK(r.err.contains("SSL"));
    CHECK(QDir(backups.path()).entryList(QDir::Files).filter(QStringLiteral(".sql")).isEmpty());

    // The same cluster with sslmode=disable works: the refusal above is the TLS setting at work.
    const QString plain = cluster().urlWithPassword(QStringLiteral("shop")) + QStringLiteral("?sslmode=disable");
    r = cli(cliEnvironment(home, plain), {QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("run"),
                                          QStringLiteral("--to"), backups.path()});
    REQUIRE(r.code == 0);
    const QString id = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("id")).toString();

    // A restore target that asks for TLS is refused by psql too, before anything is restored.
    cluster().createDatabase(QStringLiteral("tls_target"));
    r = cli(cliEnvironment(home, plain),
            {QStringLiteral("backup"), QStringLiteral("restore"), id, QStringLiteral("--from"), backups.path(),
             QStringLiteral("--target-db"), cluster().urlWithPassword(QStringLiteral("tls_target")) + QStringLiteral("?sslmode=require"),
             QStringLiteral("--yes")});
    CHECK(r.code != 0);
    CHECK(r.err.contains("SSL"));
    CHECK(cluster().psql(QStringLiteral("SELECT count(*) FROM pg_tables WHERE tablename = 'events'"),
                         QStringLiteral("tls_target")).trimmed() == "0");
}

TEST_CASE("a restore killed midway commits nothing")
{
    QTemporaryDir home;
    QTemporaryDir backups;
    const auto env = cliEnvironment(home, cluster().urlWithPassword(QStringLiteral("shop")));
    Run r = cli(env, {QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("run"), QStringLiteral("--to"), backups.path()});
    REQUIRE(r.code == 0);
    const QString id = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("id")).toString();

    cluster().createDatabase(QStringLiteral("killed_target"));
    QProcess restore;
    restore.setProcessEnvironment(env);
    restore.start(test::cliPath(), {QStringLiteral("backup"), QStringLiteral("restore"), id, QStringLiteral("--from"), backups.path(),
                                    QStringLiteral("--target-db"), cluster().urlWithPassword(QStringLiteral("killed_target")),
                                    QStringLiteral("--yes")});
    REQUIRE(restore.waitForStarted());
    // Wait until the rows stream in (the table was created, COPY runs), then kill OpsDeck outright.
    bool copying = false;
    for (int i = 0; i < 600 && !copying && restore.state() == QProcess::Running; ++i) {
        copying = cluster().psql(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = 'killed_target' "
                                                "AND query LIKE 'COPY%' AND state = 'active'"))
                      .trimmed() != "0";
        if (!copying)
            QThread::msleep(20);
    }
    REQUIRE(copying);
    ::kill(pid_t(restore.processId()), SIGKILL);
    REQUIRE(restore.waitForFinished(10'000));
    // psql sees its input end; the server must roll back everything it was given.
    for (int i = 0; i < 200; ++i) {
        if (cluster().psql(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = 'killed_target'")).trimmed() == "0")
            break;
        QThread::msleep(50);
    }
    CHECK(cluster().psql(QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = 'events'"),
                         QStringLiteral("killed_target")).trimmed() == "0");
}

TEST_CASE("a dump replaced under its manifest is refused before psql sees a byte")
{
    QTemporaryDir home;
    QTemporaryDir backups;
    const auto env = cliEnvironment(home, cluster().urlWithPassword(QStringLiteral("shop")));
    Run r = cli(env, {QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("run"), QStringLiteral("--to"), backups.path()});
    REQUIRE(r.code == 0);
    const QJsonObject made = QJsonDocument::fromJson(r.out).object();
    const QString id = made.value(QStringLiteral("id")).toString();
    QString dumpPath;
    for (const QString &name : QDir(backups.path()).entryList({QStringLiteral("*.sql.gz")}, QDir::Files))
        dumpPath = backups.filePath(name);
    REQUIRE_FALSE(dumpPath.isEmpty());

    // Someone who can write to the backup store plants a valid dump of their own under the old name.
    QProcess gzip;
    gzip.setStandardOutputFile(dumpPath, QIODevice::Truncate);
    gzip.start(QStringLiteral("gzip"), {QStringLiteral("-c")});
    REQUIRE(gzip.waitForStarted());
    gzip.write("CREATE TABLE planted (x int);\n--\n-- PostgreSQL database dump complete\n--\n\n");
    gzip.closeWriteChannel();
    REQUIRE(gzip.waitForFinished());

    cluster().createDatabase(QStringLiteral("planted_target"));
    r = cli(env, {QStringLiteral("backup"), QStringLiteral("restore"), id, QStringLiteral("--from"), backups.path(),
                  QStringLiteral("--target-db"), cluster().urlWithPassword(QStringLiteral("planted_target")), QStringLiteral("--yes")});
    CHECK(r.code != 0);
    CHECK(r.err.contains("checksum"));
    CHECK(cluster().psql(QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = 'planted'"),
                         QStringLiteral("planted_target")).trimmed() == "0");
}

TEST_CASE("a planted dump with a psql shell command is refused even with its manifest rewritten to match")
{
    QTemporaryDir home;
    QTemporaryDir backups;
    const auto env = cliEnvironment(home, cluster().urlWithPassword(QStringLiteral("shop")));
    Run r = cli(env, {QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("run"), QStringLiteral("--to"), backups.path()});
    REQUIRE(r.code == 0);
    const QString id = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("id")).toString();
    QString dumpPath;
    for (const QString &name : QDir(backups.path()).entryList({QStringLiteral("*.sql.gz")}, QDir::Files))
        dumpPath = backups.filePath(name);
    REQUIRE_FALSE(dumpPath.isEmpty());

    // Someone who can write to the backup store replaces the dump and fixes up the manifest's checksum
    // and size: only the content can give it away.
    const QString marker = home.filePath(QStringLiteral("owned"));
    QProcess gzip;
    gzip.setStandardOutputFile(dumpPath, QIODevice::Truncate);
    gzip.start(QStringLiteral("gzip"), {QStringLiteral("-c")});
    REQUIRE(gzip.waitForStarted());
    gzip.write("CREATE TABLE planted_before (x int);\n"
               "\\! touch " + marker.toUtf8() + "\n"
               "CREATE TABLE planted_after (x int);\n--\n-- PostgreSQL database dump complete\n--\n\n");
    gzip.closeWriteChannel();
    REQUIRE(gzip.waitForFinished());
    QFile dump(dumpPath);
    REQUIRE(dump.open(QIODevice::ReadOnly));
    const QByteArray bytes = dump.readAll();
    const QString manifestPath = backups.filePath(id + QStringLiteral(".manifest.json"));
    QFile manifestFile(manifestPath);
    REQUIRE(manifestFile.open(QIODevice::ReadOnly));
    QJsonObject manifest = QJsonDocument::fromJson(manifestFile.readAll()).object();
    manifestFile.close();
    manifest.insert(QStringLiteral("sha256"),
                    QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
    manifest.insert(QStringLiteral("sizeBytes"), bytes.size());
    REQUIRE(manifestFile.open(QIODevice::WriteOnly | QIODevice::Truncate));
    manifestFile.write(QJsonDocument(manifest).toJson());
    manifestFile.close();

    cluster().createDatabase(QStringLiteral("shell_target"));
    r = cli(env, {QStringLiteral("backup"), QStringLiteral("restore"), id, QStringLiteral("--from"), backups.path(),
                  QStringLiteral("--target-db"), cluster().urlWithPassword(QStringLiteral("shell_target")), QStringLiteral("--yes")});
    CHECK(r.code != 0);
    CHECK(r.err.contains("psql command"));
    CHECK_FALSE(QFile::exists(marker));
    // What came before the command ran inside the restore's transaction and was rolled back.
    CHECK(cluster().psql(QStringLiteral("SELECT count(*) FROM pg_class WHERE relname LIKE 'planted%'"),
                         QStringLiteral("shell_target")).trimmed() == "0");
}
