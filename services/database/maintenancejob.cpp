#include "maintenancejob.h"

#include "database/pgsession.h"
#include "store/auditlog.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

namespace opsdeck {

MaintenanceJob::MaintenanceJob(PgConnectionInfo info, MaintenancePreview preview, AuditLog &audit, QObject *parent)
    : QObject(parent), m_info(std::move(info)), m_preview(std::move(preview)), m_audit(audit)
{
    connect(&m_timer, &QTimer::timeout, this, &MaintenanceJob::poll);
}

MaintenanceJob::~MaintenanceJob()
{
    m_timer.stop();
    // The sessions cancel a running statement and close on their own threads; nothing waits here.
    delete m_monitor;
    delete m_worker;
}

void MaintenanceJob::start()
{
    if (m_running || m_done)
        return;
    const QString action = QStringLiteral("db.") + Maintenance::kindName(m_preview.request.kind);
    const QString target = m_preview.database
        + (m_preview.request.table.isEmpty() ? QString() : QLatin1Char('.') + m_preview.request.table);
    const QJsonObject details{{QStringLiteral("statement"), m_preview.statement},
                              {QStringLiteral("sizeBytes"), m_preview.sizeBytes},
                              {QStringLiteral("lock"), m_preview.lock},
                              {QStringLiteral("activeConnections"), m_preview.activeConnections},
                              {QStringLiteral("server"), m_info.displayUrl()},
                              {QStringLiteral("phase"), QStringLiteral("attempt")}};
    if (auto entry = m_audit.append(action, target, details); !entry) {
        m_done = true;
        Q_EMIT finished(makeError(entry.error().kind,
                                  tr("Not started: the audit entry could not be written"), entry.error().toString()));
        return;
    }
    m_running = true;
    m_elapsed.start();
    m_worker = new PgSession(m_info);
    m_monitor = new PgSession(m_info);
    // The progress connection is opened first: a statement that is over in half a second still shows
    // its phase, rather than finishing while the monitor is still logging in.
    m_monitor->run<bool>([](QSqlDatabase &db) -> Result<bool> { return db.isOpen(); })
        ->onFinished(this, [this](const Result<bool> &) { startStatement(); });
}

void MaintenanceJob::startStatement()
{
    if (!m_running)
        return;
    const MaintenancePreview preview = m_preview;
    m_worker->run<MaintenanceOutcome>([preview](QSqlDatabase &db) -> Result<MaintenanceOutcome> {
                  MaintenanceOutcome outcome;
                  outcome.sizeBeforeBytes = preview.sizeBytes;
                  QElapsedTimer timer;
                  timer.start();
                  QSqlQuery q(db);
                  const bool createIndex = preview.request.kind == MaintenanceKind::CreateIndex;
                  if (!q.exec(preview.statement)) {
                      Error error = PgSession::sqlError(tr("%1 failed").arg(preview.statement), q.lastError());
                      // CONCURRENTLY leaves an INVALID index behind when it fails: never leave it. Not when the
                      // name was taken meanwhile (42P07): that index is someone else's.
                      if (createIndex && q.lastError().nativeErrorCode() != QLatin1String("42P07")) {
                          const auto dropped = Maintenance::dropInvalidIndex(db, preview.indexSchema, preview.indexName);
                          if (dropped && dropped.value())
                              error.message += QLatin1Char(' ') + tr("The unfinished index %1 was dropped.").arg(preview.indexName);
                          else if (!dropped)
                              error.message += QLatin1Char(' ') + dropped.error().message;
                      }
                      return error;
                  }
                  outcome.durationMs = timer.elapsed();
                  if (createIndex) {
                      QSqlQuery size(db);
                      size.prepare(QStringLiteral("SELECT pg_relation_size(to_regclass(?))"));
                      size.addBindValue(quoteIdentifier(preview.indexSchema + QLatin1Char('.') + preview.indexName));
                      outcome.sizeAfterBytes = size.exec() && size.next() ? size.value(0).toLongLong() : -1;
                      QList<qint64> ids;
                      for (const StatementTiming &t : preview.affected)
                          ids << t.queryId;
                      // The "before": the statements' totals as the index goes live.
                      if (auto before = Maintenance::statementTimings(db, ids))
                          outcome.before = before.value();
                      return outcome;
                  }
                  auto after = Maintenance::sizeOf(db, preview.request);
                  outcome.sizeAfterBytes = after.ok() ? after.value() : -1;
                  return outcome;
              })
        ->onFinished(this, [this](const Result<MaintenanceOutcome> &r) { complete(r); });
    m_timer.start(m_pollMs);
}

void MaintenanceJob::poll()
{
    const int pid = m_worker ? m_worker->backendPid() : 0;
    if (!m_running || m_polling || pid == 0)
        return;
    m_polling = true;
    const qint64 elapsed = m_elapsed.elapsed();
    m_monitor->run<MaintenanceProgress>([pid](QSqlDatabase &db) { return Maintenance::progress(db, pid); })
        ->onFinished(this, [this, elapsed](const Result<MaintenanceProgress> &r) {
            m_polling = false;
            if (!m_running)
                return;
            MaintenanceProgress p = r.ok() ? r.value() : MaintenanceProgress{};
            p.elapsedMs = elapsed;
            Q_EMIT progress(p);
        });
}

void MaintenanceJob::cancel()
{
    if (!m_running || !m_worker)
        return;
    m_cancelRequested = true;
    if (m_worker->backendPid() != 0) {
        m_worker->cancelCurrent();
    } else {
        // Not connected yet: cancel as soon as the backend pid is known.
        QTimer::singleShot(50, this, [this] { cancel(); });
    }
}

void MaintenanceJob::complete(const Result<MaintenanceOutcome> &result)
{
    if (m_done)
        return;
    m_done = true;
    m_running = false;
    m_timer.stop();
    Result<MaintenanceOutcome> r = result;
    if (!r && m_cancelRequested)
        r = makeError(ErrorKind::Cancelled, tr("Cancelled: %1 was stopped by the user").arg(m_preview.statement),
                      result.error().detail);
    QJsonObject details{{QStringLiteral("statement"), m_preview.statement},
                        {QStringLiteral("phase"), QStringLiteral("outcome")},
                        {QStringLiteral("status"), r.ok() ? QStringLiteral("succeeded")
                                                   : r.error().kind == ErrorKind::Cancelled ? QStringLiteral("cancelled")
                                                                                            : QStringLiteral("failed")},
                        {QStringLiteral("durationMs"), r.ok() ? r.value().durationMs : m_elapsed.elapsed()}};
    if (r.ok()) {
        details.insert(QStringLiteral("sizeBeforeBytes"), r.value().sizeBeforeBytes);
        details.insert(QStringLiteral("sizeAfterBytes"), r.value().sizeAfterBytes);
        if (m_preview.request.kind == MaintenanceKind::CreateIndex) {
            details.insert(QStringLiteral("index"), m_preview.indexName);
            details.insert(QStringLiteral("before"), timingsToJson(r.value().before));
        }
    } else {
        details.insert(QStringLiteral("error"), r.error().message);
    }
    const QString target = m_preview.database
        + (m_preview.request.table.isEmpty() ? QString() : QLatin1Char('.') + m_preview.request.table);
    // The outcome entry is best effort: the action already ran, so its failure is reported, not fatal.
    if (auto entry = m_audit.append(QStringLiteral("db.") + Maintenance::kindName(m_preview.request.kind), target,
                                    details);
        !entry && r.ok())
        r = makeError(entry.error().kind, tr("The maintenance finished but its audit entry could not be written"),
                      entry.error().toString());
    Q_EMIT finished(r);
}

} // namespace opsdeck
