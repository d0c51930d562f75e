// opsdeck-cli db status | tables | slow | vacuum | reindex
#include "appcontext.h"
#include "usecases/databaseusecase.h"
#include "cliargs.h"
#include "clicommand.h"
#include "database/dbinspector.h"
#include "database/indeximpact.h"
#include "database/maintenancejob.h"
#include "database/pgsession.h"
#include "usecases/credentialresolver.h"
#include "store/auditlog.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

namespace opsdeck::cli {

namespace {

QJsonValue isoOrNull(const QDateTime &t) { return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODate)) : QJsonValue(); }
QString bytes(qint64 n) { return QLocale::c().formattedDataSize(n, 1, QLocale::DataSizeTraditionalFormat); }

// The profile's database with its password (environment or keychain). A missing password is not an
// error: the server may not need one (peer/trust, ~/.pgpass); if it does, the error says where to put it.
void withDatabase(Invocation &inv, std::function<void(const PgConnectionInfo &)> then)
{
    inv.context().database().connection(QString(), &inv.context())->onFinished(&inv.context(), [&inv, then](const Result<PgConnectionInfo> &info) {
        if (!info)
            return inv.fail(info.error());
        then(info.value());
    });
}

// Runs a read of the database use case on a session (worker thread) and hands the result to done
// on the CLI thread.
template <typename T>
void query(Invocation &inv, std::function<Job<T> *(DatabaseUseCase &, PgSession &)> read, std::function<void(const T &)> done)
{
    withDatabase(inv, [&inv, read, done](const PgConnectionInfo &info) {
        auto *session = new PgSession(info, &inv.context());
        read(inv.context().database(), *session)->onFinished(&inv.context(), [&inv, session, done](const Result<T> &r) {
            session->deleteLater();
            if (!r)
                return inv.fail(r.error());
            done(r.value());
        });
    });
}

bool parse(Invocation &inv, const CliArgs &args)
{
    if (!args.problem().isEmpty() || !args.positional().isEmpty()) {
        inv.usageError(args.problem().isEmpty() ? QStringLiteral("unexpected argument ") + args.positional().first()
                                                : args.problem());
        return false;
    }
    return true;
}

void runStatus(Invocation &inv)
{
    CliArgs args(inv.args(), {}, {QStringLiteral("--long-running")});
    if (!parse(inv, args))
        return;
    qint64 longMs = 60'000;
    if (const auto v = args.value(QStringLiteral("--long-running"))) {
        const auto ms = CliArgs::parseDuration(*v);
        if (!ms)
            return inv.usageError(QStringLiteral("--long-running takes a duration such as 60s or 5m"));
        longMs = *ms;
    }
    const double threshold = inv.context().profile().thresholds.dbConnectionsPercent;
    query<DbStatus>(inv, [longMs](DatabaseUseCase &db, PgSession &s) { return db.status(s, longMs); },
                    [&inv, threshold](const DbStatus &s) {
        const bool crossed = s.connectionsPercent() > threshold;
        if (inv.json()) {
            QJsonArray longRunning;
            for (const LongRunningQuery &q : s.longRunning)
                longRunning.append(QJsonObject{{QStringLiteral("pid"), q.pid}, {QStringLiteral("user"), q.user},
                                               {QStringLiteral("state"), q.state},
                                               {QStringLiteral("durationMs"), q.durationMs},
                                               {QStringLiteral("query"), q.query}});
            QJsonArray tables;
            for (const TableMaintenance &t : s.tables)
                tables.append(QJsonObject{{QStringLiteral("table"), t.table},
                                          {QStringLiteral("lastVacuum"), isoOrNull(t.lastVacuum)},
                                          {QStringLiteral("lastAnalyze"), isoOrNull(t.lastAnalyze)},
                                          {QStringLiteral("deadTuples"), t.deadTuples},
                                          {QStringLiteral("liveTuples"), t.liveTuples}});
            inv.printJson(QJsonObject{{QStringLiteral("serverVersion"), s.serverVersion},
                                      {QStringLiteral("database"), s.database},
                                      {QStringLiteral("sizeBytes"), s.sizeBytes},
                                      {QStringLiteral("connections"), s.connections},
                                      {QStringLiteral("maxConnections"), s.maxConnections},
                                      {QStringLiteral("connectionsPercent"), s.connectionsPercent()},
                                      {QStringLiteral("connectionsThresholdPercent"), threshold},
                                      {QStringLiteral("activeConnections"), s.activeConnections},
                                      {QStringLiteral("longRunning"), longRunning},
                                      {QStringLiteral("tables"), tables}});
        } else {
            inv.out() << "PostgreSQL " << s.serverVersion << ", database " << s.database << ", " << bytes(s.sizeBytes)
                      << "\nConnections: " << s.connections << " of " << s.maxConnections << " ("
                      << QString::number(s.connectionsPercent(), 'f', 1) << " %"
                      << (crossed ? QStringLiteral(", above the %1 % threshold").arg(threshold) : QString()) << ")\n";
            inv.out() << "Long-running queries: " << s.longRunning.size() << "\n";
            for (const LongRunningQuery &q : s.longRunning)
                inv.out() << "  pid " << q.pid << "  " << q.durationMs / 1000 << " s  " << q.state << "  "
                          << q.query.simplified().left(100) << "\n";
            QList<QStringList> rows;
            for (const TableMaintenance &t : s.tables)
                rows << QStringList{t.table,
                                    t.lastVacuum.isValid() ? t.lastVacuum.toString(Qt::ISODate) : QStringLiteral("never"),
                                    t.lastAnalyze.isValid() ? t.lastAnalyze.toString(Qt::ISODate) : QStringLiteral("never"),
                                    QString::number(t.deadTuples)};
            inv.out() << "\n"
                      << formatTable({QStringLiteral("TABLE"), QStringLiteral("LAST VACUUM"),
                                      QStringLiteral("LAST ANALYZE"), QStringLiteral("DEAD ROWS")},
                                     rows);
        }
        inv.finish(crossed ? ExitCheckFailed : ExitOk);
    });
}

void runTables(Invocation &inv)
{
    CliArgs args(inv.args(), {}, {});
    if (!parse(inv, args))
        return;
    query<QList<TableSize>>(inv, [](DatabaseUseCase &db, PgSession &s) { return db.tables(s); },
                            [&inv](const QList<TableSize> &tables) {
        if (inv.json()) {
            QJsonArray rows;
            for (const TableSize &t : tables)
                rows.append(QJsonObject{{QStringLiteral("schema"), t.schema}, {QStringLiteral("table"), t.name},
                                        {QStringLiteral("tableBytes"), t.tableBytes},
                                        {QStringLiteral("indexBytes"), t.indexBytes},
                                        {QStringLiteral("totalBytes"), t.totalBytes},
                                        {QStringLiteral("rowEstimate"), t.rowEstimate}});
            inv.printJson(rows);
        } else {
            QList<QStringList> rows;
            for (const TableSize &t : tables)
                rows << QStringList{t.qualifiedName(), bytes(t.tableBytes), bytes(t.indexBytes), bytes(t.totalBytes),
                                    QString::number(t.rowEstimate)};
            inv.out() << formatTable({QStringLiteral("TABLE"), QStringLiteral("TABLE SIZE"), QStringLiteral("INDEXES"),
                                      QStringLiteral("TOTAL"), QStringLiteral("ROWS (EST.)")},
                                     rows);
        }
        inv.finish(ExitOk);
    });
}

void runSlow(Invocation &inv)
{
    CliArgs args(inv.args(), {}, {QStringLiteral("--limit")});
    if (!parse(inv, args))
        return;
    QString problem;
    const auto limit = args.positiveInt(QStringLiteral("--limit"), 20, &problem);
    if (!limit)
        return inv.usageError(problem);
    query<SlowQueryReport>(inv, [n = *limit](DatabaseUseCase &db, PgSession &s) { return db.slowQueries(s, n); },
                           [&inv](const SlowQueryReport &r) {
        if (inv.json()) {
            QJsonArray rows;
            for (const SlowQuery &q : r.queries)
                rows.append(QJsonObject{{QStringLiteral("query"), q.query}, {QStringLiteral("calls"), q.calls},
                                        {QStringLiteral("meanMs"), q.meanMs}, {QStringLiteral("totalMs"), q.totalMs},
                                        {QStringLiteral("rows"), q.rows}});
            inv.printJson(QJsonObject{{QStringLiteral("available"), r.available},
                                      {QStringLiteral("guidance"), r.guidance.isEmpty() ? QJsonValue() : QJsonValue(r.guidance)},
                                      {QStringLiteral("queries"), rows}});
        } else if (!r.available) {
            inv.out() << r.guidance << "\n";
        } else {
            QList<QStringList> rows;
            for (const SlowQuery &q : r.queries)
                rows << QStringList{QString::number(q.meanMs, 'f', 2), QString::number(q.totalMs, 'f', 1),
                                    QString::number(q.calls), q.query.simplified().left(90)};
            inv.out() << formatTable({QStringLiteral("MEAN MS"), QStringLiteral("TOTAL MS"), QStringLiteral("CALLS"),
                                      QStringLiteral("QUERY")},
                                     rows);
        }
        if (!r.available)
            inv.err() << "opsdeck-cli: pg_stat_statements is not available in this database\n";
        inv.finish(r.available ? ExitOk : ExitUsage);
    });
}

QJsonObject previewJson(const MaintenancePreview &p)
{
    return QJsonObject{{QStringLiteral("action"), Maintenance::kindName(p.request.kind)},
                       {QStringLiteral("database"), p.database},
                       {QStringLiteral("table"), p.request.table.isEmpty() ? QJsonValue() : QJsonValue(p.request.table)},
                       {QStringLiteral("statement"), p.statement},
                       {QStringLiteral("sizeBytes"), p.sizeBytes},
                       {QStringLiteral("lock"), p.lock},
                       {QStringLiteral("lockEffect"), p.lockEffect},
                       {QStringLiteral("activeConnections"), p.activeConnections}};
}

QJsonObject indexPreviewJson(const MaintenancePreview &p)
{
    QJsonObject o = previewJson(p);
    o.insert(QStringLiteral("index"), p.indexName);
    o.insert(QStringLiteral("columns"), QJsonArray::fromStringList(p.request.columns));
    o.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(p.warnings));
    o.insert(QStringLiteral("statementsBefore"), timingsToJson(p.affected));
    if (!p.statementsNote.isEmpty())
        o.insert(QStringLiteral("statementsNote"), p.statementsNote);
    return o;
}

QString oneLine(const QString &sql, int width = 70)
{
    QString s = sql.simplified();
    return s.size() > width ? s.left(width - 1) + QChar(0x2026) : s;
}

void runRequest(Invocation &inv, const MaintenanceRequest &request, bool yes);

void runMaintenance(Invocation &inv, MaintenanceKind kind)
{
    QStringList flags{QStringLiteral("--yes")};
    if (kind != MaintenanceKind::Reindex)
        flags << QStringLiteral("--full");
    CliArgs args(inv.args(), flags, {QStringLiteral("--table")});
    if (!parse(inv, args))
        return;
    MaintenanceRequest request;
    request.kind = args.flag(QStringLiteral("--full")) ? MaintenanceKind::VacuumFull : kind;
    request.table = args.value(QStringLiteral("--table")).value_or(QString());
    if (!request.table.isEmpty() && !isSafeTableName(request.table))
        return inv.usageError(QStringLiteral("--table takes a table name such as orders or public.orders"));
    runRequest(inv, request, args.flag(QStringLiteral("--yes")));
}

// db index TABLE COLUMN[,COLUMN...]: guided CREATE INDEX CONCURRENTLY with the statements it should help.
void runIndex(Invocation &inv)
{
    CliArgs args(inv.args(), {QStringLiteral("--yes")}, {QStringLiteral("--name")});
    if (!args.problem().isEmpty())
        return inv.usageError(args.problem());
    if (args.positional().size() != 2)
        return inv.usageError(QStringLiteral("usage: db index TABLE COLUMN[,COLUMN...] [--name NAME] [--yes]"));
    MaintenanceRequest request;
    request.kind = MaintenanceKind::CreateIndex;
    request.table = args.positional().at(0);
    request.columns = args.positional().at(1).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (QString &c : request.columns)
        c = c.trimmed();
    request.indexName = args.value(QStringLiteral("--name")).value_or(QString());
    if (!isSafeTableName(request.table))
        return inv.usageError(QStringLiteral("TABLE is a table name such as orders or public.orders"));
    for (const QString &c : std::as_const(request.columns))
        if (!isSafeIdentifier(c))
            return inv.usageError(QStringLiteral("invalid column name \"%1\"").arg(c));
    if (!request.indexName.isEmpty() && !isSafeIdentifier(request.indexName))
        return inv.usageError(QStringLiteral("--name takes an index name (letters, digits, _)"));
    runRequest(inv, request, args.flag(QStringLiteral("--yes")));
}

// db index-impact: for each index built through OpsDeck (the audit trail keeps the "before"), the
// mean time of the statements it was meant to help, before and since.
void runIndexImpact(Invocation &inv)
{
    CliArgs args(inv.args(), {}, {QStringLiteral("--index")});
    if (!parse(inv, args))
        return;
    const QString only = args.value(QStringLiteral("--index")).value_or(QString());
    const auto indexes = inv.context().database().builtIndexes(only);
    if (!indexes)
        return inv.fail(indexes.error());
    const QList<BuiltIndex> built = indexes.value();
    if (built.isEmpty())
        return inv.fail(makeError(ErrorKind::NotFound, only.isEmpty() ? QStringLiteral("No index was built through OpsDeck yet")
                                                                      : QStringLiteral("No index %1 in the audit trail").arg(only)));
    using Measured = QList<std::pair<BuiltIndex, QList<IndexEffect>>>;
    query<Measured>(
        inv, [built](DatabaseUseCase &db, PgSession &s) { return db.indexImpact(s, built); },
        [&inv](const Measured &measured) {
            if (measured.isEmpty())
                return inv.fail(makeError(ErrorKind::NotFound, QStringLiteral("No index was built through OpsDeck on this database yet")));
            QJsonArray rows;
            QList<QStringList> table;
            for (const auto &[index, effects] : measured) {
                QJsonArray statements;
                for (const IndexEffect &e : effects) {
                    statements.append(QJsonObject{{QStringLiteral("query"), e.before.query},
                                                  {QStringLiteral("callsBefore"), e.before.calls},
                                                  {QStringLiteral("meanBeforeMs"), e.before.meanMs},
                                                  {QStringLiteral("callsAfter"), e.callsAfter},
                                                  {QStringLiteral("meanAfterMs"), e.callsAfter > 0 ? QJsonValue(e.meanAfterMs) : QJsonValue()}});
                    table << QStringList{index.index, oneLine(e.before.query, 50),
                                         QString::number(e.before.meanMs, 'f', 2) + QStringLiteral(" ms"),
                                         e.callsAfter > 0 ? QString::number(e.meanAfterMs, 'f', 2) + QStringLiteral(" ms") : QStringLiteral("-"),
                                         QString::number(e.callsAfter)};
                }
                rows.append(QJsonObject{{QStringLiteral("index"), index.index}, {QStringLiteral("target"), index.target},
                                        {QStringLiteral("builtAt"), index.at.toUTC().toString(Qt::ISODate)},
                                        {QStringLiteral("statements"), statements}});
            }
            if (inv.json())
                inv.printJson(rows);
            else
                inv.out() << formatTable({QStringLiteral("INDEX"), QStringLiteral("STATEMENT"), QStringLiteral("MEAN BEFORE"),
                                          QStringLiteral("MEAN SINCE"), QStringLiteral("CALLS SINCE")},
                                         table);
            inv.finish(ExitOk);
        });
}

void runRequest(Invocation &inv, const MaintenanceRequest &request, bool yes)
{
    withDatabase(inv, [&inv, request, yes](const PgConnectionInfo &info) {
        auto *session = new PgSession(info, &inv.context());
        inv.context().database().preview(*session, request)
            ->onFinished(&inv.context(), [&inv, session, info, yes](const Result<MaintenancePreview> &preview) {
                session->deleteLater();
                if (!preview)
                    return inv.fail(preview.error());
                const MaintenancePreview &p = preview.value();
                const bool index = p.request.kind == MaintenanceKind::CreateIndex;
                if (!yes) {
                    if (inv.json()) {
                        QJsonObject o = index ? indexPreviewJson(p) : previewJson(p);
                        o.insert(QStringLiteral("executed"), false);
                        inv.printJson(o);
                    } else if (index) {
                        inv.out() << "Would run: " << p.statement << "\n  on " << p.database << " (table "
                                  << bytes(p.sizeBytes) << ")\n  lock: " << p.lock << ". " << p.lockEffect
                                  << "\n  other connections to this database: " << p.activeConnections << "\n";
                        for (const QString &w : p.warnings)
                            inv.out() << "  warning: " << w << "\n";
                        if (p.affected.isEmpty())
                            inv.out() << "  " << p.statementsNote << "\n";
                        else
                            inv.out() << "  statements reading " << p.request.table << " (mean time now):\n";
                        for (const StatementTiming &t : p.affected)
                            inv.out() << "    " << QString::number(t.meanMs, 'f', 2) << " ms x " << t.calls << "  "
                                      << oneLine(t.query) << "\n";
                        inv.out() << "Nothing was changed. Run again with --yes to build it.\n";
                    } else {
                        inv.out() << "Would run: " << p.statement << "\n  on " << p.database << " ("
                                  << bytes(p.sizeBytes) << ")\n  lock: " << p.lock << ". " << p.lockEffect
                                  << "\n  other connections to this database: " << p.activeConnections
                                  << "\nNothing was changed. Run again with --yes to do it.\n";
                    }
                    return inv.finish(ExitOk);
                }
                auto *job = inv.context().database().maintenance(info, p, &inv.context());
                QObject::connect(job, &MaintenanceJob::progress, &inv.context(), [&inv](const MaintenanceProgress &pr) {
                    if (!pr.phase.isEmpty())
                        inv.err() << pr.relation << ": " << pr.phase
                                  << (pr.total > 0 ? QStringLiteral(" %1 %").arg(100 * pr.done / pr.total) : QString())
                                  << Qt::endl;
                });
                QObject::connect(job, &MaintenanceJob::finished, &inv.context(),
                                 [&inv, job, p, index](const Result<MaintenanceOutcome> &r) {
                    job->deleteLater();
                    if (!r)
                        return inv.fail(r.error());
                    if (inv.json()) {
                        QJsonObject o = index ? indexPreviewJson(p) : previewJson(p);
                        o.insert(QStringLiteral("executed"), true);
                        if (index)
                            o.insert(QStringLiteral("statementsBefore"), timingsToJson(r.value().before));
                        o.insert(QStringLiteral("durationMs"), r.value().durationMs);
                        o.insert(QStringLiteral("sizeBeforeBytes"), r.value().sizeBeforeBytes);
                        o.insert(QStringLiteral("sizeAfterBytes"), r.value().sizeAfterBytes);
                        inv.printJson(o);
                    } else if (index) {
                        inv.out() << p.statement << ": built in " << r.value().durationMs << " ms, index "
                                  << bytes(r.value().sizeAfterBytes) << ". Audited.\n"
                                  << "Compare later with: opsdeck-cli db index-impact --index " << p.indexName << "\n";
                    } else {
                        inv.out() << p.statement << ": done in " << r.value().durationMs << " ms, "
                                  << bytes(r.value().sizeBeforeBytes) << " -> " << bytes(r.value().sizeAfterBytes) << "\n";
                    }
                    inv.finish(ExitOk);
                });
                job->start();
            });
    });
}

} // namespace

QList<Command> dbCommands()
{
    const QString conn = QStringLiteral("The database is the profile's or DATABASE_URL; its password comes from "
                                        "DATABASE_URL or the keychain (database-password).");
    return {
        {{QStringLiteral("db"), QStringLiteral("status")}, QStringLiteral("db status [--long-running 60s]"),
         QStringLiteral("Server version, size, connections against max_connections, long-running queries, last vacuum"),
         QStringLiteral("Exit 1 when connections exceed the profile's threshold (80 % by default).\n") + conn, true,
         runStatus},
        {{QStringLiteral("db"), QStringLiteral("tables")}, QStringLiteral("db tables"),
         QStringLiteral("Table and index sizes, largest first"), conn, true, runTables},
        {{QStringLiteral("db"), QStringLiteral("slow")}, QStringLiteral("db slow [--limit 20]"),
         QStringLiteral("Slowest statements by mean time (pg_stat_statements)"),
         QStringLiteral("Exit 2 with instructions when pg_stat_statements is not installed.\n") + conn, true, runSlow},
        {{QStringLiteral("db"), QStringLiteral("vacuum")}, QStringLiteral("db vacuum [--full] [--table T] [--yes]"),
         QStringLiteral("VACUUM (FULL) ANALYZE; without --yes, print the preview and change nothing"),
         QStringLiteral("The preview gives the size, the lock taken and the other connections. Audited.\n") + conn, true,
         [](Invocation &inv) { runMaintenance(inv, MaintenanceKind::Vacuum); }},
        {{QStringLiteral("db"), QStringLiteral("reindex")}, QStringLiteral("db reindex [--table T] [--yes]"),
         QStringLiteral("REINDEX the database or a table; without --yes, print the preview and change nothing"),
         QStringLiteral("The preview gives the size, the lock taken and the other connections. Audited.\n") + conn, true,
         [](Invocation &inv) { runMaintenance(inv, MaintenanceKind::Reindex); }},
        {{QStringLiteral("db"), QStringLiteral("index")}, QStringLiteral("db index TABLE COLUMN[,COLUMN...] [--name NAME] [--yes]"),
         QStringLiteral("CREATE INDEX CONCURRENTLY, guided; without --yes, print the preview and change nothing"),
         QStringLiteral("The preview checks the columns and the name, points out an index on the same columns, and lists the\n"
                        "statements reading the table with their mean time (pg_stat_statements). A failed or cancelled\n"
                        "build drops its invalid index. Audited, with the statements' times: see db index-impact.\n") + conn,
         true, runIndex},
        {{QStringLiteral("db"), QStringLiteral("index-impact")}, QStringLiteral("db index-impact [--index NAME]"),
         QStringLiteral("Mean time of the statements an index was built for: before it and since"),
         QStringLiteral("The \"before\" comes from the audit trail of db index; \"since\" is what pg_stat_statements added after.\n")
             + conn,
         true, runIndexImpact},
    };
}

} // namespace opsdeck::cli
