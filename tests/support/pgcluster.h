#pragma once

#include <QByteArray>
#include <QString>
#include <QList>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>
#include <utility>

namespace opsdeck::test {

// A throwaway PostgreSQL 15 cluster for one test run: initdb and postgres run as the `postgres`
// user (runuser) in a temporary folder, on a free loopback port, with password (scram) authentication
// over TCP so the tests exercise the same credential path as production. Stopped and deleted on
// destruction.
class PgCluster
{
public:
    static constexpr const char *kPassword = "test-password-not-real";
    static QString binDir() { return QStringLiteral("/usr/lib/postgresql/15/bin"); }
    static bool available();  // the binaries exist and we can become `postgres`

    PgCluster();
    ~PgCluster();
    // Stops every cluster still running (the shared, never-deleted ones of a test file); the test
    // mains call it after the last test, so no postgres outlives its test run.
    static void stopAll();
    PgCluster(const PgCluster &) = delete;
    PgCluster &operator=(const PgCluster &) = delete;

    // Starts the cluster (extra postgres -c settings, e.g. "shared_preload_libraries=pg_stat_statements").
    // Returns false with error() set when it cannot.
    bool start(const QStringList &settings = {});
    void stop();
    QString error() const { return m_error; }

    int port() const { return m_port; }
    QString host() const { return QStringLiteral("127.0.0.1"); }
    QString user() const { return QStringLiteral("postgres"); }
    // postgresql://postgres@127.0.0.1:PORT/DB (no password) and the same with it.
    QString url(const QString &database = QStringLiteral("postgres")) const;
    QString urlWithPassword(const QString &database = QStringLiteral("postgres")) const;

    // Runs SQL through psql (as the superuser, over TCP) and returns stdout; fails the test on error.
    QByteArray psql(const QString &sql, const QString &database = QStringLiteral("postgres")) const;
    // The same without failing the test: {exit code, stdout+stderr}.
    std::pair<int, QByteArray> tryPsql(const QString &sql, const QString &database = QStringLiteral("postgres")) const;
    void createDatabase(const QString &name) const;

private:
    bool runAsPostgres(const QStringList &args, QByteArray *output = nullptr);

    QTemporaryDir m_dir;
    QString m_dataDir;
    int m_port = 0;
    bool m_running = false;
    QString m_error;
};

// What a cluster holds: postgres -c settings, and databases created in this order, each with the SQL
// that seeds it (empty: none).
struct ClusterSeed {
    QStringList settings;
    QList<std::pair<QString, QString>> databases;
};

// The seeded shop that more than one test builds: pg_stat_statements loaded and created, and
// "orders" with 300,000 rows of 5,000 customers (no index on customer_id), analysed.
ClusterSeed statementsShop();

// The cluster of this test executable for seed: started and seeded on first use, then shared by
// every test case asking for the same seed (which see each other's changes), stopped by the test main
// (PgCluster::stopAll). Fails the test when PostgreSQL cannot start.
PgCluster &sharedCluster(const ClusterSeed &seed);
// A cluster of the test case's own, started and seeded; fails the test when PostgreSQL cannot start.
std::unique_ptr<PgCluster> startCluster(const ClusterSeed &seed = {});

} // namespace opsdeck::test
