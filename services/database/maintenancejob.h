#pragma once

#include "core/result.h"
#include "database/maintenance.h"
#include "database/pgconnectioninfo.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace opsdeck {

class AuditLog;
class PgSession;

// Runs one VACUUM / VACUUM FULL / REINDEX on its own connection and worker thread, with progress
// read from a second connection every pollMs, cancel (pg_cancel_backend) and two audit entries: the
// attempt before anything runs (if that write fails, nothing runs: fail closed) and the outcome.
// Emits finished exactly once. Use from the thread that owns the AuditLog (the GUI/CLI thread).
class MaintenanceJob : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MaintenanceJob)

public:
    MaintenanceJob(PgConnectionInfo info, MaintenancePreview preview, AuditLog &audit, QObject *parent = nullptr);
    ~MaintenanceJob() override;

    void setPollInterval(int ms) { m_pollMs = ms; }
    void start();
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progress(const opsdeck::MaintenanceProgress &progress);
    void finished(const opsdeck::Result<opsdeck::MaintenanceOutcome> &result);

private:
    void startStatement();
    void poll();
    void complete(const Result<MaintenanceOutcome> &result);

    PgConnectionInfo m_info;
    MaintenancePreview m_preview;
    AuditLog &m_audit;
    PgSession *m_worker = nullptr;
    PgSession *m_monitor = nullptr;
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    int m_pollMs = 500;
    bool m_running = false;
    bool m_polling = false;
    bool m_cancelRequested = false;
    bool m_done = false;
};

} // namespace opsdeck
