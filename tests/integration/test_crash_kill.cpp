// opsdeck-cli killed (SIGKILL: no handler runs) at random points of the work that writes files: a
// backup's dump and gzip stage, the log compressor, and the data file's upgrade. Whatever moment it
// dies, nothing half-written carries a final name, and the next run finishes the work.
#include "backups/backupmanifest.h"
#include "clirunner.h"
#include "pgcluster.h"
#include "store/migrations.h"
#include "store/store.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>

using namespace opsdeck;

namespace {

constexpr int kKills = 4;

// How long a complete run takes, to spread the kills over it.
qint64 timed(const test::CliRunner &cli, const QStringList &args)
{
    QElapsedTimer clock;
    clock.start();
    const test::CliResult r = cli.run(args);
    REQUIRE(r.exitCode == 0);
    return std::max<qint64>(clock.elapsed(), 50);
}

// Starts the CLI and SIGKILLs it after a random share (5 %..95 %) of a complete run's duration.
void killMidway(const test::CliRunner &cli, const QStringList &args, qint64 fullMs)
{
    const qint64 at = fullMs * QRandomGenerator::global()->bounded(5, 96) / 100;
    INFO("killed after " << at << " ms of " << fullMs);
    auto p = cli.start(args);
    test::waitUntil([&p] { return p->state() == QProcess::NotRunning; }, int(at));
    if (p->state() != QProcess::NotRunning) {
        p->kill();  // SIGKILL
        REQUIRE(p->waitForFinished(30'000));
    }
}

// The whole content of a gzip file, or nullopt when it is not a complete gzip stream.
std::optional<QByteArray> gunzip(const QString &path)
{
    QProcess gzip;
    gzip.start(QStringLiteral("gzip"), {QStringLiteral("-dc"), path});
    if (!gzip.waitForFinished(120'000) || gzip.exitStatus() != QProcess::NormalExit || gzip.exitCode() != 0)
        return std::nullopt;
    return gzip.readAllStandardOutput();
}

QByteArray sha256(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

bool isTemporaryName(const QString &name) { return name.endsWith(QLatin1String(".partial")) || name.endsWith(QLatin1String(".tmp")); }

// Every file under a final name in a backup folder is whole: a dump is a complete gzip stream ending
// with pg_dump's end marker, a manifest parses and names a dump whose checksum it holds.
void checkBackupFolder(const QString &folder)
{
    const QStringList names = QDir(folder).entryList(QDir::Files | QDir::Hidden);
    for (const QString &name : names) {
        INFO(name.toStdString());
        const QString path = folder + QLatin1Char('/') + name;
        if (isTemporaryName(name) || name.startsWith(QLatin1Char('.')))
            continue;
        if (name.endsWith(QLatin1String(".sql.gz"))) {
            const auto dump = gunzip(path);
            REQUIRE(dump.has_value());
            CHECK(dump->right(1024).contains("-- PostgreSQL database dump complete"));
        } else if (name.endsWith(QLatin1String(".manifest.json"))) {
            QFile f(path);
            REQUIRE(f.open(QIODevice::ReadOnly));
            const auto m = BackupManifest::fromJson(f.readAll());
            REQUIRE(m.ok());
            QFile dump(folder + QLatin1Char('/') + m->fileName);
            REQUIRE(dump.open(QIODevice::ReadOnly));
            CHECK(QString::fromLatin1(sha256(dump.readAll())) == m->sha256);
        } else {
            FAIL_CHECK("unexpected file " << name.toStdString());
        }
    }
}

} // namespace

TEST_CASE("a backup killed at any point leaves only whole files under final names; the next run succeeds")
{
    test::ClusterSeed seed;
    seed.databases = {{QStringLiteral("bulk"),
                       QStringLiteral("CREATE TABLE events (id int PRIMARY KEY, payload text);"
                                      "INSERT INTO events SELECT g, md5(g::text) || md5((g * 7)::text) "
                                      "FROM generate_series(1, 400000) g;")}};
    test::PgCluster &pg = test::sharedCluster(seed);
    test::IsolatedHome home;
    test::CliRunner cli(home.path());
    cli.setTimeout(180'000);
    cli.unsetEnv({"OPSDECK_BACKUP_KEY", "OPSDECK_AUDIT_KEY"});
    cli.setEnv(QStringLiteral("DATABASE_URL"), pg.urlWithPassword(QStringLiteral("bulk")));
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("b"));
    const QStringList run{QStringLiteral("backup"), QStringLiteral("run"), QStringLiteral("--to"), folder};

    const qint64 full = timed(cli, run);
    for (int i = 0; i < kKills; ++i) {
        QThread::sleep(1);  // backup ids have a resolution of one second
        killMidway(cli, run, full);
        checkBackupFolder(folder);
    }
    QThread::sleep(1);
    const test::CliResult again = cli.run(run);
    CHECK(again.exitCode == 0);
    checkBackupFolder(folder);
    // The stale partial files of the killed runs were cleared by the next run.
    CHECK(QDir(folder).entryList({QStringLiteral("*.partial")}, QDir::Files).isEmpty());
    const test::CliResult listed = cli.run({QStringLiteral("--json"), QStringLiteral("backup"), QStringLiteral("list"),
                                            QStringLiteral("--from"), folder});
    REQUIRE(listed.exitCode == 0);
    CHECK(listed.array().size() >= 2);
}

TEST_CASE("the log compressor killed at any point never loses a log: each is whole as .log or as .log.gz")
{
    test::IsolatedHome home;
    test::CliRunner cli(home.path());
    cli.setTimeout(180'000);
    QTemporaryDir dir;
    const QString logs = dir.filePath(QStringLiteral("logs"));
    REQUIRE(QDir().mkpath(logs));
    // Three 24 MiB logs, ten days old (past the default 7 days before compression).
    QHash<QString, QByteArray> expected;
    const auto writeLogs = [&] {
        for (const QString &name : {QStringLiteral("a.log"), QStringLiteral("b.log"), QStringLiteral("c.log")}) {
            QByteArray content;
            content.reserve(24 << 20);
            for (int line = 0; content.size() < (24 << 20); ++line)
                content += "10.0.0." + QByteArray::number(line % 250) + " - - [29/Nov/2026:07:00:00 +0000] \"GET /api/items/"
                    + QByteArray::number(line * 7919 % 100003) + " HTTP/1.1\" 200 " + QByteArray::number(line % 9000)
                    + " \"-\" \"curl/8.0\"\n";
            QFile f(logs + QLatin1Char('/') + name);
            REQUIRE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            REQUIRE(f.write(content) == content.size());
            f.close();
            REQUIRE(f.open(QIODevice::ReadWrite));
            REQUIRE(f.setFileTime(QDateTime::currentDateTimeUtc().addDays(-10), QFileDevice::FileModificationTime));
            expected.insert(name, sha256(content));
            QFile::remove(logs + QLatin1Char('/') + name + QStringLiteral(".gz"));
        }
    };
    const auto checkLogs = [&] {
        for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
            INFO(it.key().toStdString());
            const QString plain = logs + QLatin1Char('/') + it.key();
            const QString gz = plain + QStringLiteral(".gz");
            if (QFileInfo::exists(gz)) {
                const auto content = gunzip(gz);
                REQUIRE(content.has_value());  // a final .gz is never a cut stream
                CHECK(sha256(*content) == it.value());
            } else {
                QFile f(plain);
                REQUIRE(f.open(QIODevice::ReadOnly));  // not compressed yet: the original is there, whole
                CHECK(sha256(f.readAll()) == it.value());
            }
        }
        for (const QString &name : QDir(logs).entryList(QDir::Files))
            CHECK((name.endsWith(QLatin1String(".log")) || name.endsWith(QLatin1String(".log.gz"))
                   || name.endsWith(QLatin1String(".gz.tmp"))));
    };
    const QStringList rotate{QStringLiteral("logs"), QStringLiteral("rotate"), logs};

    writeLogs();
    const qint64 full = timed(cli, rotate);
    checkLogs();
    for (int i = 0; i < kKills; ++i) {
        writeLogs();
        killMidway(cli, rotate, full);
        checkLogs();
        const test::CliResult again = cli.run(rotate);
        CHECK(again.exitCode == 0);
        checkLogs();
        for (auto it = expected.cbegin(); it != expected.cend(); ++it)
            CHECK_FALSE(QFileInfo::exists(logs + QLatin1Char('/') + it.key()));  // all compressed now
        CHECK(QDir(logs).entryList({QStringLiteral("*.tmp")}, QDir::Files).isEmpty());
    }
}

TEST_CASE("the data file's upgrade killed at any point leaves the old file or the new one, never a broken one")
{
    // A data file of schema 1 with a few hundred thousand rows, so that the copy made before the
    // upgrade takes a while.
    QTemporaryDir seedDir;
    const QString seedFile = seedDir.filePath(QStringLiteral("v1.db"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("crash.seed"));
        db.setDatabaseName(seedFile);
        REQUIRE(db.open());
        REQUIRE(Migrations::migrate(db, QString(), Migrations::steps().mid(0, 1)).ok());
        QSqlQuery q(db);
        REQUIRE(q.exec(QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) "
                                      "INSERT INTO check_runs (run_date, item_id, status, evidence, value, at) "
                                      "SELECT '2026-11-29', 'health-' || (i % 40), 'pass', hex(randomblob(100)), i, "
                                      "'2026-11-29T07:00:00.000Z' FROM n")));
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("crash.seed"));

    const auto place = [&seedFile](const test::CliRunner &cli) {
        REQUIRE(QDir().mkpath(cli.dataDir()));
        const QString file = cli.dataDir() + QStringLiteral("/opsdeck.db");
        for (const QString &old : QDir(cli.dataDir()).entryList(QDir::Files))
            QFile::remove(cli.dataDir() + QLatin1Char('/') + old);
        REQUIRE(QFile::copy(seedFile, file));
        return file;
    };
    const auto schemaAndRows = [](const QString &file) {
        std::pair<int, qint64> out{-1, -1};
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("crash.check"));
            db.setDatabaseName(file);
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            REQUIRE(db.open());
            QSqlQuery q(db);
            REQUIRE(q.exec(QStringLiteral("PRAGMA user_version")));
            REQUIRE(q.next());
            out.first = q.value(0).toInt();
            QSqlQuery c(db);
            REQUIRE(c.exec(QStringLiteral("SELECT count(*) FROM check_runs")));
            REQUIRE(c.next());
            out.second = c.value(0).toLongLong();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("crash.check"));
        return out;
    };

    test::IsolatedHome calibrationHome;
    test::CliRunner calibration(calibrationHome.path());
    calibration.setTimeout(180'000);
    place(calibration);
    const QStringList open{QStringLiteral("audit"), QStringLiteral("verify")};
    const qint64 full = timed(calibration, open);

    test::IsolatedHome home;
    test::CliRunner cli(home.path());
    cli.setTimeout(180'000);
    for (int i = 0; i < kKills; ++i) {
        const QString file = place(cli);
        killMidway(cli, open, full);
        const auto [schema, rows] = schemaAndRows(file);
        CHECK((schema == 1 || schema == Store::latestSchemaVersion()));
        CHECK(rows == 300000);
        const test::CliResult again = cli.run(open);
        CHECK(again.exitCode == 0);
        const auto [after, rowsAfter] = schemaAndRows(file);
        CHECK(after == Store::latestSchemaVersion());
        CHECK(rowsAfter == 300000);
        // The copy kept from before the upgrade is whole, and no temporary copy is left behind.
        CHECK(schemaAndRows(Migrations::backupPath(file, 1)).second == 300000);
        CHECK(QDir(cli.dataDir()).entryList({QStringLiteral("*.tmp")}, QDir::Files).isEmpty());
    }
}
