#include "backups/restoredrill.h"

#include "backups/backuprestorer.h"
#include "database/pgsession.h"
#include "store/store.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace opsdeck {

namespace {

QString iso(const QDateTime &t) { return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString(); }
QDateTime parseIso(const QJsonValue &v)
{
    const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : QDateTime();
}

// Runs `work` on a connection of its own to `info`; the connection is removed afterwards.
template <typename T>
Result<T> withConnection(const PgConnectionInfo &info, const std::function<Result<T>(QSqlDatabase &)> &work)
{
    const QString name = QStringLiteral("opsdeck-drill-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    Result<T> result = makeError(ErrorKind::Internal, QStringLiteral("not run"));
    {
        auto db = PgSession::open(info, name);
        if (!db) {
            result = db.error();
        } else {
            result = work(db.value());
            db.value().close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

QString quotedTable(const QString &qualified)
{
    const qsizetype dot = qualified.indexOf(QLatin1Char('.'));
    return quoteIdentifier(qualified.left(dot)) + QLatin1Char('.') + quoteIdentifier(qualified.mid(dot + 1));
}

// Creates the scratch database; fails if the name is taken (CREATE DATABASE is atomic), so the drill
// only ever drops a database it made itself.
Status createScratch(const PgConnectionInfo &server, const QString &name)
{
    auto created = withConnection<bool>(server.withDatabase(QStringLiteral("postgres")), [&name](QSqlDatabase &db) -> Result<bool> {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("CREATE DATABASE ") + quoteIdentifier(name)))
            return PgSession::sqlError(RestoreDrill::tr("Cannot create the scratch database %1").arg(name), q.lastError());
        return true;
    });
    if (!created)
        return created.error();
    return {};
}

Status dropDatabase(const PgConnectionInfo &server, const QString &name)
{
    auto dropped = withConnection<bool>(server.withDatabase(QStringLiteral("postgres")), [&name](QSqlDatabase &db) -> Result<bool> {
        QSqlQuery q(db);
        int version = 0;
        if (q.exec(QStringLiteral("SHOW server_version_num")) && q.next())
            version = q.value(0).toInt();
        QString sql = QStringLiteral("DROP DATABASE IF EXISTS ") + quoteIdentifier(name);
        if (version >= 130000) {
            sql += QStringLiteral(" WITH (FORCE)");
        } else {
            // Before PostgreSQL 13 there is no FORCE: end the sessions still on it first.
            q.prepare(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()"));
            q.addBindValue(name);
            (void)q.exec();
        }
        if (!q.exec(sql))
            return PgSession::sqlError(RestoreDrill::tr("Cannot drop the scratch database %1").arg(name), q.lastError());
        return true;
    });
    if (!dropped)
        return dropped.error();
    return {};
}

// What the restored database must hold: every table the manifest recorded, rows where it had rows.
QStringList checkRestored(const PgConnectionInfo &scratch, const BackupManifest &manifest, int *checked)
{
    QStringList problems;
    auto run = withConnection<bool>(scratch, [&](QSqlDatabase &db) -> Result<bool> {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                   "WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                                   "AND n.nspname NOT LIKE 'pg\\_toast%'")))
            return PgSession::sqlError(RestoreDrill::tr("Cannot list the restored tables"), q.lastError());
        QSet<QString> present;
        while (q.next())
            present.insert(q.value(0).toString());
        if (manifest.tables.isEmpty()) {
            // An older manifest without a table list: at least something must have come back.
            if (present.isEmpty())
                problems << RestoreDrill::tr("the restored database has no tables");
            *checked = int(present.size());
            return true;
        }
        for (auto it = manifest.tables.cbegin(); it != manifest.tables.cend(); ++it) {
            ++*checked;
            if (!present.contains(it.key())) {
                problems << RestoreDrill::tr("table %1 is missing").arg(it.key());
                continue;
            }
            if (it.value() <= 0)
                continue;
            QSqlQuery rows(db);
            if (!rows.exec(QStringLiteral("SELECT EXISTS (SELECT 1 FROM ") + quotedTable(it.key()) + QStringLiteral(")"))
                || !rows.next())
                problems << RestoreDrill::tr("table %1 cannot be read: %2").arg(it.key(), rows.lastError().text());
            else if (!rows.value(0).toBool())
                problems << RestoreDrill::tr("table %1 is empty (about %2 rows at backup time)").arg(it.key()).arg(it.value());
        }
        return true;
    });
    if (!run)
        problems << run.error().message;
    return problems;
}

} // namespace

QJsonObject DrillReport::toJson() const
{
    return QJsonObject{{QStringLiteral("at"), iso(at)},
                       {QStringLiteral("backup"), backupId},
                       {QStringLiteral("backupTime"), iso(backupTime)},
                       {QStringLiteral("scratchDatabase"), scratchDatabase},
                       {QStringLiteral("ok"), ok},
                       {QStringLiteral("tablesChecked"), tablesChecked},
                       {QStringLiteral("problems"), QJsonArray::fromStringList(problems)},
                       {QStringLiteral("durationMs"), durationMs}};
}

std::optional<DrillReport> DrillReport::fromJson(const QJsonObject &o)
{
    DrillReport r;
    r.at = parseIso(o.value(QStringLiteral("at")));
    if (!r.at.isValid() || !o.value(QStringLiteral("ok")).isBool())
        return std::nullopt;
    r.backupId = o.value(QStringLiteral("backup")).toString();
    r.backupTime = parseIso(o.value(QStringLiteral("backupTime")));
    r.scratchDatabase = o.value(QStringLiteral("scratchDatabase")).toString();
    r.ok = o.value(QStringLiteral("ok")).toBool();
    r.tablesChecked = o.value(QStringLiteral("tablesChecked")).toInt();
    for (const QJsonValue &v : o.value(QStringLiteral("problems")).toArray())
        r.problems << v.toString();
    r.durationMs = o.value(QStringLiteral("durationMs")).toInteger();
    return r;
}

Result<QMap<QString, qint64>> RestoreDrill::tableEstimates(const PgConnectionInfo &database)
{
    return withConnection<QMap<QString, qint64>>(database, [](QSqlDatabase &db) -> Result<QMap<QString, qint64>> {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SELECT schemaname || '.' || relname, n_live_tup FROM pg_stat_user_tables "
                                   "WHERE schemaname NOT LIKE 'pg\\_temp%' AND schemaname NOT LIKE 'pg\\_toast\\_temp%'")))
            return PgSession::sqlError(tr("Cannot list the tables"), q.lastError());
        QMap<QString, qint64> tables;
        while (q.next())
            tables.insert(q.value(0).toString(), q.value(1).toLongLong());
        return tables;
    });
}

Result<DrillReport> RestoreDrill::run(BackupDestination &destination, const PgConnectionInfo &server,
                                      const std::optional<BackupKey> &key, const QDateTime &now,
                                      const std::atomic<bool> &cancel, const ProgressFn &progress)
{
    QElapsedTimer clock;
    clock.start();
    DrillReport report;
    report.at = now.toUTC();
    auto finish = [&]() -> Result<DrillReport> {
        report.ok = report.problems.isEmpty();
        report.durationMs = clock.elapsed();
        return report;
    };
    auto all = destination.list();
    if (!all) {
        report.problems << all.error().message;
        return finish();
    }
    std::optional<BackupManifest> newest;
    for (const BackupManifest &m : all.value())
        if (m.verified && m.time <= now && (!newest || m.time > newest->time))
            newest = m;
    if (!newest) {
        report.problems << tr("there is no verified backup in %1 to restore").arg(destination.location());
        return finish();
    }
    report.backupId = newest->id;
    report.backupTime = newest->time;
    // A name no one else uses: the time plus a random part (two drills in the same second, e.g. the
    // button and the timer, never meet).
    report.scratchDatabase = QStringLiteral("opsdeck_drill_") + now.toUTC().toString(QStringLiteral("yyyyMMdd_HHmmss"))
        + QLatin1Char('_') + QUuid::createUuid().toString(QUuid::Id128).left(8);
    const PgConnectionInfo scratch = server.withDatabase(report.scratchDatabase);
    if (Status s = createScratch(server, report.scratchDatabase); !s) {
        report.problems << s.error().message;
        return finish();
    }
    // From here on the scratch database is ours, and is dropped whatever happens.
    auto path = destination.localCopy(*newest, cancel);
    if (!path) {
        (void)dropDatabase(server, report.scratchDatabase);
        if (path.error().kind == ErrorKind::Cancelled)
            return path.error();
        report.problems << path.error().message;
        return finish();
    }
    auto restored = BackupRestorer::restore({path.value(), *newest, scratch, QString(), key}, cancel,
                                            [&progress](qint64 done, qint64 total) {
                                                if (progress)
                                                    progress(done, total);
                                            });
    destination.releaseLocalCopy(path.value());
    if (!restored) {
        (void)dropDatabase(server, report.scratchDatabase);
        if (restored.error().kind == ErrorKind::Cancelled)
            return restored.error();
        report.problems << restored.error().message
                + (restored.error().detail.isEmpty() ? QString() : QStringLiteral(": ") + restored.error().detail.left(400));
        return finish();
    }
    report.problems << checkRestored(scratch, *newest, &report.tablesChecked);
    if (Status s = dropDatabase(server, report.scratchDatabase); !s)
        report.problems << s.error().message;
    return finish();
}

DrillStatus drillStatus(const std::optional<DrillReport> &last, const std::optional<DrillReport> &lastPassed,
                        const QDateTime &now)
{
    auto days = [&now](const QDateTime &t) { return qMax<qint64>(0, t.secsTo(now) / 86400); };
    if (last && !last->ok)
        return {DrillHealth::Red, RestoreDrill::tr("The last restore test failed (%1 d ago): %2")
                                      .arg(days(last->at))
                                      .arg(last->problems.value(0))};
    if (!lastPassed)
        return {DrillHealth::Amber, RestoreDrill::tr("No restore test has passed yet")};
    const qint64 age = days(lastPassed->at);
    const QString what = lastPassed->tablesChecked == 1
        ? RestoreDrill::tr("backup %1 restored, 1 table checked").arg(lastPassed->backupId)
        : RestoreDrill::tr("backup %1 restored, %2 tables checked").arg(lastPassed->backupId).arg(lastPassed->tablesChecked);
    if (lastPassed->at.secsTo(now) > 7 * 86400)
        return {DrillHealth::Amber, RestoreDrill::tr("The last passed restore test is %1 days old (more than 7): %2").arg(age).arg(what)};
    return {DrillHealth::Green, RestoreDrill::tr("Restore test passed %1 d ago: %2").arg(age).arg(what)};
}

DrillRecords::DrillRecords(Store &store, QString profile)
    : m_store(store), m_prefix(QStringLiteral("backup/drill/") + (profile.isEmpty() ? QStringLiteral("default") : profile))
{
}

std::optional<DrillReport> DrillRecords::read(const QString &key) const
{
    QSqlQuery q(m_store.db());
    q.prepare(QStringLiteral("SELECT value FROM settings_meta WHERE key = ?"));
    q.addBindValue(QString(m_prefix + key));
    if (!q.exec() || !q.next())
        return std::nullopt;
    return DrillReport::fromJson(QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object());
}

Status DrillRecords::write(const QString &key, const DrillReport &report)
{
    QSqlQuery q(m_store.db());
    q.prepare(QStringLiteral("INSERT INTO settings_meta (key, value, updated_at) VALUES (?, ?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"));
    q.addBindValue(QString(m_prefix + key));
    q.addBindValue(QString::fromUtf8(QJsonDocument(report.toJson()).toJson(QJsonDocument::Compact)));
    q.addBindValue(iso(report.at));
    if (!q.exec())
        return makeError(ErrorKind::Io, tr("Could not save the restore test"), q.lastError().text());
    return {};
}

Status DrillRecords::save(const DrillReport &report)
{
    if (Status s = write(QStringLiteral("/last"), report); !s)
        return s;
    if (report.ok)
        return write(QStringLiteral("/passed"), report);
    return {};
}

std::optional<DrillReport> DrillRecords::last() const { return read(QStringLiteral("/last")); }
std::optional<DrillReport> DrillRecords::lastPassed() const { return read(QStringLiteral("/passed")); }

} // namespace opsdeck
