#pragma once

#include "core/job.h"
#include "page.h"
#include "rollback/rollbackplan.h"

#include <QPointer>

#include <functional>

class QFormLayout;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;

namespace opsdeck {

class Session;
class DeploymentsModel;
class RollbackDialog;
class ProviderSource;
class RollbackService;
class RollbackUseCase;
class VercelClient;
class BuildLogView;
class TroubleshootUseCase;

// Recent Vercel deployments (10, more on demand) with the one serving production marked, a
// detail pane and the build log (opening by itself on a failed deployment), and "Roll back to this" / "Promote" through RollbackDialog.
class DeploymentsPage : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeploymentsPage)
public:
    DeploymentsPage(Session &context, ProviderSource &providers, RollbackUseCase &rollback, TroubleshootUseCase &troubleshoot,
                    QWidget *parent = nullptr);

    void refresh() override;
    void showMore();  // ten more
    bool selectDeployment(const QString &id);
    QString selectedId() const;
    void openDialog(RollbackKind kind);  // for the selected deployment

    DeploymentsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    RollbackDialog *dialog() const;  // the open rollback/promote dialog, if any
    BuildLogView *buildLog() const { return m_buildLog; }
    QTabWidget *tabs() const { return m_tabs; }
    void showBuildLog();  // of the selected deployment

Q_SIGNALS:
    void dialogOpened(opsdeck::RollbackDialog *dialog);

private:
    void withVercel(std::function<void(VercelClient *)> run);
    void withService(std::function<void(RollbackService *)> run);
    void resetClients();
    void updateDetail();
    void updateActions();
    void showProductionStatus();
    // The newest READY production deployment before the one serving now that Vercel can roll back to.
    int previousProductionRow() const;
    void loadBuildLogIfShown(bool reload = false);

    Session &m_context;
    ProviderSource &m_providers;
    RollbackUseCase &m_rollbacks;
    DeploymentsModel *m_model;
    QTableView *m_view;
    QFormLayout *m_detail;
    QList<QLabel *> m_detailValues;
    QPushButton *m_rollback;
    QPushButton *m_promote;
    QPushButton *m_rollbackPrevious = nullptr;
    QPushButton *m_more;
    QTabWidget *m_tabs;
    BuildLogView *m_buildLog;
    VercelClient *m_vercel = nullptr;
    RollbackService *m_service = nullptr;
    QPointer<RollbackDialog> m_dialog;
    int m_limit = 10;
    JobScope m_load;  // the listing on its way
};

} // namespace opsdeck
