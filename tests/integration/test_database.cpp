// Database inspection and maintenance against a real PostgreSQL 15 cluster started for this run.
#include "core/clock.h"
#include "database/dbinspector.h"
#include "database/maintenancejob.h"
#include "database/pgsession.h"
#include "dbtablesmodel.h"
#include "database/statementlogging.h"
#include "pgcluster.h"
#include "store/auditlog.h"
#include "store/store.h"
#include "jobwatch.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QProcess>
#include <QTemporaryDir>

using namespace opsdeck;
using opsdeck::test::PgCluster;

namespace {

PgCluster &cluster()
{
    test::ClusterSeed seed;
    seed.settings = {QStringLiteral("shared_preload_libraries=pg_stat_statements")};
    seed.databases = {
        {QStringLiteral("shop"),
         QStringLiteral("CREATE TABLE orders (id serial PRIMARY KEY, customer text NOT NULL, total numeric);"
                        "CREATE INDEX orders_customer ON orders (customer);"
                        "INSERT INTO orders (customer, total) SELECT 'c' || (g % 500), g FROM generate_series(1, 200000) g;"
                        "CREATE TABLE notes (id int PRIMARY KEY, body text);"
                        "INSERT INTO notes SELECT g, repeat('x', 20) FROM generate_series(1, 100) g;"
                        "ANALYZE;")},
    };
    return test::sharedCluster(seed);
}

PgConnectionInfo shop(const QByteArray &password = PgCluster::kPassword)
{
    auto info = PgConnectionInfo::fromUrl(cluster().url(QStringLiteral("shop")));
    REQUIRE(info.ok());
    PgConnectionInfo i = info.value();
    i.password = password;
    return i;
}

template <typename T>
Result<T> wait(Job<T> *job)
{
    auto r = test::wait(job, 120'000);
    REQUIRE((r.ok() || r.error().kind != ErrorKind::Timeout));
    return r;
}

// A psql session in the background (holds a connection, a lock or a long query).
// Killing psql does not stop its server process (a pg_sleep would hold its snapshot and keep dead
// rows alive for later tests): the server process is terminated by application name.
struct Background {
    QProcess process;
    QString name;
    explicit Background(const QString &sql)
    {
        static int counter = 0;
        name = QStringLiteral("opsdeck-test-bg-%1").arg(++counter);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PGPASSWORD"), QLatin1String(PgCluster::kPassword));
        env.insert(QStringLiteral("PGAPPNAME"), name);
        process.setProcessEnvironment(env);
        process.start(PgCluster::binDir() + QStringLiteral("/psql"),
                      {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("--host=127.0.0.1"),
                       QStringLiteral("--port=%1").arg(cluster().port()), QStringLiteral("--username=postgres"),
                       QStringLiteral("--dbname=shop"), QStringLiteral("-c"), sql});
        REQUIRE(process.waitForStarted());
    }
    ~Background()
    {
        cluster().psql(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '%1'")
                           .arg(name));
        process.kill();
        process.waitForFinished();
    }
};

struct AuditFixture {
    QTemporaryDir dir;
    Store store{dir.filePath(QStringLiteral("opsdeck.db"))};
    ManualClock clock;
    std::unique_ptr<AuditLog> audit;
    AuditFixture()
    {
        REQUIRE(store.open().ok());
        audit = std::make_unique<AuditLog>(store, clock);
    }
};

} // namespace

TEST_CASE("Connection settings are validated before anything reaches libpq or a tool")
{
    for (const char *bad : {"postgresql://u@h/-h evil", "postgresql://u@h/host=evil dbname=prod",
                            "postgresql://u@h/db; rm -rf ~", "postgresql://-U@h/db", "postgresql://u@-h/db",
                            "mysql://u@h/db", "postgresql://u@h/db?sslmode=yes-please"}) {
        INFO(bad);
        CHECK_FALSE(PgConnectionInfo::fromUrl(QString::fromLatin1(bad)).ok());
    }
    CHECK_FALSE(isSafeIdentifier(QStringLiteral("-h evil")));
    CHECK_FALSE(isSafeIdentifier(QStringLiteral("host=evil dbname=prod")));
    CHECK_FALSE(isSafeIdentifier(QStringLiteral("db; rm -rf ~")));
    CHECK_FALSE(isSafeTableName(QStringLiteral("a.b.c")));
    CHECK(isSafeTableName(QStringLiteral("public.orders")));
    auto ok = PgConnectionInfo::fromUrl(QStringLiteral("postgres://app:secret-not-real@db.internal:6543/shop?sslmode=require"));
    REQUIRE(ok.ok());
    CHECK(ok.value().port == 6543);
    CHECK(ok.value().password == "secret-not-real");
    CHECK_FALSE(ok.value().displayUrl().contains(QLatin1String("secret")));
    CHECK(ok.value().toolArguments()
          == QStringList{QStringLiteral("--host=db.internal"), QStringLiteral("--port=6543"), QStringLiteral("--username=app"),
                         QStringLiteral("--dbname=shop")});
}

TEST_CASE("PGPASSFILE is private, escapes the password and strips PGPASSWORD from the child")
{
    PgConnectionInfo info = shop("pa:ss\\word-not-real");
    PgPassFile pass;
    REQUIRE(pass.create(info).ok());
    QFile f(pass.path());
    const auto groupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
        | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    CHECK((f.permissions() & groupOrOther) == 0);
    CHECK((f.permissions() & (QFileDevice::ReadOwner | QFileDevice::WriteOwner)) == (QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    REQUIRE(f.open(QIODevice::ReadOnly));
    CHECK(f.readAll() == "*:*:*:*:pa\\:ss\\\\word-not-real\n");
    QProcessEnvironment base;
    base.insert(QStringLiteral("PGPASSWORD"), QStringLiteral("leak"));
    base.insert(QStringLiteral("PGHOST"), QStringLiteral("evil"));
    const QProcessEnvironment env = pass.environment(base);
    CHECK_FALSE(env.contains(QStringLiteral("PGPASSWORD")));
    CHECK_FALSE(env.contains(QStringLiteral("PGHOST")));
    CHECK(env.value(QStringLiteral("PGPASSFILE")) == pass.path());
    const QString path = pass.path();
    { PgPassFile gone; REQUIRE(gone.create(info).ok()); }
    CHECK(QFile::exists(path));
}

TEST_CASE("db status reports the server, size, connections and long-running queries")
{
    Background sleeper(QStringLiteral("SELECT pg_sleep(60)"));
    PgSession session(shop());
    REQUIRE(test::waitUntil([&] {
        auto s = wait(session.run<DbStatus>([](QSqlDatabase &db) { return DbInspector::status(db, 300); }));
        return s.ok() && !s.value().longRunning.isEmpty();
    }, 30'000));
    auto status = wait(session.run<DbStatus>([](QSqlDatabase &db) { return DbInspector::status(db, 300); }));
    REQUIRE(status.ok());
    const DbStatus &s = status.value();
    CHECK(s.serverVersion.startsWith(QLatin1String("15.")));
    CHECK(s.database == QLatin1String("shop"));
    CHECK(s.sizeBytes > 5'000'000);
    CHECK(s.maxConnections == 40);
    CHECK(s.connections >= 2);  // us and the sleeper
    CHECK(s.activeConnections >= 1);
    CHECK(s.connectionsPercent() == Approx(100.0 * s.connections / 40));
    REQUIRE_FALSE(s.longRunning.isEmpty());
    CHECK(s.longRunning.first().query.contains(QLatin1String("pg_sleep")));
    CHECK(s.longRunning.first().durationMs >= 300);
    bool sawOrders = false;
    for (const TableMaintenance &t : s.tables)
        if (t.table == QLatin1String("public.orders")) {
            sawOrders = true;
            CHECK(t.lastAnalyze.isValid());
            CHECK(t.liveTuples == 200000);
        }
    CHECK(sawOrders);
}

TEST_CASE("A wrong password is an authentication error that says where the password goes")
{
    PgSession session(shop("wrong-password-not-real"));
    auto r = wait(session.run<DbStatus>([](QSqlDatabase &db) { return DbInspector::status(db); }));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Auth);
    CHECK(r.error().message.contains(QLatin1String("database-password")));
    CHECK_FALSE(r.error().toString().contains(QLatin1String("wrong-password")));
}

TEST_CASE("db tables lists table and index sizes, largest first")
{
    PgSession session(shop());
    auto r = wait(session.run<QList<TableSize>>([](QSqlDatabase &db) { return DbInspector::tables(db); }));
    REQUIRE(r.ok());
    REQUIRE(r.value().size() >= 2);
    const TableSize &first = r.value().first();
    CHECK(first.qualifiedName() == QLatin1String("public.orders"));
    CHECK(first.indexBytes > 0);
    CHECK(first.totalBytes == first.tableBytes + first.indexBytes);
    CHECK(first.rowEstimate == 200000);
    for (qsizetype i = 1; i < r.value().size(); ++i)
        CHECK(r.value()[i - 1].totalBytes >= r.value()[i].totalBytes);
}

TEST_CASE("Slow queries come from pg_stat_statements, with guidance when it is missing")
{
    PgSession session(shop());
    auto missing = wait(session.run<SlowQueryReport>([](QSqlDatabase &db) { return DbInspector::slowQueries(db); }));
    REQUIRE(missing.ok());
    CHECK_FALSE(missing.value().available);
    CHECK(missing.value().guidance.contains(QLatin1String("CREATE EXTENSION pg_stat_statements")));
    CHECK(missing.value().guidance.contains(QLatin1String("shared_preload_libraries")));

    cluster().psql(QStringLiteral("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"), QStringLiteral("shop"));
    cluster().psql(QStringLiteral("SELECT count(*) FROM orders WHERE total::text LIKE '%99%'"), QStringLiteral("shop"));
    auto report = wait(session.run<SlowQueryReport>([](QSqlDatabase &db) { return DbInspector::slowQueries(db, 50); }));
    REQUIRE(report.ok());
    CHECK(report.value().available);
    bool found = false;
    for (const SlowQuery &q : report.value().queries)
        found = found || (q.query.contains(QLatin1String("LIKE")) && q.calls >= 1 && q.meanMs > 0);
    CHECK(found);
    cluster().psql(QStringLiteral("DROP EXTENSION pg_stat_statements"), QStringLiteral("shop"));
}

TEST_CASE("log_min_duration_statement is set for the database, read back, and reaches its new sessions only")
{
    PgSession session(shop());
    auto before = wait(session.run<SlowStatementLogging>([](QSqlDatabase &db) { return statementlogging::read(db); }));
    REQUIRE(before.ok());
    CHECK(before->database == QStringLiteral("shop"));
    CHECK_FALSE(before->databaseMs.has_value());
    CHECK(before->sessionMs == -1);  // PostgreSQL's default: off

    auto set = wait(session.run<bool>([](QSqlDatabase &db) -> Result<bool> {
        if (Status s = statementlogging::set(db, 250); !s)
            return s.error();
        return true;
    }));
    REQUIRE(set.ok());
    auto after = wait(session.run<SlowStatementLogging>([](QSqlDatabase &db) { return statementlogging::read(db); }));
    REQUIRE(after.ok());
    REQUIRE(after->databaseMs.has_value());
    CHECK(*after->databaseMs == 250);
    CHECK(after->sessionMs == -1);  // this session keeps the value it started with
    // A new session of the database gets it; another database does not.
    CHECK(cluster().psql(QStringLiteral("SHOW log_min_duration_statement"), QStringLiteral("shop")).trimmed() == "250ms");
    CHECK(cluster().psql(QStringLiteral("SHOW log_min_duration_statement"), QStringLiteral("postgres")).trimmed() == "-1");
    CHECK(statementlogging::describe(250) == QStringLiteral("250 ms"));
    CHECK(statementlogging::describe(2000) == QStringLiteral("2 s"));
    CHECK(statementlogging::describe(-1) == QStringLiteral("off"));

    // Off again.
    REQUIRE(wait(session.run<bool>([](QSqlDatabase &db) -> Result<bool> {
                if (Status s = statementlogging::set(db, -1); !s)
                    return s.error();
                return true;
            })).ok());
    CHECK(cluster().psql(QStringLiteral("SHOW log_min_duration_statement"), QStringLiteral("shop")).trimmed() == "-1");
    cluster().psql(QStringLiteral("ALTER DATABASE shop RESET log_min_duration_statement"));
}

TEST_CASE("VACUUM FULL: preview, progress, audit entries, space given back")
{
    cluster().psql(QStringLiteral("CREATE TABLE bloat AS SELECT g AS id, repeat('y', 200) AS pad FROM generate_series(1, 300000) g;"
                                  "DELETE FROM bloat WHERE id % 10 <> 0;"),
                   QStringLiteral("shop"));
    Background other(QStringLiteral("SELECT pg_sleep(60)"));
    PgSession session(shop());
    const MaintenanceRequest request{MaintenanceKind::VacuumFull, QStringLiteral("bloat"), {}, {}};
    REQUIRE(test::waitUntil([&] {
        auto p = wait(session.run<MaintenancePreview>([request](QSqlDatabase &db) { return Maintenance::preview(db, request); }));
        return p.ok() && p.value().activeConnections >= 1;
    }, 30'000));
    auto preview = wait(session.run<MaintenancePreview>([request](QSqlDatabase &db) { return Maintenance::preview(db, request); }));
    REQUIRE(preview.ok());
    CHECK(preview.value().statement == QLatin1String("VACUUM (FULL, ANALYZE) \"bloat\""));
    CHECK(preview.value().lock == QLatin1String("ACCESS EXCLUSIVE"));
    CHECK(preview.value().sizeBytes > 50'000'000);
    CHECK(preview.value().confirmText() == QLatin1String("bloat"));

    AuditFixture audit;
    MaintenanceJob job(shop(), preview.value(), *audit.audit);
    job.setPollInterval(20);
    QList<MaintenanceProgress> seen;
    std::optional<Result<MaintenanceOutcome>> outcome;
    QObject::connect(&job, &MaintenanceJob::progress, [&](const MaintenanceProgress &p) { seen << p; });
    QObject::connect(&job, &MaintenanceJob::finished, [&](const Result<MaintenanceOutcome> &r) { outcome = r; });
    job.start();
    REQUIRE(test::waitUntil([&] { return outcome.has_value(); }, 120'000));
    REQUIRE(outcome->ok());
    CHECK(outcome->value().sizeAfterBytes < outcome->value().sizeBeforeBytes / 3);
    bool sawPhase = false;
    for (const MaintenanceProgress &p : seen)
        sawPhase = sawPhase || !p.phase.isEmpty();
    CHECK(sawPhase);
    auto entries = audit.audit->list();
    REQUIRE(entries.ok());
    REQUIRE(entries.value().size() == 2);
    CHECK(entries.value()[1].action == QLatin1String("db.vacuum_full"));
    CHECK(entries.value()[1].details.value(QStringLiteral("phase")).toString() == QLatin1String("attempt"));
    CHECK(entries.value()[0].details.value(QStringLiteral("status")).toString() == QLatin1String("succeeded"));
}

TEST_CASE("Maintenance fails closed when the audit entry cannot be written")
{
    PgSession session(shop());
    const MaintenanceRequest request{MaintenanceKind::Reindex, QStringLiteral("notes"), {}, {}};
    auto preview = wait(session.run<MaintenancePreview>([request](QSqlDatabase &db) { return Maintenance::preview(db, request); }));
    REQUIRE(preview.ok());
    const QByteArray before = cluster().psql(
        QStringLiteral("SELECT relfilenode FROM pg_class WHERE relname = 'notes_pkey'"), QStringLiteral("shop"));
    AuditFixture audit;
    audit.store.close();  // every append now fails
    MaintenanceJob job(shop(), preview.value(), *audit.audit);
    std::optional<Result<MaintenanceOutcome>> outcome;
    QObject::connect(&job, &MaintenanceJob::finished, [&](const Result<MaintenanceOutcome> &r) { outcome = r; });
    job.start();
    REQUIRE(outcome.has_value());
    CHECK_FALSE(outcome->ok());
    CHECK(outcome->error().message.contains(QLatin1String("audit")));
    // REINDEX would have given the index a new file; it still has the old one.
    CHECK(cluster().psql(QStringLiteral("SELECT relfilenode FROM pg_class WHERE relname = 'notes_pkey'"),
                         QStringLiteral("shop"))
          == before);
}

TEST_CASE("A running VACUUM FULL is cancelled with pg_cancel_backend and audited as cancelled")
{
    // Another session holds a lock, so VACUUM FULL waits on it until cancelled.
    Background holder(QStringLiteral("BEGIN; LOCK TABLE notes IN ACCESS SHARE MODE; SELECT pg_sleep(120);"));
    REQUIRE(test::waitUntil([] {
        return cluster().psql(QStringLiteral("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                                             "WHERE c.relname = 'notes' AND l.granted"),
                              QStringLiteral("shop")).trimmed() != "0";
    }, 30'000));
    PgSession session(shop());
    const MaintenanceRequest request{MaintenanceKind::VacuumFull, QStringLiteral("notes"), {}, {}};
    auto preview = wait(session.run<MaintenancePreview>([request](QSqlDatabase &db) { return Maintenance::preview(db, request); }));
    REQUIRE(preview.ok());
    AuditFixture audit;
    MaintenanceJob job(shop(), preview.value(), *audit.audit);
    std::optional<Result<MaintenanceOutcome>> outcome;
    QObject::connect(&job, &MaintenanceJob::finished, [&](const Result<MaintenanceOutcome> &r) { outcome = r; });
    job.start();
    // Wait until the VACUUM is really waiting on the lock, then cancel.
    REQUIRE(test::waitUntil([] {
        return cluster().psql(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'VACUUM (FULL%' "
                                             "AND wait_event_type = 'Lock'"),
                              QStringLiteral("shop")).trimmed() == "1";
    }, 30'000));
    job.cancel();
    REQUIRE(test::waitUntil([&] { return outcome.has_value(); }, 30'000));
    REQUIRE_FALSE(outcome->ok());
    CHECK(outcome->error().kind == ErrorKind::Cancelled);
    auto entries = audit.audit->list();
    REQUIRE(entries.ok());
    REQUIRE(entries.value().size() == 2);
    CHECK(entries.value()[0].details.value(QStringLiteral("status")).toString() == QLatin1String("cancelled"));
}

TEST_CASE("The Database page's models: sizes sortable by bytes, last vacuum merged, slow and long queries")
{
    PgSession session(shop());
    auto sizes = wait(session.run<QList<TableSize>>([](QSqlDatabase &db) { return DbInspector::tables(db); }));
    auto status = wait(session.run<DbStatus>([](QSqlDatabase &db) { return DbInspector::status(db); }));
    REQUIRE(sizes.ok());
    REQUIRE(status.ok());
    DbTablesModel tables;
    test::checkModel(&tables);
    tables.setTables(sizes.value(), status.value().tables);
    REQUIRE(tables.rowCount() == sizes.value().size());
    CHECK(tables.index(0, DbTablesModel::TableName).data().toString() == QLatin1String("public.orders"));
    CHECK(tables.index(0, DbTablesModel::TotalSize).data(DbTablesModel::SortRole).toLongLong() == sizes.value().first().totalBytes);
    CHECK(tables.index(0, DbTablesModel::LastAnalyze).data().toString() != QLatin1String("never"));
    CHECK(tables.tableNames().contains(QStringLiteral("orders")));

    SlowQueriesModel slow;
    test::checkModel(&slow);
    slow.setQueries({{QStringLiteral("SELECT\n  1\x1b[2J"), 3, 12.5, 37.5, 3}});
    CHECK(slow.index(0, SlowQueriesModel::Query).data().toString() == QLatin1String("SELECT 1"));
    CHECK(slow.index(0, SlowQueriesModel::Calls).data().toString() == QLatin1String("3"));
    LongQueriesModel longQueries;
    test::checkModel(&longQueries);
    longQueries.setQueries({{42, QStringLiteral("app"), QStringLiteral("active"), 90'500, QStringLiteral("SELECT pg_sleep(100)")}});
    CHECK(longQueries.index(0, LongQueriesModel::Duration).data().toString() == QLatin1String("90 s"));
}
