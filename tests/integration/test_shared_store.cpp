// Team mode's shared store on a real PostgreSQL server: the same migrations as the local file, a
// database written by a newer OpsDeck refused without a write, many writers from many processes
// (ten `checklist tick` at once) losing nothing with one verifiable audit chain, and a sign-off made
// on stale data refused with nothing left behind.
#include "core/clock.h"
#include "runbook/checkliststore.h"
#include "store/auditlog.h"
#include "store/store.h"

#include "clirunner.h"
#include "pgcluster.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QProcess>
#include <QSqlQuery>
#include <QUrl>

using namespace opsdeck;

namespace {

QByteArray passwordOf(const test::PgCluster &pg) { return QUrl(pg.urlWithPassword()).password().toUtf8(); }

int count(const test::PgCluster &pg, const QString &table)
{
    return pg.psql(QStringLiteral("SELECT count(*) FROM ") + table, QStringLiteral("team")).trimmed().toInt();
}

} // namespace

TEST_CASE("shared store: the local file's migrations on PostgreSQL; a newer schema is refused without a write")
{
    test::PgCluster pg;
    REQUIRE(pg.start());
    pg.createDatabase(QStringLiteral("team"));
    const QString url = pg.url(QStringLiteral("team"));
    {
        Store store(url);
        REQUIRE(store.isShared());
        store.setPassword(passwordOf(pg));
        const Status opened = store.open();
        INFO((opened.ok() ? QString() : opened.error().toString()).toStdString());
        REQUIRE(opened.ok());
        CHECK(store.schemaVersion() == Store::latestSchemaVersion());
        // The audit trail works on it as on the file.
        AuditLog audit(store, SystemClock::instance());
        REQUIRE(audit.append(QStringLiteral("test.write"), QStringLiteral("shared"), {}).ok());
        REQUIRE(audit.append(QStringLiteral("test.write"), QStringLiteral("shared"), {}).ok());
        CHECK(audit.verify().ok);
    }
    // A second OpsDeck opens it again without migrating twice.
    {
        Store again(url);
        again.setPassword(passwordOf(pg));
        REQUIRE(again.open().ok());
    }
    CHECK(pg.psql(QStringLiteral("SELECT count(*) FROM opsdeck_schema"), QStringLiteral("team")).trimmed() == "1");
    // A newer OpsDeck moved the schema on: this one refuses, says why, and writes nothing.
    pg.psql(QStringLiteral("UPDATE opsdeck_schema SET version = %1").arg(Store::latestSchemaVersion() + 1), QStringLiteral("team"));
    Store older(url);
    older.setPassword(passwordOf(pg));
    const Status refused = older.open();
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == ErrorKind::Config);
    CHECK(refused.error().message.contains(QStringLiteral("newer OpsDeck")));
    CHECK(refused.error().message.contains(QStringLiteral("nothing was written")));
    CHECK_FALSE(refused.error().message.contains(QString::fromUtf8(passwordOf(pg))));
    CHECK(count(pg, QStringLiteral("audit_log")) == 2);
    // A wrong password is a clear connection error naming the server, not the password.
    Store wrong(url);
    wrong.setPassword("not-the-password");
    const Status denied = wrong.open();
    REQUIRE_FALSE(denied.ok());
    CHECK(denied.error().message.contains(QStringLiteral("127.0.0.1")));
}

TEST_CASE("shared store: ten processes signing the checklist at once lose nothing; the audit chain verifies")
{
    test::PgCluster pg;
    REQUIRE(pg.start());
    pg.createDatabase(QStringLiteral("team"));
    test::CliRunner runner;
    runner.setEnv(QStringLiteral("OPSDECK_STORE"), pg.url(QStringLiteral("team")));
    runner.setEnv(QStringLiteral("OPSDECK_STORE_PASSWORD"), QString::fromUtf8(passwordOf(pg)));
    // The first run creates the schema; then ten writers at once.
    const test::CliResult first = runner.run({QStringLiteral("checklist"), QStringLiteral("show")});
    INFO(first.err.toStdString());
    REQUIRE(first.exitCode == 0);
    const QStringList items = test::tenChecklistItems();
    std::vector<std::unique_ptr<QProcess>> writers;
    for (const QString &id : items)
        writers.push_back(runner.start({QStringLiteral("checklist"), QStringLiteral("tick"), id, QStringLiteral("--note"),
                                        QStringLiteral("writer ") + id}));
    for (auto &w : writers) {
        REQUIRE(test::waitUntil([&] { return w->state() == QProcess::NotRunning; }, 120'000));
        CHECK(w->exitCode() == 0);
    }
    const test::CliResult shown = runner.run({QStringLiteral("--json"), QStringLiteral("checklist"), QStringLiteral("show")});
    REQUIRE(shown.exitCode == 0);
    int done = 0;
    for (const QJsonValue &v : shown.object()[QStringLiteral("items")].toArray())
        if (items.contains(v[QStringLiteral("id")].toString())) {
            CHECK(v[QStringLiteral("done")].toBool());
            CHECK(v[QStringLiteral("note")].toString() == QStringLiteral("writer ") + v[QStringLiteral("id")].toString());
            ++done;
        }
    CHECK(done == items.size());
    CHECK(count(pg, QStringLiteral("checklist_ticks")) == items.size());
    CHECK(count(pg, QStringLiteral("audit_log")) == items.size());
    // One chain: seq 1..10 without a gap or a fork, each entry linked to the one before.
    CHECK(pg.psql(QStringLiteral("SELECT count(DISTINCT seq) = count(*) AND min(seq) = 1 AND max(seq) = count(*) FROM audit_log"),
                  QStringLiteral("team")).trimmed() == "t");
    const test::CliResult verified = runner.run({QStringLiteral("audit"), QStringLiteral("verify")});
    INFO(verified.out.toStdString() << verified.err.toStdString());
    CHECK(verified.exitCode == 0);

    // A sign-off made on stale data (version 0, after the CLI signed it) is refused and leaves nothing.
    Store store(pg.url(QStringLiteral("team")));
    store.setPassword(passwordOf(pg));
    REQUIRE(store.open().ok());
    AuditLog audit(store, SystemClock::instance());
    ChecklistStore records(store, audit, SystemClock::instance());
    const QDate today = QDateTime::currentDateTimeUtc().toLocalTime().date();
    auto stale = records.setTick(today, QStringLiteral("daily.errors"), TickState::Open, QString(), 0);
    REQUIRE_FALSE(stale.ok());
    CHECK(stale.error().kind == ErrorKind::Conflict);
    CHECK(count(pg, QStringLiteral("audit_log")) == items.size());

    // Not a PostgreSQL URL: a usage error that names what is expected.
    runner.setEnv(QStringLiteral("OPSDECK_STORE"), QStringLiteral("/tmp/somewhere.db"));
    const test::CliResult wrong = runner.run({QStringLiteral("checklist"), QStringLiteral("show")});
    CHECK(wrong.exitCode == 2);
    CHECK(wrong.err.contains("postgresql://"));
}

TEST_CASE("store migrate: the local store copied into an empty shared store, verified; a used one is refused")
{
    test::PgCluster pg;
    REQUIRE(pg.start());
    pg.createDatabase(QStringLiteral("team"));
    test::CliRunner runner;
    // A local history: sign-offs with notes (audited) and a day of costs imported from CSV.
    REQUIRE(runner.run({QStringLiteral("checklist"), QStringLiteral("tick"), QStringLiteral("daily.health"), QStringLiteral("--note"),
                        QStringLiteral("fine")}).exitCode == 0);
    REQUIRE(runner.run({QStringLiteral("checklist"), QStringLiteral("tick"), QStringLiteral("daily.errors")}).exitCode == 0);
    REQUIRE(runner.run({QStringLiteral("checklist"), QStringLiteral("tick"), QStringLiteral("daily.errors"), QStringLiteral("--untick")}).exitCode == 0);
    const QByteArray localShow = runner.run({QStringLiteral("--json"), QStringLiteral("checklist"), QStringLiteral("show")}).out;

    runner.setEnv(QStringLiteral("OPSDECK_STORE_PASSWORD"), QString::fromUtf8(passwordOf(pg)));
    const test::CliResult migrated = runner.run({QStringLiteral("--json"), QStringLiteral("store"), QStringLiteral("migrate"),
                                                 QStringLiteral("--to"), pg.url(QStringLiteral("team"))});
    INFO(migrated.out.toStdString() << migrated.err.toStdString());
    REQUIRE(migrated.exitCode == 0);
    CHECK(migrated.object()[QStringLiteral("auditVerified")].toBool());
    CHECK(migrated.object()[QStringLiteral("auditEntries")].toInt() == 3);
    CHECK(migrated.object()[QStringLiteral("tables")][QStringLiteral("checklist_ticks")].toInt() == 2);
    CHECK_FALSE(migrated.out.contains(passwordOf(pg)));
    CHECK(count(pg, QStringLiteral("audit_log")) == 3);

    // The team now works on the copy: the same record, and its audit trail verifies with the audit key.
    runner.setEnv(QStringLiteral("OPSDECK_STORE"), pg.url(QStringLiteral("team")));
    CHECK(runner.run({QStringLiteral("--json"), QStringLiteral("checklist"), QStringLiteral("show")}).out == localShow);
    const test::CliResult verified = runner.run({QStringLiteral("audit"), QStringLiteral("verify")});
    INFO(verified.out.toStdString() << verified.err.toStdString());
    CHECK(verified.exitCode == 0);

    // Copying again into the store in use is refused; nothing is merged.
    runner.unsetEnv(QStringLiteral("OPSDECK_STORE"));
    const test::CliResult again = runner.run({QStringLiteral("store"), QStringLiteral("migrate"), QStringLiteral("--to"),
                                              pg.url(QStringLiteral("team"))});
    CHECK(again.exitCode != 0);
    CHECK(again.err.contains("not empty"));
    CHECK(count(pg, QStringLiteral("audit_log")) == 3);
}
