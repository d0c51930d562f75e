#include "store/migrations.h"

#include "store/sqltransaction.h"

#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>

#include <filesystem>
#include <system_error>

namespace opsdeck {

namespace {

bool isSqlite(const QSqlDatabase &db) { return db.driverName() == QStringLiteral("QSQLITE"); }
bool isPostgres(const QSqlDatabase &db) { return db.driverName() == QStringLiteral("QPSQL"); }

// Schema v1: what the foundation's features write. Timestamps are ISO-8601 UTC text
// ("2026-11-29T07:00:00.000Z"), which sorts chronologically as text on both engines.
MigrationStep schemaV1()
{
    return MigrationStep{
        1,
        QStringLiteral("audit log, check runs, checklist ticks, metric samples, daily costs, settings bookkeeping"),
        {
            QStringLiteral("CREATE TABLE audit_log ("
                           " id ${ID},"
                           " seq BIGINT NOT NULL UNIQUE,"
                           " at TEXT NOT NULL,"
                           " actor TEXT NOT NULL,"
                           " action TEXT NOT NULL,"
                           " target TEXT NOT NULL,"
                           " details TEXT NOT NULL,"
                           " prev_hash TEXT NOT NULL,"
                           " hash TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE check_runs ("
                           " id ${ID},"
                           " run_date TEXT NOT NULL,"
                           " item_id TEXT NOT NULL,"
                           " status TEXT NOT NULL,"
                           " evidence TEXT NOT NULL DEFAULT '',"
                           " value TEXT,"
                           " at TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX check_runs_by_day_item ON check_runs (run_date, item_id, at)"),
            // One row per item and day; version is the row version for optimistic concurrency
            // (an update states the version it read and fails if another writer moved it on).
            QStringLiteral("CREATE TABLE checklist_ticks ("
                           " id ${ID},"
                           " run_date TEXT NOT NULL,"
                           " item_id TEXT NOT NULL,"
                           " state TEXT NOT NULL CHECK (state IN ('done', 'undone', 'acknowledged')),"
                           " note TEXT NOT NULL DEFAULT '',"
                           " actor TEXT NOT NULL,"
                           " at TEXT NOT NULL,"
                           " version INTEGER NOT NULL DEFAULT 1,"
                           " UNIQUE (run_date, item_id))"),
            QStringLiteral("CREATE TABLE metric_samples ("
                           " id ${ID},"
                           " metric TEXT NOT NULL,"
                           " subject TEXT NOT NULL,"
                           " at TEXT NOT NULL,"
                           " value DOUBLE PRECISION NOT NULL)"),
            QStringLiteral("CREATE INDEX metric_samples_by_series ON metric_samples (metric, subject, at)"),
            QStringLiteral("CREATE TABLE cost_daily ("
                           " provider TEXT NOT NULL,"
                           " model TEXT NOT NULL,"
                           " day TEXT NOT NULL,"
                           " amount_usd DOUBLE PRECISION NOT NULL,"
                           " fetched_at TEXT NOT NULL,"
                           " PRIMARY KEY (provider, model, day))"),
            // Non-secret bookkeeping only, e.g. which keychain backend holds which credential.
            QStringLiteral("CREATE TABLE settings_meta ("
                           " key TEXT PRIMARY KEY,"
                           " value TEXT NOT NULL,"
                           " updated_at TEXT NOT NULL DEFAULT '')"),
        },
        {},
    };
}

Result<bool> hasAnyTable(QSqlDatabase db)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) || !query.next())
        return sqlError(Migrations::tr("Could not read the data file's schema."), query.lastError());
    return query.value(0).toLongLong() > 0;
}

// A consistent copy through SQLite itself (includes what is still in the WAL), written beside the
// file and renamed over an older backup of the same version only once complete.
Status writeBackup(QSqlDatabase db, const QString &filePath, int version)
{
    const QString target = Migrations::backupPath(filePath, version);
    const QString temp = target + QStringLiteral(".tmp");
    QFile::remove(temp);
    QSqlQuery query(db);
    query.prepare(QStringLiteral("VACUUM INTO ?"));
    query.addBindValue(temp);
    if (!query.exec()) {
        QFile::remove(temp);
        return makeError(ErrorKind::Io,
                         Migrations::tr("Could not back up the data file to %1 before upgrading it; the file "
                                        "was left unchanged.").arg(QDir::toNativeSeparators(target)),
                         query.lastError().text());
    }
    std::error_code ec;
    std::filesystem::rename(std::filesystem::path(temp.toStdU16String()),
                            std::filesystem::path(target.toStdU16String()), ec);
    if (ec) {
        QFile::remove(temp);
        return makeError(ErrorKind::Io,
                         Migrations::tr("Could not back up the data file to %1 before upgrading it; the file "
                                        "was left unchanged.").arg(QDir::toNativeSeparators(target)),
                         QString::fromStdString(ec.message()));
    }
    return {};
}

Status runStep(QSqlDatabase db, const MigrationStep &step)
{
    const auto failed = [&step](const QString &detail) {
        return makeError(ErrorKind::Io,
                         Migrations::tr("Could not upgrade the data file to schema %1 (%2); it was left at the "
                                        "previous schema.").arg(QString::number(step.version), step.description),
                         detail);
    };
    SqlTransaction transaction(db);
    if (Status begun = transaction.begin(); !begun)
        return begun;
    // Read inside the write transaction: another instance may have migrated meanwhile.
    const Result<int> current = Migrations::userVersion(db);
    if (!current)
        return current.error();
    if (*current >= step.version)
        return {};
    if (*current != step.version - 1)
        return failed(QStringLiteral("database is at schema %1, step expects %2")
                          .arg(QString::number(*current), QString::number(step.version - 1)));
    for (const QString &statement : step.statements) {
        QSqlQuery query(db);
        if (!query.exec(Migrations::dialectSql(statement, db.driverName())))
            return failed(query.lastError().text());
    }
    if (step.code) {
        if (Status done = step.code(db); !done)
            return failed(done.error().toString());
    }
    // user_version lives in the database header (SQLite), opsdeck_schema in the database (PostgreSQL,
    // whose DDL is transactional): either way the bump commits or rolls back with the step.
    QStringList bumps{QStringLiteral("PRAGMA user_version = %1").arg(QString::number(step.version))};
    if (isPostgres(db)) {
        bumps = QStringList{QStringLiteral("DELETE FROM opsdeck_schema"),
                            QStringLiteral("INSERT INTO opsdeck_schema (version) VALUES (%1)").arg(step.version)};
        if (*current == 0)
            bumps.prepend(QStringLiteral("CREATE TABLE opsdeck_schema (version INTEGER NOT NULL)"));
    }
    for (const QString &sql : bumps) {
        QSqlQuery bump(db);
        if (!bump.exec(sql))
            return failed(bump.lastError().text());
    }
    if (Status committed = transaction.commit(); !committed)
        return failed(committed.error().toString());
    return {};
}

// Schema v2: audit entries signed with the audit key; '' for entries written without it (and for
// every entry written before v2).
MigrationStep schemaV2()
{
    return MigrationStep{2,
                         QStringLiteral("signed audit entries"),
                         {QStringLiteral("ALTER TABLE audit_log ADD COLUMN mac TEXT NOT NULL DEFAULT ''")},
                         {}};
}

} // namespace

const QList<MigrationStep> &Migrations::steps()
{
    // Append new versions here; never edit a step that has shipped.
    static const QList<MigrationStep> list{
        schemaV1(),
        schemaV2(),
    };
    return list;
}

int Migrations::latestVersion(const QList<MigrationStep> &steps)
{
    return steps.isEmpty() ? 0 : steps.constLast().version;
}

Status Migrations::migrate(QSqlDatabase db, const QString &filePath, const QList<MigrationStep> &steps)
{
    const Result<int> version = userVersion(db);
    if (!version)
        return version.error();
    const int latest = latestVersion(steps);
    if (*version > latest)
        return makeError(ErrorKind::Config, newerSchemaMessage(filePath, *version, latest));
    if (*version == latest)
        return {};
    if (!filePath.isEmpty() && isSqlite(db)) {
        bool worthKeeping = *version > 0;
        if (!worthKeeping) {
            const Result<bool> tables = hasAnyTable(db);
            if (!tables)
                return tables.error();
            worthKeeping = *tables;
        }
        if (worthKeeping) {
            if (Status saved = writeBackup(db, filePath, *version); !saved)
                return saved;
        }
    }
    return runSteps(db, steps);
}

Status Migrations::runSteps(QSqlDatabase db, const QList<MigrationStep> &steps)
{
    for (qsizetype i = 0; i < steps.size(); ++i) {
        if (steps[i].version < 1 || (i > 0 && steps[i].version != steps[i - 1].version + 1))
            return makeError(ErrorKind::Internal, tr("The list of schema upgrades is out of order."),
                             QStringLiteral("step %1 has version %2").arg(i).arg(steps[i].version));
    }
    if (!isSqlite(db) && !isPostgres(db))
        return makeError(ErrorKind::Internal, tr("Schema upgrades are implemented for SQLite and PostgreSQL only."),
                         db.driverName());
    for (const MigrationStep &step : steps) {
        if (Status done = runStep(db, step); !done)
            return done;
    }
    return {};
}

Result<int> Migrations::userVersion(QSqlDatabase db)
{
    if (isPostgres(db)) {
        // Read only: an empty database has no table yet (schema 0).
        QSqlQuery exists(db);
        if (!exists.exec(QStringLiteral("SELECT to_regclass('opsdeck_schema') IS NOT NULL")) || !exists.next())
            return sqlError(tr("Could not read the shared store's schema version."), exists.lastError());
        if (!exists.value(0).toBool())
            return 0;
        QSqlQuery version(db);
        if (!version.exec(QStringLiteral("SELECT max(version) FROM opsdeck_schema")) || !version.next())
            return sqlError(tr("Could not read the shared store's schema version."), version.lastError());
        return version.value(0).toInt();
    }
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return sqlError(tr("Could not read the data file's schema version."), query.lastError());
    return query.value(0).toInt();
}

QString Migrations::backupPath(const QString &filePath, int oldVersion)
{
    return filePath + QStringLiteral(".bak-v") + QString::number(oldVersion);
}

QString Migrations::dialectSql(const QString &sql, const QString &driverName)
{
    const QString id = driverName == QStringLiteral("QPSQL")
                           ? QStringLiteral("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
                           : QStringLiteral("INTEGER PRIMARY KEY");
    QString out = sql;
    out.replace(QStringLiteral("${ID}"), id);
    return out;
}

QString Migrations::newerSchemaMessage(const QString &filePath, int fileVersion, int knownVersion)
{
    if (filePath.contains(QLatin1String("://")))
        return tr("The shared store %1 was written by a newer OpsDeck (schema %2, this build knows %3). "
                  "Update OpsDeck; nothing was written to it.")
            .arg(filePath, QString::number(fileVersion), QString::number(knownVersion));
    return tr("The data file %1 was written by a newer OpsDeck (schema %2, this build knows %3). "
              "Update OpsDeck; the file was left unchanged.")
        .arg(QDir::toNativeSeparators(filePath), QString::number(fileVersion), QString::number(knownVersion));
}

} // namespace opsdeck
