#pragma once

#include "core/job.h"
#include "page.h"
#include "rollback/rollbackplan.h"

#include <QPointer>

#include <functional>

class QFormLayout;
class QLabel;
class QPushButton;
class QTableView;

namespace opsdeck {

class Session;
class DeploymentsModel;
class RollbackDialog;
class ProviderSource;
class RollbackService;
class RollbackUseCase;
class VercelClient;

// Recent Vercel deployments (10, more on demand) with the one serving production marked, a
// detail pane, and "Roll back to this" / "Promote" through RollbackDialog.
class DeploymentsPage : public Page
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeploymentsPage)
public:
    DeploymentsPage(Session &context, ProviderSource &providers, RollbackUseCase &rollback, QWidget *parent = nullptr);

    void refresh() override;
    void showMore();  // ten more
    bool selectDeployment(const QString &id);
    QString selectedId() const;
    void openDialog(RollbackKind kind);  // for the selected deployment

    DeploymentsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    RollbackDialog *dialog() const;  // the open rollback/promote dialog, if any

Q_SIGNALS:
    void dialogOpened(opsdeck::RollbackDialog *dialog);

private:
    void withVercel(std::function<void(VercelClient *)> run);
    void withService(std::function<void(RollbackService *)> run);
    void resetClients();
    void updateDetail();
    void updateActions();

    Session &m_context;
    ProviderSource &m_providers;
    RollbackUseCase &m_rollbacks;
    DeploymentsModel *m_model;
    QTableView *m_view;
    QFormLayout *m_detail;
    QList<QLabel *> m_detailValues;
    QPushButton *m_rollback;
    QPushButton *m_promote;
    QPushButton *m_more;
    VercelClient *m_vercel = nullptr;
    RollbackService *m_service = nullptr;
    QPointer<RollbackDialog> m_dialog;
    int m_limit = 10;
    JobScope m_load;  // the listing on its way
};

} // namespace opsdeck
