#include "quickfixes.h"

#include "mainwindow.h"
#include "messagebar.h"
#include "pages/databasepage.h"
#include "pages/deploymentspage.h"
#include "usecases/troubleshootusecase.h"

#include <QStatusBar>

namespace opsdeck {

namespace {
std::optional<QuickFixKind> kindOf(const QString &id)
{
    for (QuickFixKind k : {QuickFixKind::ErrorRate, QuickFixKind::SlowResponses, QuickFixKind::DeploymentFailed}) {
        if (TroubleshootUseCase::quickFixId(k) == id)
            return k;
    }
    return std::nullopt;
}

template <typename P>
P *pageOf(MainWindow &window, const QString &id)
{
    for (Page *p : window.pages()) {
        if (p->id() == id)
            return qobject_cast<P *>(p);
    }
    return nullptr;
}
} // namespace

QuickFixes::QuickFixes(MainWindow &window, TroubleshootUseCase &troubleshoot, QObject *parent)
    : QObject(parent), m_window(window), m_troubleshoot(troubleshoot)
{
}

void QuickFixes::run(const QString &id)
{
    const auto kind = kindOf(id);
    if (!kind)
        return;
    QObject *context = m_job.renew();
    m_window.statusBar()->showMessage(tr("Quick fix: looking at what it needs…"));
    m_troubleshoot.quickFix(*kind, context)->onFinished(context, [this, id](const Result<QuickFixPlan> &plan) {
        m_window.statusBar()->clearMessage();
        if (!plan) {
            m_window.statusBar()->showMessage(tr("Quick fix: %1").arg(plan.error().message), 15000);
            Q_EMIT failed(id, plan.error().message);
            return;
        }
        show(plan.value());
    });
}

void QuickFixes::whenReady(Page *page, std::function<void()> fn)
{
    if (page->isReady())
        return fn();
    connect(page, &Page::ready, this, [fn] { fn(); }, Qt::SingleShotConnection);
}

void QuickFixes::show(const QuickFixPlan &plan)
{
    const QString id = TroubleshootUseCase::quickFixId(plan.kind);
    const QString text = plan.lookedAt + QLatin1Char(' ') + plan.advice;
    if (plan.kind == QuickFixKind::SlowResponses) {
        auto *page = pageOf<DatabasePage>(m_window, QStringLiteral("database"));
        if (!page)
            return;
        m_window.showPage(page->id());
        whenReady(page, [this, page, text, id] {
            page->showSlowStatements();
            page->messageBar()->showMessage(text, MessageBar::Severity::Info);
            Q_EMIT shown(id, page->id());
        });
        return;
    }
    auto *page = pageOf<DeploymentsPage>(m_window, QStringLiteral("deployments"));
    if (!page)
        return;
    m_window.showPage(page->id());
    whenReady(page, [this, page, plan, text, id] {
        const bool listed = !plan.deploymentId.isEmpty() && page->selectDeployment(plan.deploymentId);
        const MessageBar::Severity severity = plan.deploymentId.isEmpty() ? MessageBar::Severity::Warning : MessageBar::Severity::Info;
        QString message = text;
        if (!plan.deploymentId.isEmpty() && !listed)
            message += QLatin1Char(' ') + tr("%1 is older than the deployments listed: choose Show 10 more.").arg(plan.deploymentId);
        page->messageBar()->showMessage(message, severity);
        if (listed && plan.kind == QuickFixKind::ErrorRate)
            page->openDialog(RollbackKind::Rollback);  // the preview; nothing changes until confirmed
        else if (listed)
            page->showBuildLog();
        Q_EMIT shown(id, page->id());
    });
}

} // namespace opsdeck
