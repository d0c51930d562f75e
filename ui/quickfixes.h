#pragma once

#include "core/job.h"

#include <QObject>

namespace opsdeck {

class MainWindow;
class Page;
class TroubleshootUseCase;
struct QuickFixPlan;

// Runs one of the runbook's quick fixes as a guided action: asks the troubleshooting facade what
// to look at, then opens that page at that object and says there what was looked at. Error rate:
// the Deployments page with the rollback preview of the last good production deployment; slow
// responses: the Database page's slow statements; deployment failed: the failed deployment's
// build log, with the environment's production gap. Nothing changes without the page's own
// confirmation.
class QuickFixes : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QuickFixes)
public:
    QuickFixes(MainWindow &window, TroubleshootUseCase &troubleshoot, QObject *parent = nullptr);

    // id: error-rate | slow-responses | deployment-failed
    void run(const QString &id);

Q_SIGNALS:
    void shown(const QString &id, const QString &pageId);  // the page is open at its object
    void failed(const QString &id, const QString &message);

private:
    void show(const QuickFixPlan &plan);
    // Runs fn once page has loaded (now, if it has).
    void whenReady(Page *page, std::function<void()> fn);

    MainWindow &m_window;
    TroubleshootUseCase &m_troubleshoot;
    JobScope m_job;
};

} // namespace opsdeck
