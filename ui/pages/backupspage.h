#pragma once

#include "backups/backupservice.h"
#include "page.h"

#include <QPointer>

#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace opsdeck {

class Session;
class BackupsModel;
class BackupsUseCase;
class PruneDialog;
class RestoreDialog;

// Weekly backups: every backup in the profile's destination with size, age, verified state
// and the retention rule that keeps it (or "will be removed"); run now with progress and cancel;
// verify; restore behind a typed confirmation; prune behind its dry run and a typed confirmation.
class BackupsPage : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BackupsPage)
public:
    BackupsPage(Session &context, BackupsUseCase &backups, QWidget *parent = nullptr);
    ~BackupsPage() override;

    void refresh() override;

protected:
    void showEvent(QShowEvent *event) override;

public:
    void runBackup();
    void verifySelected();
    void restoreSelected();
    void prune();
    void cancel();

    BackupsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    RestoreDialog *restoreDialog() const { return m_restore; }
    PruneDialog *pruneDialog() const { return m_prune; }
    bool isBusy() const { return m_task != nullptr; }

private:
    void rebuildService(QObject *load, std::function<void()> then);
    void replaceService(const BackupConfig &config);
    std::optional<BackupManifest> selected() const;
    void track(JobBase *task, const QString &what);
    void finishTask(const QString &message, bool ok);
    void runDrill();
    void showDrillStatus();
    void withDatabase(const QString &url, std::function<void(const PgConnectionInfo &)> then);

    Session &m_context;
    BackupsUseCase &m_backups;
    std::unique_ptr<BackupService> m_service;
    BackupsModel *m_model;
    QTableView *m_view;
    QLabel *m_destination;
    QLabel *m_status;
    QProgressBar *m_progress;
    QPushButton *m_run;
    QPushButton *m_verify;
    QPushButton *m_restoreButton;
    QPushButton *m_pruneButton;
    QPushButton *m_cancel;
    QPushButton *m_drillButton;
    QLabel *m_drillStatus;
    QPointer<JobBase> m_task;  // the running backup, verify, restore, prune or restore test
    RestoreDialog *m_restore = nullptr;
    PruneDialog *m_prune = nullptr;
    JobScope m_load;  // the listing of the destination shown
    bool m_demoDeferred = false;  // demo: the throwaway database starts when the page is first shown
    std::optional<std::pair<PgConnectionInfo, QString>> m_demo;  // demo mode: its database and backups folder
};

} // namespace opsdeck
