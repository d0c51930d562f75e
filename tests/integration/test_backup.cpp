// Backups against a real PostgreSQL 15 cluster: dump → gzip → SHA-256 → atomic file + manifest,
// verify, restore (whole database and one table) compared row by row, interruption, locks, names.
#include "backups/backupservice.h"
#include "backupsmodel.h"
#include "backups/folderdestination.h"
#include "backups/gzipstream.h"
#include "core/clock.h"
#include "pgcluster.h"
#include "store/auditlog.h"
#include "store/store.h"
#include "jobwatch.h"
#include "testsupport.h"

#include "core/humantime.h"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <csignal>
#include <unistd.h>

using namespace opsdeck;
using opsdeck::test::PgCluster;

namespace {

PgCluster &cluster()
{
    test::ClusterSeed seed;
    seed.databases = {
        {QStringLiteral("shop"),
         QStringLiteral("CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, born date, tags text[]);"
                        "CREATE TABLE orders (id bigserial PRIMARY KEY, customer int REFERENCES customers(id), total numeric(12,2),"
                        " note text, placed timestamptz DEFAULT now());"
                        "CREATE INDEX orders_customer ON orders (customer);"
                        "INSERT INTO customers (name, born, tags) SELECT 'Kunde ' || g || ' ünïcødé ''q''', "
                        " date '1970-01-01' + g, ARRAY['a', 'b' || g] FROM generate_series(1, 2000) g;"
                        "INSERT INTO orders (customer, total, note) SELECT 1 + g % 2000, g / 7.0, "
                        " CASE WHEN g % 5 = 0 THEN NULL ELSE md5(g::text) || E'\\ttab\\nline' END FROM generate_series(1, 400000) g;")},
        {QStringLiteral("tiny"),
         QStringLiteral("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2);")},
        {QStringLiteral("other"), {}},
    };
    return test::sharedCluster(seed);
}

PgConnectionInfo database(const QString &name)
{
    auto info = PgConnectionInfo::fromUrl(cluster().url(name));
    REQUIRE(info.ok());
    PgConnectionInfo i = info.value();
    i.password = PgCluster::kPassword;
    return i;
}

QByteArray tableDigest(const QString &db, const QString &table)
{
    return cluster().psql(QStringLiteral("SELECT count(*) || ':' || md5(string_agg(t::text, '|' ORDER BY id)) FROM %1 t").arg(table), db)
        .trimmed();
}

struct Fixture {
    QTemporaryDir dir;
    QString folder = dir.filePath(QStringLiteral("backups"));
    Store store{dir.filePath(QStringLiteral("opsdeck.db"))};
    ManualClock clock{QDateTime(QDate(2026, 11, 29), QTime(2, 0), Qt::UTC)};
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<BackupService> service;

    explicit Fixture(const QString &format = QStringLiteral("plain"))
    {
        REQUIRE(store.open().ok());
        audit = std::make_unique<AuditLog>(store, clock);
        BackupConfig config;
        config.destination = folder;
        config.format = format;
        service = std::make_unique<BackupService>(config, *audit, clock);
    }

    template <typename T>
    Result<T> wait(Job<T> *job, int timeoutMs = 240'000)
    {
        auto r = test::wait(job, timeoutMs);
        REQUIRE((r.ok() || r.error().kind != ErrorKind::Timeout));
        return r;
    }
    Result<BackupManifest> backup(const QString &db = QStringLiteral("shop"))
    {
        auto r = wait(service->run(database(db)));
        if (!r.ok())
            UNSCOPED_INFO("backup failed: " << r.error().toString().toStdString());
        return r;
    }
    QStringList files() const { return QDir(folder).entryList(QDir::Files | QDir::Hidden, QDir::Name); }
};

// Our child processes whose command line starts with `program`.
QList<qint64> children(const QByteArray &program)
{
    QList<qint64> pids;
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool ok = false;
        const qint64 pid = entry.toLongLong(&ok);
        if (!ok)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        QFile cmd(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!stat.open(QIODevice::ReadOnly) || !cmd.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> fields = stat.readAll().split(' ');
        if (fields.size() > 3 && fields[3].toLongLong() == ::getpid() && cmd.readAll().split('\0').first().endsWith(program))
            pids << pid;
    }
    return pids;
}

QByteArray procFile(qint64 pid, const char *name)
{
    QFile f(QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(name)));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

TEST_CASE("A backup is one gzip file with a manifest; the password is only in a private passfile")
{
    Fixture f;
    QDir().mkpath(f.folder);
    QFile stale(f.folder + QStringLiteral("/shop-20261101T000000Z.sql.gz.partial"));
    REQUIRE(stale.open(QIODevice::WriteOnly));
    stale.write("left by a crash");
    stale.close();

    auto *job = f.service->run(database(QStringLiteral("shop")));
    test::JobWatch watch(job);
    QList<QString> phases;
    QObject::connect(job, &JobBase::progress, [&](const QString &phase, qint64, qint64) { phases << phase; });
    // While pg_dump runs: no password in its argv or environment, PGPASSFILE set and private.
    bool inspected = false;
    REQUIRE(test::waitUntil([&] {
        for (qint64 pid : children("pg_dump")) {
            const QByteArray argv = procFile(pid, "cmdline");
            const QByteArray env = procFile(pid, "environ");
            if (argv.isEmpty() || env.isEmpty() || argv.contains("--version"))
                continue;
            CHECK_FALSE(argv.contains(PgCluster::kPassword));
            CHECK_FALSE(env.contains(PgCluster::kPassword));
            CHECK_FALSE(env.contains("PGPASSWORD="));
            CHECK(argv.contains("--dbname=shop"));
            const qsizetype at = env.indexOf("PGPASSFILE=");
            REQUIRE(at >= 0);
            const QString passfile = QString::fromLocal8Bit(env.mid(at + 11, env.indexOf('\0', at) - at - 11));
            QFile pass(passfile);
            CHECK((pass.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther)) == 0);
            inspected = true;
        }
        return inspected || watch.done();
    }, 120'000));
    CHECK(inspected);
    auto r = watch.wait();
    REQUIRE(r.ok());
    const BackupManifest &m = r.value();
    CHECK(m.id == QLatin1String("shop-20261129T020000Z"));
    CHECK(m.fileName == QLatin1String("shop-20261129T020000Z.sql.gz"));
    CHECK(m.verified);
    CHECK(m.pgVersion.startsWith(QLatin1String("15.")));
    CHECK(m.toolVersion.contains(QLatin1String("pg_dump")));
    CHECK(m.rawBytes > m.sizeBytes);
    // The stale .partial is gone, and so is the lock (released with the run).
    CHECK(f.files() == QStringList{BackupManifest::manifestName(m.id), m.fileName});
    CHECK(phases.contains(QStringLiteral("dump")));

    QFile dump(f.folder + QLatin1Char('/') + m.fileName);
    REQUIRE(dump.open(QIODevice::ReadOnly));
    CHECK(dump.size() == m.sizeBytes);
    CHECK(QString::fromLatin1(QCryptographicHash::hash(dump.readAll(), QCryptographicHash::Sha256).toHex()) == m.sha256);
    QFile manifestFile(f.folder + QLatin1Char('/') + BackupManifest::manifestName(m.id));
    REQUIRE(manifestFile.open(QIODevice::ReadOnly));
    const QJsonObject manifest = QJsonDocument::fromJson(manifestFile.readAll()).object();
    for (const char *key : {"database", "time", "sizeBytes", "sha256", "durationMs", "pgVersion", "format"})
        CHECK(manifest.contains(QLatin1String(key)));
    CHECK_FALSE(manifestFile.fileName().isEmpty());
    CHECK_FALSE(QJsonDocument(manifest).toJson().contains(PgCluster::kPassword));

    auto listed = f.wait(f.service->list());
    REQUIRE(listed.ok());
    REQUIRE(listed.value().size() == 1);
    CHECK(listed.value().first().sha256 == m.sha256);
    CHECK(listed.value().first().location == QDir(f.folder).absolutePath());
}

TEST_CASE("Round trip: backup, verify, restore into a new database, compare row by row")
{
    Fixture f;
    auto m = f.backup();
    REQUIRE(m.ok());
    auto verified = f.wait(f.service->verify(m.value().id));
    REQUIRE(verified.ok());
    CHECK(verified.value().ok);
    CHECK(verified.value().rawBytes == m.value().rawBytes);

    auto restored = f.wait(f.service->restore(m.value().id, database(QStringLiteral("shop_copy")), {}));
    INFO((restored.ok() ? QString() : restored.error().toString()).toStdString());
    REQUIRE(restored.ok());
    CHECK(restored.value().createdDatabase);
    for (const QString &table : {QStringLiteral("customers"), QStringLiteral("orders")})
        CHECK(tableDigest(QStringLiteral("shop_copy"), table) == tableDigest(QStringLiteral("shop"), table));
    // Sequences come back too: the next id continues after the restored rows.
    CHECK(cluster().psql(QStringLiteral("INSERT INTO orders (customer, total) VALUES (1, 1) RETURNING id"),
                         QStringLiteral("shop_copy")).trimmed().startsWith("400001"));

    auto audit = f.audit->list();
    REQUIRE(audit.ok());
    REQUIRE(audit.value().size() == 2);
    CHECK(audit.value()[1].action == QLatin1String("backup.restore"));
    CHECK(audit.value()[0].details.value(QStringLiteral("status")).toString() == QLatin1String("succeeded"));
}

TEST_CASE("Restore of one table from a plain dump, and from a custom-format dump")
{
    for (const QString &format : {QStringLiteral("plain"), QStringLiteral("custom")}) {
        INFO(format.toStdString());
        Fixture f(format);
        auto m = f.backup();
        REQUIRE(m.ok());
        CHECK(m.value().fileName.endsWith(format == QLatin1String("custom") ? QLatin1String(".dump.gz") : QLatin1String(".sql.gz")));
        auto verified = f.wait(f.service->verify(m.value().id));
        REQUIRE(verified.ok());
        CHECK(verified.value().ok);
        const QString target = QStringLiteral("one_") + format;
        auto restored = f.wait(f.service->restore(m.value().id, database(target), QStringLiteral("customers")));
        INFO((restored.ok() ? QString() : restored.error().toString()).toStdString());
        REQUIRE(restored.ok());
        CHECK(tableDigest(target, QStringLiteral("customers")) == tableDigest(QStringLiteral("shop"), QStringLiteral("customers")));
        CHECK(cluster().psql(QStringLiteral("SELECT count(*) FROM pg_tables WHERE tablename = 'orders'"), target).trimmed() == "0");
        auto missing = f.wait(f.service->restore(m.value().id, database(target + QStringLiteral("_x")), QStringLiteral("nope")));
        CHECK_FALSE(missing.ok());
    }
}

TEST_CASE("A damaged or truncated dump fails verification, is marked unverified and is never restored")
{
    Fixture f;
    auto m = f.backup(QStringLiteral("tiny"));
    REQUIRE(m.ok());
    const QString path = f.folder + QLatin1Char('/') + m.value().fileName;
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadWrite));
    QByteArray bytes = file.readAll();
    SECTION("one flipped byte")
    {
        bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x40);
    }
    SECTION("cut short")
    {
        bytes.chop(bytes.size() / 3);
    }
    file.resize(0);
    file.write(bytes);
    file.close();
    auto verified = f.wait(f.service->verify(m.value().id));
    REQUIRE(verified.ok());
    CHECK_FALSE(verified.value().ok);
    CHECK_FALSE(verified.value().problem.isEmpty());
    auto listed = f.wait(f.service->list());
    REQUIRE(listed.ok());
    CHECK_FALSE(listed.value().first().verified);
    auto restored = f.wait(f.service->restore(m.value().id, database(QStringLiteral("never_made")), {}));
    CHECK_FALSE(restored.ok());
    // The database may have been created empty, but no table came into it.
    CHECK(cluster().tryPsql(QStringLiteral("SELECT count(*) FROM t"), QStringLiteral("never_made")).first != 0);
}

TEST_CASE("Killing pg_dump or cancelling mid-dump leaves nothing under a final name")
{
    Fixture f;
    SECTION("SIGKILL of pg_dump")
    {
        test::JobWatch watch(f.service->run(database(QStringLiteral("shop"))));
        bool killed = false;
        REQUIRE(test::waitUntil([&] {
            // The dumping pg_dump (not `pg_dump --version`), once its output file exists.
            for (qint64 pid : children("pg_dump"))
                if (procFile(pid, "cmdline").contains("--dbname=") && QFileInfo(f.folder).exists()
                    && !f.files().filter(QStringLiteral(".partial")).isEmpty())
                    killed = ::kill(pid_t(pid), SIGKILL) == 0 || killed;
            return killed || watch.done();
        }, 120'000));
        REQUIRE(killed);
        auto r = watch.wait();
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.contains(QLatin1String("pg_dump")));
    }
    SECTION("cancel")
    {
        test::JobWatch watch(f.service->run(database(QStringLiteral("shop"))));
        REQUIRE(test::waitUntil([&] { return !children("pg_dump").isEmpty() || watch.done(); }, 120'000));
        REQUIRE(watch.job());
        watch.job()->cancel();
        auto r = watch.wait();
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::Cancelled);
        CHECK(test::waitUntil([] { return children("pg_dump").isEmpty(); }, 10'000));
    }
    CHECK(f.files().filter(QStringLiteral(".gz")).isEmpty());
    CHECK(f.files().filter(QStringLiteral(".json")).isEmpty());
    auto listed = f.wait(f.service->list());
    REQUIRE(listed.ok());
    CHECK(listed.value().isEmpty());
}

TEST_CASE("One lock per destination: a second run fails fast while one holds it")
{
    Fixture f;
    FolderDestination destination(f.folder);
    auto lock = destination.lock();
    REQUIRE(lock.ok());
    auto r = f.backup(QStringLiteral("tiny"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Conflict);
    lock.value().reset();
    CHECK(f.backup(QStringLiteral("tiny")).ok());
}

TEST_CASE("Prune removes exactly what the dry run listed, audited; a stale plan removes nothing")
{
    Fixture f;
    BackupConfig config = f.service->config();
    config.policy = RetentionPolicy{};
    config.policy.daily = 2;
    f.service = std::make_unique<BackupService>(config, *f.audit, f.clock);
    QStringList ids;
    for (int day = 0; day < 5; ++day) {
        auto m = f.backup(QStringLiteral("tiny"));
        REQUIRE(m.ok());
        ids.prepend(m.value().id);
        f.clock.advance(24 * 3600 * 1000);
    }
    auto plan = f.wait(f.service->planPrune(f.clock.nowUtc()));
    REQUIRE(plan.ok());
    CHECK(plan.value().removals() == ids.mid(2));
    {
        // The Backups page shows the same plan: the rule that keeps each, or "will be removed".
        BackupsModel model;
        test::checkModel(&model);
        model.setBackups(plan.value().backups, plan.value().decisions, f.clock.nowUtc());
        REQUIRE(model.rowCount() == 5);
        CHECK(model.removalCount() == 3);
        CHECK(model.index(0, BackupsModel::Retention).data().toString() == QLatin1String("daily snapshot"));
        CHECK(model.index(4, BackupsModel::Retention).data().toString() == QLatin1String("will be removed"));
        CHECK(model.index(4, 0).data(BackupsModel::WillBeRemovedRole).toBool());
        CHECK(model.index(0, BackupsModel::Time).data().toString() == QLatin1String("24 h ago"));
        CHECK(model.index(0, BackupsModel::Time).data(Qt::ToolTipRole).toString().startsWith(exactTime(model.backup(0).time)));
    }

    SECTION("stale plan")
    {
        REQUIRE(f.backup(QStringLiteral("tiny")).ok());
        auto r = f.wait(f.service->prune(plan.value()));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::Conflict);
        CHECK(f.wait(f.service->list()).value().size() == 6);
    }
    SECTION("prune")
    {
        auto r = f.wait(f.service->prune(plan.value()));
        REQUIRE(r.ok());
        CHECK(r.value().removed == ids.mid(2));
        auto left = f.wait(f.service->list());
        REQUIRE(left.ok());
        QStringList leftIds;
        for (const BackupManifest &m : left.value())
            leftIds << m.id;
        CHECK(leftIds == ids.mid(0, 2));
        CHECK(f.files().size() == 4);  // two dumps, two manifests
        auto audit = f.audit->list();
        REQUIRE(audit.ok());
        CHECK(audit.value()[1].action == QLatin1String("backup.prune"));
        CHECK(audit.value()[1].details.value(QStringLiteral("remove")).toArray().size() == 3);
        BackupsModel model;
        test::checkModel(&model);
        model.setBackups(left.value(), plan.value().decisions, f.clock.nowUtc());
        CHECK(model.rowCount() == 2);
        CHECK(model.removalCount() == 0);
        CHECK(model.index(0, BackupsModel::Retention).data().toString() == QLatin1String("daily snapshot"));
        // Re-planning after the prune removes nothing more.
        CHECK(f.wait(f.service->planPrune(f.clock.nowUtc())).value().removals().isEmpty());
    }
}

TEST_CASE("Retention plans each database on its own: another database's backups never take its slots")
{
    Fixture f;
    BackupConfig config = f.service->config();
    config.policy = RetentionPolicy{};
    config.policy.daily = 1;
    f.service = std::make_unique<BackupService>(config, *f.audit, f.clock);
    auto tinyOld = f.backup(QStringLiteral("tiny"));
    f.clock.advance(24 * 3600 * 1000);
    auto tinyNew = f.backup(QStringLiteral("tiny"));
    f.clock.advance(3600 * 1000);
    auto other = f.backup(QStringLiteral("other"));
    REQUIRE((tinyOld.ok() && tinyNew.ok() && other.ok()));
    auto plan = f.wait(f.service->planPrune(f.clock.nowUtc()));
    REQUIRE(plan.ok());
    // Pooled, "other" (newest) would take the only daily slot of its day and tiny's newest would go.
    CHECK(plan.value().removals() == QStringList{tinyOld.value().id});
    REQUIRE(plan.value().decisions.size() == 3);
    CHECK(plan.value().decisions.first().id == other.value().id);  // still newest first
}

TEST_CASE("Prune and restore fail closed when the audit entry cannot be written")
{
    Fixture f;
    REQUIRE(f.backup(QStringLiteral("tiny")).ok());
    auto plan = f.wait(f.service->planPrune(f.clock.nowUtc().addYears(20)));
    REQUIRE(plan.ok());
    f.store.close();
    auto pruned = f.wait(f.service->prune(plan.value()));
    REQUIRE_FALSE(pruned.ok());
    CHECK(pruned.error().message.contains(QLatin1String("audit")));
    auto restored = f.wait(f.service->restore(f.wait(f.service->list()).value().first().id,
                                              database(QStringLiteral("audit_closed")), {}));
    REQUIRE_FALSE(restored.ok());
    CHECK(cluster().psql(QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = 'audit_closed'")).trimmed() == "0");
    CHECK(f.wait(f.service->list()).value().size() == 1);
}

TEST_CASE("Hostile backup names are refused before any file system call")
{
    const QString base = QDir::tempPath() + QStringLiteral("/opsdeck-names");
    for (const QString &bad : QStringList{QStringLiteral("../../.ssh/authorized_keys"), QStringLiteral("/etc/passwd"),
                               QStringLiteral("C:\\x"), QStringLiteral("a/../../b"), QString(QStringLiteral("n") + QChar(0) + QStringLiteral(".sql.gz")),
                               QString(300, QLatin1Char('a')), QStringLiteral(".."), QStringLiteral("-rf")}) {
        INFO(bad.toStdString());
        CHECK_FALSE(isSafeBackupName(bad));
        CHECK_FALSE(pathInside(base, bad).ok());
    }
    CHECK(pathInside(base, QStringLiteral("shop-20261129T020000Z.sql.gz")).ok());
    CHECK_FALSE(BackupManifest::fromJson(R"({"id":"../x","file":"x.sql.gz","time":"2026-11-29T02:00:00Z",
        "sha256":"0000000000000000000000000000000000000000000000000000000000000000","sizeBytes":1,"format":"plain"})").ok());
}
