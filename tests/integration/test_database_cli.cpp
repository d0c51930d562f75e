// `opsdeck-cli db ...` against a throwaway PostgreSQL cluster: JSON fields, previews that change
// nothing without --yes, audited maintenance with --yes, exit codes.
#include "clirunner.h"
#include "pgcluster.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDir>

using namespace opsdeck;
using opsdeck::test::PgCluster;

namespace {

PgCluster &cluster()
{
    test::ClusterSeed seed;
    seed.databases = {
        {QStringLiteral("shop"),
         QStringLiteral("CREATE TABLE orders (id serial PRIMARY KEY, customer text);"
                        "INSERT INTO orders (customer) SELECT 'c' || g FROM generate_series(1, 50000) g;"
                        "CREATE TABLE bloat AS SELECT g AS id, repeat('y', 200) AS pad FROM generate_series(1, 100000) g;"
                        "DELETE FROM bloat WHERE id % 10 <> 0; ANALYZE;")},
    };
    return test::sharedCluster(seed);
}

// opsdeck-cli in the test's isolated home (test::IsolatedHome sets HOME), on databaseUrl.
test::CliResult cli(const QStringList &args, const QString &databaseUrl)
{
    test::CliRunner runner(QDir::homePath());
    runner.setTimeout(120'000);
    runner.setEnv(QStringLiteral("DATABASE_URL"), databaseUrl);
    runner.unsetEnv(QStringLiteral("PGPASSWORD"));
    return runner.run(args);
}

qint64 bloatSize()
{
    return cluster().psql(QStringLiteral("SELECT pg_total_relation_size('bloat')"), QStringLiteral("shop")).trimmed().toLongLong();
}

} // namespace

TEST_CASE("db status, tables and slow speak the documented JSON")
{
    test::IsolatedHome home;
    const QString url = cluster().urlWithPassword(QStringLiteral("shop"));
    test::CliResult r = cli({QStringLiteral("--json"), QStringLiteral("db"), QStringLiteral("status")}, url);
    INFO(r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    const QJsonObject status = r.json().object();
    for (const char *key : {"serverVersion", "database", "sizeBytes", "connections", "maxConnections", "connectionsPercent",
                            "longRunning", "tables"})
        CHECK(status.contains(QLatin1String(key)));
    CHECK(status.value(QStringLiteral("database")).toString() == QLatin1String("shop"));
    CHECK(status.value(QStringLiteral("maxConnections")).toInt() == 40);

    r = cli({QStringLiteral("--json"), QStringLiteral("db"), QStringLiteral("tables")}, url);
    REQUIRE(r.exitCode == 0);
    const QJsonArray tables = r.json().array();
    REQUIRE(tables.size() == 2);
    for (const char *key : {"schema", "table", "tableBytes", "indexBytes", "totalBytes", "rowEstimate"})
        CHECK(tables.first().toObject().contains(QLatin1String(key)));

    r = cli({QStringLiteral("db"), QStringLiteral("slow")}, url);
    CHECK(r.exitCode == 2);
    CHECK(r.out.contains("CREATE EXTENSION pg_stat_statements"));
}

TEST_CASE("The password comes from DATABASE_URL; without one the server refuses with a hint; none is written to disk")
{
    test::IsolatedHome home;
    test::CliResult r = cli({QStringLiteral("db"), QStringLiteral("status")}, cluster().url(QStringLiteral("shop")));
    CHECK(r.exitCode == 3);  // no password anywhere: the server refuses
    CHECK(r.err.contains("database-password"));
    CHECK(home.filesContaining(PgCluster::kPassword).isEmpty());
    r = cli({QStringLiteral("db"), QStringLiteral("status")}, cluster().urlWithPassword(QStringLiteral("shop")));
    CHECK(r.exitCode == 0);
    CHECK(home.filesContaining(PgCluster::kPassword).isEmpty());
}

TEST_CASE("db vacuum --full previews without --yes and runs, audited, with it")
{
    test::IsolatedHome home;
    const QString url = cluster().urlWithPassword(QStringLiteral("shop"));
    const qint64 before = bloatSize();
    test::CliResult r = cli({QStringLiteral("--json"), QStringLiteral("db"), QStringLiteral("vacuum"), QStringLiteral("--full"),
                 QStringLiteral("--table"), QStringLiteral("bloat")},
                url);
    INFO(r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    QJsonObject o = r.json().object();
    CHECK(o.value(QStringLiteral("executed")).toBool() == false);
    CHECK(o.value(QStringLiteral("lock")).toString() == QLatin1String("ACCESS EXCLUSIVE"));
    CHECK(o.value(QStringLiteral("sizeBytes")).toInteger() == before);
    CHECK(o.contains(QStringLiteral("activeConnections")));
    CHECK(bloatSize() == before);  // nothing changed

    r = cli({QStringLiteral("--json"), QStringLiteral("db"), QStringLiteral("vacuum"), QStringLiteral("--full"),
             QStringLiteral("--table"), QStringLiteral("bloat"), QStringLiteral("--yes")},
            url);
    REQUIRE(r.exitCode == 0);
    o = r.json().object();
    CHECK(o.value(QStringLiteral("executed")).toBool());
    CHECK(bloatSize() < before / 3);

    r = cli({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("list")}, url);
    REQUIRE(r.exitCode == 0);
    const QJsonArray audit = r.json().array();
    REQUIRE(audit.size() == 2);
    CHECK(audit[0].toObject().value(QStringLiteral("action")).toString() == QLatin1String("db.vacuum_full"));
    CHECK(audit[0].toObject().value(QStringLiteral("target")).toString() == QLatin1String("shop.bloat"));

    r = cli({QStringLiteral("db"), QStringLiteral("reindex"), QStringLiteral("--table"), QStringLiteral("orders; DROP TABLE orders")},
            url);
    CHECK(r.exitCode == 2);
    r = cli({QStringLiteral("db"), QStringLiteral("reindex")}, url);
    CHECK(r.exitCode == 0);
    CHECK(r.out.contains("REINDEX DATABASE \"shop\""));
    CHECK(r.out.contains("Nothing was changed"));
}
