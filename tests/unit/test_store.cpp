// The local SQLite store: open sequence, migrations, damaged files.
#include <catch2/catch.hpp>

#include "core/clock.h"
#include "store/auditlog.h"
#include "store/migrations.h"
#include "store/store.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>

using namespace opsdeck;

namespace {

// A plain connection for setting up and inspecting files behind the Store's back.
class RawDb
{
public:
    explicit RawDb(const QString &path, const QString &options = QString())
        : m_name(QStringLiteral("test.raw.%1").arg(++s_count))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(options);
        REQUIRE(db.open());
    }
    ~RawDb()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }
    void exec(const QString &sql) const
    {
        QSqlQuery query(db());
        INFO(sql.toStdString() << " -> " << query.lastError().text().toStdString());
        REQUIRE(query.exec(sql));
    }
    QVariant scalar(const QString &sql) const
    {
        QSqlQuery query(db());
        INFO(sql.toStdString());
        REQUIRE(query.exec(sql));
        REQUIRE(query.next());
        return query.value(0);
    }
    bool hasTable(const QString &name) const
    {
        return scalar(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '%1'")
                          .arg(name))
                   .toInt()
               == 1;
    }

private:
    static inline int s_count = 0;
    QString m_name;
};

QVariant scalar(QSqlDatabase db, const QString &sql)
{
    QSqlQuery query(db);
    INFO(sql.toStdString());
    REQUIRE(query.exec(sql));
    REQUIRE(query.next());
    return query.value(0);
}

QByteArray sha256(const QString &path)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    REQUIRE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    REQUIRE(file.write(bytes) == bytes.size());
}

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QRandomGenerator generator(seed);
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &c : bytes)
        c = static_cast<char>(generator.bounded(256));
    return bytes;
}

const QStringList kV1Tables{QStringLiteral("audit_log"),      QStringLiteral("check_runs"),
                            QStringLiteral("checklist_ticks"), QStringLiteral("metric_samples"),
                            QStringLiteral("cost_daily"),      QStringLiteral("settings_meta")};

} // namespace

TEST_CASE("A new store is created with WAL, full sync, foreign keys, busy timeout and the latest schema")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("not/yet/there/opsdeck.db"));
    Store store(path);
    const Status opened = store.open();
    INFO((opened ? std::string() : opened.error().toString().toStdString()));
    REQUIRE(opened.ok());
    CHECK(QFile::exists(path));
    CHECK(store.path() == path);
    QSqlDatabase db = store.db();
    CHECK(scalar(db, QStringLiteral("PRAGMA journal_mode")).toString() == QStringLiteral("wal"));
    CHECK(scalar(db, QStringLiteral("PRAGMA synchronous")).toInt() == 2);  // FULL
    CHECK(scalar(db, QStringLiteral("PRAGMA foreign_keys")).toInt() == 1);
    CHECK(scalar(db, QStringLiteral("PRAGMA busy_timeout")).toInt() == 5000);
    CHECK(scalar(db, QStringLiteral("PRAGMA user_version")).toInt() == Store::latestSchemaVersion());
    CHECK(store.schemaVersion() == Store::latestSchemaVersion());
    CHECK(Store::latestSchemaVersion() >= 1);
    for (const QString &table : kV1Tables) {
        INFO(table.toStdString());
        CHECK(scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = '%1'").arg(table)).toInt() == 1);
    }
    // A brand-new file has nothing worth a backup.
    CHECK(QDir(dir.filePath(QStringLiteral("not/yet/there"))).entryList({QStringLiteral("*.bak-v*")}, QDir::Files).isEmpty());
}

TEST_CASE("Reopening a store keeps its data and does not migrate or back up again")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("opsdeck.db"));
    {
        Store store(path);
        REQUIRE(store.open().ok());
        REQUIRE(store.open().ok());  // idempotent while open
        QSqlQuery insert(store.db());
        REQUIRE(insert.exec(QStringLiteral("INSERT INTO settings_meta (key, value) VALUES ('keychain.backend', 'secret-service')")));
    }
    Store again(path);
    REQUIRE(again.open().ok());
    CHECK(again.schemaVersion() == Store::latestSchemaVersion());
    CHECK(scalar(again.db(), QStringLiteral("SELECT value FROM settings_meta WHERE key = 'keychain.backend'")).toString()
          == QStringLiteral("secret-service"));
    CHECK(QDir(dir.path()).entryList({QStringLiteral("*.bak-v*")}, QDir::Files).isEmpty());

    // A second instance on the same file gets its own connection.
    Store second(path);
    REQUIRE(second.open().ok());
    CHECK(second.connectionName() != again.connectionName());
    CHECK(scalar(second.db(), QStringLiteral("SELECT count(*) FROM settings_meta")).toInt() == 1);

    again.close();
    CHECK_FALSE(again.isOpen());
    CHECK(again.schemaVersion() == -1);
    CHECK(second.isOpen());
}

TEST_CASE("A file from a newer OpsDeck is refused and left byte for byte as it was")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("opsdeck.db"));
    const int newer = Store::latestSchemaVersion() + 1;
    const QString expected = QStringLiteral("written by a newer OpsDeck (schema %1, this build knows %2)")
                                 .arg(newer)
                                 .arg(Store::latestSchemaVersion());

    SECTION("version in the file header")
    {
        {
            RawDb raw(path);
            raw.exec(QStringLiteral("CREATE TABLE future_things (x TEXT)"));
            raw.exec(QStringLiteral("PRAGMA user_version = %1").arg(newer));
        }
        const QByteArray before = sha256(path);
        Store store(path);
        const Status opened = store.open();
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().message.contains(expected));
        CHECK(opened.error().message.contains(QStringLiteral("the file was left unchanged")));
        CHECK(opened.error().message.contains(QDir::toNativeSeparators(path)));
        CHECK_FALSE(store.isOpen());
        CHECK(sha256(path) == before);
    }
    SECTION("version still in the write-ahead log of a running newer instance")
    {
        RawDb newerApp(path);
        newerApp.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
        newerApp.exec(QStringLiteral("CREATE TABLE future_things (x TEXT)"));
        const QByteArray before = sha256(path);
        newerApp.exec(QStringLiteral("PRAGMA user_version = %1").arg(newer));  // committed to the WAL only
        Store store(path);
        const Status opened = store.open();
        REQUIRE_FALSE(opened.ok());
        CHECK(opened.error().message.contains(expected));
        CHECK(sha256(path) == before);
        CHECK(newerApp.scalar(QStringLiteral("PRAGMA user_version")).toInt() == newer);
    }
}

TEST_CASE("A damaged or foreign file is refused with a clear message and left unchanged")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("opsdeck.db"));
    QString expected = QStringLiteral("is damaged or is not an OpsDeck data file");

    SECTION("random bytes") { writeFile(path, randomBytes(64 * 1024, 7)); }
    SECTION("an SQLite header followed by garbage")
    {
        writeFile(path, QByteArrayLiteral("SQLite format 3\0") + randomBytes(16 * 1024, 11));
    }
    SECTION("zero length")
    {
        writeFile(path, QByteArray());
        expected = QStringLiteral("is empty");
    }
    SECTION("zero length with a garbage write-ahead log beside it")
    {
        writeFile(path, QByteArray());
        writeFile(path + QStringLiteral("-wal"), randomBytes(8 * 1024, 5));
        expected = QStringLiteral("is empty");
    }
    SECTION("flipped bytes inside the pages of a real store")
    {
        {
            Store store(path);
            REQUIRE(store.open().ok());
            REQUIRE(store.db().transaction());  // one fsync instead of 2000
            QSqlQuery insert(store.db());
            REQUIRE(insert.prepare(QStringLiteral("INSERT INTO metric_samples (metric, subject, at, value) VALUES (?, ?, ?, ?)")));
            for (int i = 0; i < 2000; ++i) {
                insert.addBindValue(QStringLiteral("latency_ms"));
                insert.addBindValue(QStringLiteral("api-%1").arg(i % 7));
                insert.addBindValue(QStringLiteral("2026-11-29T07:%1:00.000Z").arg(i % 60, 2, 10, QLatin1Char('0')));
                insert.addBindValue(i * 1.5);
                REQUIRE(insert.exec());
            }
            insert.finish();
            REQUIRE(store.db().commit());
        }
        QFile file(path);
        REQUIRE(file.open(QIODevice::ReadWrite));
        const qint64 pageSize = 4096;
        REQUIRE(file.size() > 8 * pageSize);
        // Wreck pages 3..6 (b-tree pages of the tables and indexes), keep the header page intact.
        REQUIRE(file.seek(2 * pageSize));
        REQUIRE(file.write(randomBytes(4 * pageSize, 3)) == 4 * pageSize);
    }

    const QByteArray before = sha256(path);
    Store store(path);
    const Status opened = store.open();
    REQUIRE_FALSE(opened.ok());
    INFO(opened.error().toString().toStdString());
    CHECK(opened.error().kind == ErrorKind::Io);
    CHECK(opened.error().message.contains(expected));
    CHECK(opened.error().message.contains(QStringLiteral("left unchanged")));
    CHECK_FALSE(store.isOpen());
    CHECK(sha256(path) == before);
}

TEST_CASE("An older file is backed up and migrated, keeping what was in it")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("opsdeck.db"));
    {
        RawDb raw(path);
        raw.exec(QStringLiteral("CREATE TABLE notes (body TEXT)"));
        raw.exec(QStringLiteral("INSERT INTO notes (body) VALUES ('kept across the upgrade')"));
        REQUIRE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt() == 0);
    }
    Store store(path);
    const Status opened = store.open();
    INFO((opened ? std::string() : opened.error().toString().toStdString()));
    REQUIRE(opened.ok());
    CHECK(store.schemaVersion() == Store::latestSchemaVersion());
    CHECK(scalar(store.db(), QStringLiteral("SELECT body FROM notes")).toString() == QStringLiteral("kept across the upgrade"));
    CHECK(scalar(store.db(), QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'audit_log'")).toInt() == 1);

    const QString backup = Migrations::backupPath(path, 0);
    CHECK(backup == path + QStringLiteral(".bak-v0"));
    REQUIRE(QFile::exists(backup));
    RawDb copy(backup, QStringLiteral("QSQLITE_OPEN_READONLY"));
    CHECK(copy.scalar(QStringLiteral("PRAGMA user_version")).toInt() == 0);
    CHECK(copy.scalar(QStringLiteral("SELECT body FROM notes")).toString() == QStringLiteral("kept across the upgrade"));
    CHECK_FALSE(copy.hasTable(QStringLiteral("audit_log")));
}

TEST_CASE("Adding a schema version is one more step; the current file is copied to .bak-vN first")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("opsdeck.db"));
    {
        Store store(path);
        REQUIRE(store.open().ok());
        QSqlQuery insert(store.db());
        REQUIRE(insert.exec(QStringLiteral("INSERT INTO settings_meta (key, value) VALUES ('k', 'v1 data')")));
    }
    const int current = Store::latestSchemaVersion();
    const int next = current + 1;
    QList<MigrationStep> steps = Migrations::steps();
    steps.append(MigrationStep{next, QStringLiteral("tags"), {QStringLiteral("CREATE TABLE tags (id ${ID}, name TEXT NOT NULL)")}, {}});
    {
        RawDb raw(path);
        const Status migrated = Migrations::migrate(raw.db(), path, steps);
        INFO((migrated ? std::string() : migrated.error().toString().toStdString()));
        REQUIRE(migrated.ok());
        CHECK(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt() == next);
        raw.exec(QStringLiteral("INSERT INTO tags (name) VALUES ('a'), ('b')"));
        CHECK(raw.scalar(QStringLiteral("SELECT max(id) FROM tags")).toInt() == 2);  // ${ID} assigns keys
        CHECK(raw.scalar(QStringLiteral("SELECT value FROM settings_meta WHERE key = 'k'")).toString() == QStringLiteral("v1 data"));
    }
    {
        RawDb copy(Migrations::backupPath(path, current), QStringLiteral("QSQLITE_OPEN_READONLY"));
        CHECK(copy.scalar(QStringLiteral("PRAGMA user_version")).toInt() == current);
        CHECK(copy.scalar(QStringLiteral("SELECT value FROM settings_meta WHERE key = 'k'")).toString() == QStringLiteral("v1 data"));
        CHECK_FALSE(copy.hasTable(QStringLiteral("tags")));
    }
    // This build does not know the new version: the migrated file is now "from a newer OpsDeck".
    Store store(path);
    const Status opened = store.open();
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().message.contains(
        QStringLiteral("newer OpsDeck (schema %1, this build knows %2)").arg(next).arg(current)));
}

TEST_CASE("A failing migration step leaves the old version and no partial tables")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("opsdeck.db"));
    const MigrationStep good{1, QStringLiteral("good"), {QStringLiteral("CREATE TABLE first_table (x TEXT)")}, {}};
    const MigrationStep bad{2, QStringLiteral("half done"),
                            {QStringLiteral("CREATE TABLE partial_table (x TEXT)"),
                             QStringLiteral("INSERT INTO partial_table (x) VALUES ('written before the failure')"),
                             QStringLiteral("CREATE TABLE broken (")},
                            {}};
    RawDb raw(path);

    SECTION("the very first step fails")
    {
        MigrationStep badFirst = bad;
        badFirst.version = 1;
        const Status run = Migrations::runSteps(raw.db(), {badFirst});
        REQUIRE_FALSE(run.ok());
        CHECK(run.error().message.contains(QStringLiteral("schema 1")));
        CHECK(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt() == 0);
        CHECK_FALSE(raw.hasTable(QStringLiteral("partial_table")));
    }
    SECTION("a later step fails: earlier steps stay committed")
    {
        const Status run = Migrations::runSteps(raw.db(), {good, bad});
        REQUIRE_FALSE(run.ok());
        CHECK(run.error().message.contains(QStringLiteral("schema 2")));
        CHECK(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt() == 1);
        CHECK(raw.hasTable(QStringLiteral("first_table")));
        CHECK_FALSE(raw.hasTable(QStringLiteral("partial_table")));
        // Fixing the step and running again continues from v1.
        MigrationStep fixed = bad;
        fixed.statements.removeLast();
        REQUIRE(Migrations::runSteps(raw.db(), {good, fixed}).ok());
        CHECK(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt() == 2);
        CHECK(raw.scalar(QStringLiteral("SELECT count(*) FROM partial_table")).toInt() == 1);
    }
    SECTION("a failing code step rolls back the statements before it")
    {
        MigrationStep coded = good;
        coded.code = [](QSqlDatabase &) -> Status { return makeError(ErrorKind::Internal, QStringLiteral("data step failed")); };
        REQUIRE_FALSE(Migrations::runSteps(raw.db(), {coded}).ok());
        CHECK(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt() == 0);
        CHECK_FALSE(raw.hasTable(QStringLiteral("first_table")));
    }
    SECTION("steps out of order are refused before anything runs")
    {
        MigrationStep skipped = good;
        skipped.version = 3;
        REQUIRE_FALSE(Migrations::runSteps(raw.db(), {good, skipped}).ok());
        CHECK(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt() == 0);
        CHECK_FALSE(raw.hasTable(QStringLiteral("first_table")));
    }
}

TEST_CASE("The v1 schema refuses rows that would break the features using it")
{
    QTemporaryDir dir;
    Store store(dir.filePath(QStringLiteral("opsdeck.db")));
    REQUIRE(store.open().ok());
    QSqlQuery query(store.db());
    REQUIRE(query.exec(QStringLiteral("INSERT INTO checklist_ticks (run_date, item_id, state, actor, at) "
                                      "VALUES ('2026-11-29', 'backups', 'done', 'sre', '2026-11-29T07:00:00.000Z')")));
    CHECK(scalar(store.db(), QStringLiteral("SELECT version FROM checklist_ticks")).toInt() == 1);
    CHECK_FALSE(query.exec(QStringLiteral("INSERT INTO checklist_ticks (run_date, item_id, state, actor, at) "
                                          "VALUES ('2026-11-29', 'certs', 'maybe', 'sre', '2026-11-29T07:00:00.000Z')")));
    CHECK_FALSE(query.exec(QStringLiteral("INSERT INTO checklist_ticks (run_date, item_id, state, actor, at) "
                                          "VALUES ('2026-11-29', 'backups', 'undone', 'sre', '2026-11-29T07:01:00.000Z')")));
    REQUIRE(query.exec(QStringLiteral("INSERT INTO cost_daily VALUES ('openai', 'gpt-x', '2026-11-28', 1.25, '2026-11-29T07:00:00.000Z')")));
    CHECK_FALSE(query.exec(QStringLiteral("INSERT INTO cost_daily VALUES ('openai', 'gpt-x', '2026-11-28', 9.0, '2026-11-29T08:00:00.000Z')")));
    REQUIRE(query.exec(QStringLiteral("INSERT INTO audit_log (seq, at, actor, action, target, details, prev_hash, hash) "
                                      "VALUES (1, 't', 'a', 'x', 'y', '{}', 'p', 'h')")));
    CHECK_FALSE(query.exec(QStringLiteral("INSERT INTO audit_log (seq, at, actor, action, target, details, prev_hash, hash) "
                                          "VALUES (1, 't', 'a', 'x', 'y', '{}', 'p', 'h')")));
}

TEST_CASE("Schema statements are written once for SQLite and PostgreSQL")
{
    const QString sql = QStringLiteral("CREATE TABLE t (id ${ID}, v TEXT)");
    CHECK(Migrations::dialectSql(sql, QStringLiteral("QSQLITE")) == QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"));
    CHECK(Migrations::dialectSql(sql, QStringLiteral("QPSQL"))
          == QStringLiteral("CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v TEXT)"));
    for (const MigrationStep &step : Migrations::steps()) {
        for (const QString &statement : step.statements) {
            INFO(statement.toStdString());
            CHECK_FALSE(statement.contains(QStringLiteral("AUTOINCREMENT"), Qt::CaseInsensitive));
            CHECK_FALSE(statement.contains(QStringLiteral("REAL"), Qt::CaseSensitive));
            CHECK_FALSE(statement.contains(QStringLiteral("DATETIME"), Qt::CaseInsensitive));
        }
    }
}

TEST_CASE("prepare() checks and migrates the file on a worker thread; the GUI thread then opens it without the slow checks")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("opsdeck.db"));
    Status prepared = makeError(ErrorKind::Internal, QStringLiteral("not run"));
    QThread *worker = QThread::create([&] { prepared = Store::prepare(path); });
    worker->start();
    REQUIRE(worker->wait(30'000));
    delete worker;
    REQUIRE(prepared.ok());

    Store store(path);
    REQUIRE(store.open(Store::Checks::Prepared).ok());
    CHECK(store.schemaVersion() == Store::latestSchemaVersion());
    QSqlQuery mode(store.db());
    REQUIRE(mode.exec(QStringLiteral("PRAGMA journal_mode")));
    REQUIRE(mode.next());
    CHECK(mode.value(0).toString() == QStringLiteral("wal"));
    mode.finish();
    store.close();

    // A file prepare() refuses stays refused, and unchanged.
    const QString damaged = dir.filePath(QStringLiteral("damaged.db"));
    writeFile(damaged, QByteArrayLiteral("SQLite format 3\0") + randomBytes(16 * 1024, 3));
    const QByteArray before = sha256(damaged);
    const Status refused = Store::prepare(damaged);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.contains(QStringLiteral("is damaged or is not an OpsDeck data file")));
    CHECK(sha256(damaged) == before);
}

TEST_CASE("A v1 data file's audit trail survives the upgrade to signed entries, marked unsigned")
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("opsdeck.db"));
    {
        RawDb raw(path);
        REQUIRE(Migrations::migrate(raw.db(), path, Migrations::steps().mid(0, 1)).ok());
        AuditEntry e;
        e.seq = 1;
        e.at = QDateTime(QDate(2026, 11, 1), QTime(7, 0), Qt::UTC);
        e.actor = QStringLiteral("sre");
        e.action = QStringLiteral("rollback");
        e.target = QStringLiteral("web");
        e.prevHash = AuditLog::genesisHash();
        e.hash = AuditLog::computeHash(e);
        raw.exec(QStringLiteral("INSERT INTO audit_log (seq, at, actor, action, target, details, prev_hash, hash) "
                                "VALUES (1, '%1', 'sre', 'rollback', 'web', '{}', '%2', '%3')")
                     .arg(AuditLog::formatTime(e.at), e.prevHash, e.hash));
    }
    Store store(path);
    REQUIRE(store.open().ok());
    ManualClock clock;
    AuditLog log(store, clock);
    log.setHeadFile(AuditLog::headFileFor(path));
    log.setKey(QByteArrayLiteral("upgrade-test-audit-key-0123456789abcdef"));
    REQUIRE(log.append(QStringLiteral("backup.restore"), QStringLiteral("shop"), {}).ok());
    const AuditVerification v = log.verify();
    INFO(v.problem.toStdString());
    CHECK(v.ok);
    CHECK(v.entries == 2);
    CHECK(v.unsignedEntries == 1);
    CHECK(v.signedEntries == 1);
    CHECK(v.signedHeadSeq == 2);
}
