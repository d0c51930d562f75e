// The profile's active-users query runs on the product database: exactly one statement, read only,
// whatever the text says. Against a real PostgreSQL 15 cluster started for this run.
#include "costs/activeusersquery.h"
#include "database/pgconnectioninfo.h"
#include "database/pgsession.h"
#include "pgcluster.h"

#include <catch2/catch.hpp>

#include <QSqlDatabase>

using namespace opsdeck;
using opsdeck::test::PgCluster;

namespace {

PgCluster &cluster()
{
    test::ClusterSeed seed;
    seed.databases = {
        {QStringLiteral("product"), {}},
    };
    return test::sharedCluster(seed);
}

// A fresh table of 100 sessions in October 2026.
void resetSessions()
{
    cluster().psql(QStringLiteral("DROP TABLE IF EXISTS sessions; DROP TABLE IF EXISTS audit_copy;"
                                  "CREATE TABLE sessions (user_id int NOT NULL, seen_at timestamp NOT NULL);"
                                  "INSERT INTO sessions SELECT g, TIMESTAMP '2026-10-02' FROM generate_series(1, 100) g;"),
                   QStringLiteral("product"));
}

QByteArray sessionCount()
{
    return cluster().psql(QStringLiteral("SELECT count(*) FROM sessions"), QStringLiteral("product")).trimmed();
}

// Runs activeusers::count on its own QPSQL connection, as PgSession's worker does.
Result<qint64> countWith(const QString &sql)
{
    auto info = PgConnectionInfo::fromUrl(cluster().url(QStringLiteral("product")));
    REQUIRE(info.ok());
    PgConnectionInfo i = info.value();
    i.password = PgCluster::kPassword;
    const QString name = QStringLiteral("activeusers-test");
    Result<qint64> result = makeError(ErrorKind::Internal, QStringLiteral("not run"));
    {
        auto db = PgSession::open(i, name);
        INFO((db ? QString() : db.error().toString()).toStdString());
        REQUIRE(db.ok());
        result = activeusers::count(db.value(), sql, QDate(2026, 10, 1));
        db.value().close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

} // namespace

TEST_CASE("the active-users query counts with one statement")
{
    resetSessions();
    const auto n = countWith(QStringLiteral("SELECT count(DISTINCT user_id) FROM sessions "
                                            "WHERE seen_at >= {month_start} AND seen_at < {month_end}"));
    INFO((n ? QString() : n.error().toString()).toStdString());
    REQUIRE(n.ok());
    CHECK(n.value() == 100);
    // A trailing semicolon is still one statement.
    CHECK(countWith(QStringLiteral("SELECT count(*) FROM sessions;")).valueOr(-1) == 100);
}

TEST_CASE("a batch that commits the read-only transaction and then deletes is refused; nothing is deleted")
{
    resetSessions();
    for (const QString &sql : {QStringLiteral("SELECT 1; COMMIT; DELETE FROM sessions"),
                               QStringLiteral("SELECT count(*) FROM sessions; COMMIT; DELETE FROM sessions; SELECT 1"),
                               QStringLiteral("SELECT 1; ROLLBACK; BEGIN READ WRITE; DELETE FROM sessions; COMMIT; SELECT 1"),
                               QStringLiteral("SELECT 1; SET default_transaction_read_only = off; END; "
                                              "CREATE TABLE audit_copy AS SELECT 1 AS x; SELECT 1")}) {
        INFO(sql.toStdString());
        const auto n = countWith(sql);
        CHECK(sessionCount() == "100");
        CHECK(cluster().psql(QStringLiteral("SELECT count(*) FROM pg_class WHERE relname = 'audit_copy'"),
                             QStringLiteral("product")).trimmed() == "0");
        REQUIRE_FALSE(n.ok());
        CHECK(n.error().kind == ErrorKind::Config);
        CHECK(n.error().message.contains(QStringLiteral("one statement")));
        resetSessions();
    }
}

TEST_CASE("a single writing statement is refused by the read-only transaction")
{
    resetSessions();
    const auto n = countWith(QStringLiteral("WITH gone AS (DELETE FROM sessions RETURNING 1) SELECT count(*) FROM gone"));
    REQUIRE_FALSE(n.ok());
    CHECK(n.error().toString().contains(QStringLiteral("read-only")));
    CHECK(sessionCount() == "100");
}
