#pragma once

#include "core/result.h"
#include "database/maintenance.h"
#include "database/pgconnectioninfo.h"
#include "dialogs/typedconfirmdialog.h"

class QLabel;
class QProgressBar;
class QTimer;

namespace opsdeck {

class DatabaseUseCase;
class MaintenanceJob;

// VACUUM / VACUUM FULL / REINDEX: the preview (statement, size, lock, other connections), a typed
// confirmation of the database or table name, then the run with progress, elapsed time and cancel
// (pg_cancel_backend). Closing while it runs cancels instead of closing.
class MaintenanceDialog : public TypedConfirmDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MaintenanceDialog)
public:
    MaintenanceDialog(PgConnectionInfo info, MaintenancePreview preview, DatabaseUseCase &database, QWidget *parent = nullptr);

    bool isRunning() const;
    QString statusText() const;
    void reject() override;

Q_SIGNALS:
    void completed(const opsdeck::Result<opsdeck::MaintenanceOutcome> &result);

private:
    void start();
    void showProgress(const MaintenanceProgress &progress);
    void showResult(const Result<MaintenanceOutcome> &result);

    PgConnectionInfo m_info;
    MaintenancePreview m_preview;
    DatabaseUseCase &m_database;
    MaintenanceJob *m_job = nullptr;
    QProgressBar *m_progress;
    QLabel *m_status;
    QTimer *m_clock;
    qint64 m_elapsedMs = 0;
};

} // namespace opsdeck
