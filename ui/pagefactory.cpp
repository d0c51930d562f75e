#include "pagefactory.h"

#include "desktopnotifier.h"

#include "appcontext.h"
#include "mainwindow.h"
#include "pages/alertspage.h"
#include "pages/auditpage.h"
#include "pages/backupspage.h"
#include "pages/checklistpage.h"
#include "pages/cipage.h"
#include "pages/costspage.h"
#include "pages/credentialspage.h"
#include "pages/databasepage.h"
#include "pages/deploymentspage.h"
#include "pages/errorspage.h"
#include "pages/healthpage.h"
#include "pages/logspage.h"
#include "pages/profilespage.h"
#include "pages/welcomepage.h"

#include <QCoreApplication>
#include <QProcess>
#include <QStatusBar>

namespace opsdeck {

void addPages(MainWindow &window, AppContext &context)
{
    if (!context.hasProfile() && !context.isDemo()) {
        auto *welcome = new WelcomePage(&window);
        window.addPage(welcome);
        QObject::connect(welcome, &WelcomePage::demoRequested, &window, [&window] {
            // Demo mode runs its own sandbox and store: start it as a fresh process.
            QProcess::startDetached(QCoreApplication::applicationFilePath(), {QStringLiteral("--demo")});
            window.close();
        });
        QObject::connect(welcome, &WelcomePage::createProfileRequested, &window,
                         [&window] { window.showPage(QStringLiteral("profiles")); });
        // The first profile saved: the daily pages appear at once, without a restart.
        QObject::connect(&context, &AppContext::profileChanged, welcome, [&window, &context] {
            if (!context.hasProfile())
                return;
            window.clearPages();
            addPages(window, context);
            window.showPage(QStringLiteral("checklist"));
        }, Qt::QueuedConnection);
    }
    if (context.hasProfile() || context.isDemo()) {
        auto *checklist = new ChecklistPage(context, &window);
        window.addPage(checklist);
        QObject::connect(checklist, &ChecklistPage::openPageRequested, &window,
                         [&window](const QString &id) { window.showPage(id); });
        // daily pages
        window.addPage(new HealthPage(context, &window));
        window.addPage(new ErrorsPage(context, &window));
        window.addPage(new CiPage(context, &window));
        window.addPage(new DeploymentsPage(context, &window));
        auto *alerts = new AlertsPage(context, &window);
        window.addPage(alerts);
        auto *notifier = new DesktopNotifier(window.trayIcon(), alerts);
        notifier->setObjectName(QStringLiteral("alertNotifier"));
        QObject::connect(alerts, &AlertsPage::alertFired, notifier, [&window, notifier](const QString &title, const QString &text) {
            notifier->notify(title, text);
            window.statusBar()->showMessage(title + QStringLiteral(": ") + text, 15000);
        });
        window.addPage(new CostsPage(context, &window));
        // weekly pages
        window.addPage(new LogsPage(context, &window));
        window.addPage(new BackupsPage(context, &window));
        window.addPage(new DatabasePage(context, &window));
    }
    // settings pages
    window.addPage(new ProfilesPage(context, &window));
    window.addPage(new CredentialsPage(context, &window));
    window.addPage(new AuditPage(context, &window));
}

} // namespace opsdeck
