// Guided CREATE INDEX CONCURRENTLY against a real cluster with pg_stat_statements: the preview names
// the statements that read the table and their mean time, the build is audited with that "before",
// and db index-impact shows the mean time since; a failed concurrent build leaves no invalid index.
#include "database/maintenance.h"
#include "database/pgsession.h"
#include "clirunner.h"
#include "pgcluster.h"
#include "jobwatch.h"
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
    return test::sharedCluster(test::statementsShop());
}

// opsdeck-cli in the test's isolated home (test::IsolatedHome sets HOME), on the shop database.
test::CliResult cli(const QStringList &args)
{
    test::CliRunner runner(QDir::homePath());
    runner.setTimeout(120'000);
    runner.setEnv(QStringLiteral("DATABASE_URL"), cluster().urlWithPassword(QStringLiteral("shop")));
    return runner.run(args);
}

// The application's statement, n times (one psql session: pg_stat_statements counts each call).
void lookUpCustomer(int n)
{
    QString sql;
    for (int i = 0; i < n; ++i)
        sql += QStringLiteral("SELECT count(*), sum(total) FROM orders WHERE customer_id = %1;").arg(40 + i);
    cluster().psql(sql, QStringLiteral("shop"));
}

template <typename T>
Result<T> wait(Job<T> *job)
{
    auto r = test::wait(job, 120'000);
    REQUIRE((r.ok() || r.error().kind != ErrorKind::Timeout));
    return r;
}

QJsonObject statementOf(const QJsonArray &statements)
{
    for (const QJsonValue &v : statements)
        if (v.toObject().value(QStringLiteral("query")).toString().contains(QStringLiteral("customer_id =")))
            return v.toObject();
    return {};
}

} // namespace

TEST_CASE("db index: preview with the statements it should help, a concurrent build, audited, and the time since")
{
    test::IsolatedHome home;
    lookUpCustomer(15);

    // Preview only: the statement, the lock, the reads it should speed up; nothing built.
    test::CliResult r = cli({QStringLiteral("--json"), QStringLiteral("db"), QStringLiteral("index"), QStringLiteral("orders"),
                 QStringLiteral("customer_id")});
    REQUIRE(r.exitCode == 0);
    QJsonObject preview = r.json().object();
    CHECK_FALSE(preview.value(QStringLiteral("executed")).toBool());
    CHECK(preview.value(QStringLiteral("statement")).toString()
          == QStringLiteral("CREATE INDEX CONCURRENTLY \"idx_orders_customer_id\" ON \"orders\" (\"customer_id\")"));
    CHECK(preview.value(QStringLiteral("lock")).toString() == QStringLiteral("SHARE UPDATE EXCLUSIVE"));
    const QJsonObject before = statementOf(preview.value(QStringLiteral("statementsBefore")).toArray());
    REQUIRE_FALSE(before.isEmpty());
    CHECK(before.value(QStringLiteral("calls")).toInteger() >= 15);
    CHECK(cluster().psql(QStringLiteral("SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_orders_customer_id'"),
                         QStringLiteral("shop")).trimmed() == "0");

    // Wrong input is refused before anything runs.
    r = cli({QStringLiteral("db"), QStringLiteral("index"), QStringLiteral("orders"), QStringLiteral("customer")});
    CHECK(r.exitCode != 0);
    CHECK(r.err.contains("has no column \"customer\""));
    r = cli({QStringLiteral("db"), QStringLiteral("index"), QStringLiteral("orders"), QStringLiteral("id;DROP TABLE orders")});
    CHECK(r.exitCode == 2);

    r = cli({QStringLiteral("db"), QStringLiteral("index"), QStringLiteral("orders"), QStringLiteral("customer_id"),
             QStringLiteral("--yes")});
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.contains("built in"));
    CHECK(cluster().psql(QStringLiteral("SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                                        "WHERE c.relname = 'idx_orders_customer_id'"),
                         QStringLiteral("shop")).trimmed() == "t");
    // A second index on the same column is pointed out.
    r = cli({QStringLiteral("--json"), QStringLiteral("db"), QStringLiteral("index"), QStringLiteral("orders"),
             QStringLiteral("customer_id"), QStringLiteral("--name"), QStringLiteral("idx_orders_customer_again")});
    REQUIRE(r.exitCode == 0);
    CHECK(r.json().object().value(QStringLiteral("warnings")).toArray().first().toString().contains(QStringLiteral("already indexes")));

    // Before it is measured, the impact says the statement has not run since.
    r = cli({QStringLiteral("--json"), QStringLiteral("db"), QStringLiteral("index-impact")});
    REQUIRE(r.exitCode == 0);
    QJsonObject since = statementOf(r.json().array().first().toObject().value(QStringLiteral("statements")).toArray());
    CHECK(since.value(QStringLiteral("callsAfter")).toInteger() == 0);
    CHECK(since.value(QStringLiteral("meanAfterMs")).isNull());

    lookUpCustomer(15);
    r = cli({QStringLiteral("--json"), QStringLiteral("db"), QStringLiteral("index-impact"), QStringLiteral("--index"),
             QStringLiteral("idx_orders_customer_id")});
    REQUIRE(r.exitCode == 0);
    const QJsonObject built = r.json().array().first().toObject();
    CHECK(built.value(QStringLiteral("index")).toString() == QStringLiteral("idx_orders_customer_id"));
    since = statementOf(built.value(QStringLiteral("statements")).toArray());
    REQUIRE_FALSE(since.isEmpty());
    CHECK(since.value(QStringLiteral("callsAfter")).toInteger() == 15);
    const double meanBefore = since.value(QStringLiteral("meanBeforeMs")).toDouble();
    const double meanAfter = since.value(QStringLiteral("meanAfterMs")).toDouble();
    INFO("mean before " << meanBefore << " ms, after " << meanAfter << " ms");
    CHECK(meanAfter > 0);
    CHECK(meanAfter < meanBefore / 3);  // a sequential scan of 300 000 rows against an index lookup

    r = cli({QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("list")});
    REQUIRE(r.exitCode == 0);
    int createIndex = 0;
    for (const QJsonValue &v : r.json().array())
        createIndex += v.toObject().value(QStringLiteral("action")).toString() == QLatin1String("db.create_index") ? 1 : 0;
    CHECK(createIndex == 2);  // the attempt and the outcome
}

TEST_CASE("a failed concurrent index build leaves no invalid index behind")
{
    // PostgreSQL leaves an INVALID index when CREATE INDEX CONCURRENTLY fails (here: duplicates for UNIQUE).
    const auto failed = cluster().tryPsql(QStringLiteral("CREATE UNIQUE INDEX CONCURRENTLY idx_dup ON orders (customer_id)"),
                                          QStringLiteral("shop"));
    REQUIRE(failed.first != 0);
    REQUIRE(cluster().psql(QStringLiteral("SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                                          "WHERE c.relname = 'idx_dup' AND NOT i.indisvalid"),
                           QStringLiteral("shop")).trimmed() == "1");
    PgConnectionInfo info = PgConnectionInfo::fromUrl(cluster().urlWithPassword(QStringLiteral("shop"))).value();
    PgSession session(info);
    auto dropped = wait(session.run<bool>([](QSqlDatabase &db) {
        return Maintenance::dropInvalidIndex(db, QStringLiteral("public"), QStringLiteral("idx_dup"));
    }));
    REQUIRE(dropped.ok());
    CHECK(dropped.value());
    CHECK(cluster().psql(QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = 'idx_dup'"), QStringLiteral("shop")).trimmed()
          == "0");
    // A valid index is never dropped by it.
    cluster().psql(QStringLiteral("CREATE INDEX idx_total ON orders (total)"), QStringLiteral("shop"));
    auto kept = wait(session.run<bool>([](QSqlDatabase &db) {
        return Maintenance::dropInvalidIndex(db, QStringLiteral("public"), QStringLiteral("idx_total"));
    }));
    REQUIRE(kept.ok());
    CHECK_FALSE(kept.value());
    CHECK(cluster().psql(QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = 'idx_total'"), QStringLiteral("shop")).trimmed()
          == "1");
}
