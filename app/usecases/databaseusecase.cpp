#include "usecases/databaseusecase.h"

#include "database/dbinspector.h"
#include "database/maintenancejob.h"
#include "database/pgsession.h"
#include "store/auditlog.h"
#include "usecases/credentialresolver.h"
#include "usecases/session.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace opsdeck {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("DatabaseUseCase", s); }
} // namespace

DatabaseUseCase::DatabaseUseCase(Session &session, CredentialResolver &resolver) : m_session(session), m_resolver(resolver) {}

Job<PgConnectionInfo> *DatabaseUseCase::connection(const QString &url, QObject *parent)
{
    return m_resolver.database(url, parent);
}

Job<DbStatus> *DatabaseUseCase::status(PgSession &session, qint64 longRunningMs, QObject *parent)
{
    return session.run<DbStatus>([longRunningMs](QSqlDatabase &db) { return DbInspector::status(db, longRunningMs); }, parent);
}

Job<QList<TableSize>> *DatabaseUseCase::tables(PgSession &session, QObject *parent)
{
    return session.run<QList<TableSize>>([](QSqlDatabase &db) { return DbInspector::tables(db); }, parent);
}

Job<SlowQueryReport> *DatabaseUseCase::slowQueries(PgSession &session, int limit, QObject *parent)
{
    return session.run<SlowQueryReport>([limit](QSqlDatabase &db) { return DbInspector::slowQueries(db, limit); }, parent);
}

Job<SlowStatementLogging> *DatabaseUseCase::slowStatementLogging(PgSession &session, QObject *parent)
{
    return session.run<SlowStatementLogging>([](QSqlDatabase &db) { return statementlogging::read(db); }, parent);
}

Job<void> *DatabaseUseCase::setSlowStatementLogging(PgSession &session, const QString &database, const QString &from,
                                                    int ms, QObject *parent)
{
    const QString to = statementlogging::describe(ms);
    const QJsonObject details{{QStringLiteral("from"), from}, {QStringLiteral("to"), to}, {QStringLiteral("ms"), ms},
                              {QStringLiteral("phase"), QStringLiteral("attempt")}};
    AuditLog &audit = m_session.audit();
    const QString action = QStringLiteral("db.log_min_duration_statement");
    if (auto entry = audit.append(action, database, details); !entry)  // fail closed
        return Job<void>::done(makeError(entry.error().kind, tr("Not changed: the audit trail cannot be written"),
                                         entry.error().toString()),
                               parent);
    auto *job = new Job<void>(parent);
    // The outcome is audited even when the caller is gone: the setting changed (or not) either way.
    session.run<bool>([ms](QSqlDatabase &db) -> Result<bool> {
               if (Status s = statementlogging::set(db, ms); !s)
                   return s.error();
               return true;
           })
        ->onFinished(&m_session, [&audit, action, database, to, caller = QPointer<Job<void>>(job)](const Result<bool> &r) {
            QJsonObject outcome{{QStringLiteral("phase"), QStringLiteral("outcome")}, {QStringLiteral("to"), to},
                                {QStringLiteral("status"), r ? QStringLiteral("succeeded") : QStringLiteral("failed")}};
            if (!r)
                outcome.insert(QStringLiteral("error"), r.error().message);
            (void)audit.append(action, database, outcome);
            if (caller)
                caller->finish(r ? Status() : Status(r.error()));
        });
    return job;
}

Job<MaintenancePreview> *DatabaseUseCase::preview(PgSession &session, const MaintenanceRequest &request, QObject *parent)
{
    return session.run<MaintenancePreview>([request](QSqlDatabase &db) { return Maintenance::preview(db, request); }, parent);
}

MaintenanceJob *DatabaseUseCase::maintenance(const PgConnectionInfo &info, const MaintenancePreview &preview, QObject *parent)
{
    return new MaintenanceJob(info, preview, m_session.audit(), parent);
}

Result<QList<BuiltIndex>> DatabaseUseCase::builtIndexes(const QString &only) const
{
    auto entries = m_session.audit().list(2000);
    if (!entries)
        return entries.error();
    return IndexImpact::fromAudit(entries.value(), only);
}

Job<DatabaseUseCase::Measured> *DatabaseUseCase::indexImpact(PgSession &session, const QList<BuiltIndex> &built, QObject *parent)
{
    return session.run<Measured>([built](QSqlDatabase &db) { return IndexImpact::measure(db, built); }, parent);
}

} // namespace opsdeck
