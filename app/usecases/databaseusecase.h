#pragma once

#include "core/job.h"
#include "database/dbtypes.h"
#include "database/indeximpact.h"
#include "database/maintenance.h"
#include "database/pgconnectioninfo.h"
#include "database/statementlogging.h"

#include <QObject>

namespace opsdeck {

class CredentialResolver;
class MaintenanceJob;
class PgSession;
class Session;

// The product database for the GUI and the CLI: reads (status, tables, slow statements, the
// slow-statement log setting, what the indexes built through OpsDeck changed) and the changes with
// their rules: maintenance and index builds previewed, then audited before they start (fail closed)
// and after; the slow-statement log setting audited the same way.
class DatabaseUseCase
{
public:
    DatabaseUseCase(Session &session, CredentialResolver &resolver);

    // A database URL (empty: the profile's; the demo's once started) with its password resolved.
    Job<PgConnectionInfo> *connection(const QString &url, QObject *parent);

    Job<DbStatus> *status(PgSession &session, qint64 longRunningMs = 60'000, QObject *parent = nullptr);
    Job<QList<TableSize>> *tables(PgSession &session, QObject *parent = nullptr);
    Job<SlowQueryReport> *slowQueries(PgSession &session, int limit = 20, QObject *parent = nullptr);

    Job<SlowStatementLogging> *slowStatementLogging(PgSession &session, QObject *parent = nullptr);
    // Sets log_min_duration_statement for the session's database (new sessions of it). `from` is the
    // value shown to the user, for the audit entry.
    Job<void> *setSlowStatementLogging(PgSession &session, const QString &database, const QString &from, int ms,
                                       QObject *parent = nullptr);

    Job<MaintenancePreview> *preview(PgSession &session, const MaintenanceRequest &request, QObject *parent = nullptr);
    // Not started: call start() on it after connecting its signals.
    MaintenanceJob *maintenance(const PgConnectionInfo &info, const MaintenancePreview &preview, QObject *parent);

    using Measured = QList<std::pair<BuiltIndex, QList<IndexEffect>>>;
    // The indexes built through OpsDeck (from the audit trail; `only`: one by name), measured now.
    Result<QList<BuiltIndex>> builtIndexes(const QString &only = {}) const;
    Job<Measured> *indexImpact(PgSession &session, const QList<BuiltIndex> &built, QObject *parent = nullptr);

private:
    Session &m_session;
    CredentialResolver &m_resolver;
};

} // namespace opsdeck
