#include "pagefactory.h"

#include "desktopnotifier.h"

#include "appcontext.h"
#include "usecases/alertmonitor.h"
#include "usecases/depsusecase.h"
#include "usecases/rotationusecase.h"
#include "usecases/providerclients.h"
#include "usecases/session.h"
#include "mainwindow.h"
#include "pages/dependenciespage.h"
#include "pages/alertspage.h"
#include "pages/auditpage.h"
#include "pages/backupspage.h"
#include "pages/checklistpage.h"
#include "pages/cipage.h"
#include "pages/costspage.h"
#include "pages/credentialspage.h"
#include "pages/databasepage.h"
#include "pages/deploymentspage.h"
#include "pages/environmentpage.h"
#include "pages/errorspage.h"
#include "pages/healthpage.h"
#include "pages/logspage.h"
#include "pages/overviewpage.h"
#include "pages/profilespage.h"
#include "pages/timelinepage.h"
#include "pages/welcomepage.h"
#include "quickfixes.h"
#include "theme.h"
#include "alerts/alertengine.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QLocale>
#include <QProcess>
#include <QPushButton>
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
        Session &session = context.session();
        const QString today = QCoreApplication::translate("MainWindow", "Today");
        const QString data = QCoreApplication::translate("MainWindow", "Data");
        auto *overview = new OverviewPage(session, context.overview(), &window);
        window.addPage(overview, today);
        QObject::connect(overview, &OverviewPage::openPageRequested, &window, [&window](const QString &id) { window.showPage(id); });
        // The alerts card reads the monitor: fresh after each evaluation.
        QObject::connect(&context.alerts(), &AlertMonitor::evaluated, overview, &OverviewPage::refresh);
        auto *checklist = new ChecklistPage(session, context.checklist(), &window);
        window.addPage(checklist, today);
        QObject::connect(checklist, &ChecklistPage::openPageRequested, &window,
                         [&window](const QString &id) { window.showPage(id); });
        auto *quickFixes = new QuickFixes(window, context.troubleshoot(), &window);
        quickFixes->setObjectName(QStringLiteral("quickFixes"));
        QObject::connect(checklist, &ChecklistPage::quickFixRequested, quickFixes, &QuickFixes::run);
        window.addPage(new HealthPage(session, context.providers(), &window), today);
        auto *errors = new ErrorsPage(session, context.providers(), &window);
        window.addPage(errors, today);
        auto *ci = new CiPage(session, context.providers(), context.ci(), &window);
        window.addPage(ci, today);
        window.addPage(new DeploymentsPage(session, context.providers(), context.rollback(), context.troubleshoot(), &window), today);
        auto *alerts = new AlertsPage(session, context.alerts(), &window);
        window.addPage(alerts, today);
        QObject::connect(alerts, &AlertsPage::quickFixRequested, quickFixes, &QuickFixes::run);
        QObject::connect(alerts, &AlertsPage::openPageRequested, &window, [&window](const QString &id) { window.showPage(id); });
        auto *timeline = new TimelinePage(session, context.timeline(), &window);
        window.addPage(timeline, today);
        QObject::connect(timeline, &TimelinePage::openPageRequested, &window, [&window](const QString &id, const QString &object) {
            if (!window.showPage(id) || object.isEmpty())
                return;
            // At that object, where the page can select one.
            if (auto *deployments = qobject_cast<DeploymentsPage *>(window.currentPage()))
                deployments->selectDeployment(object);
            else if (auto *ci = qobject_cast<CiPage *>(window.currentPage()))
                ci->selectRun(object.toLongLong());
        });
        // The monitor raises alerts whether or not the page is open; the tray (or the desktop's
        // notification service) and the status bar listen.
        auto *notifier = new DesktopNotifier(window.trayIcon(), alerts);
        notifier->setObjectName(QStringLiteral("alertNotifier"));
        QObject::connect(&context.alerts(), &AlertMonitor::alertFired, notifier,
                         [notifier](const QString &title, const QString &text) { notifier->notify(title, text); });
        // The sidebar's counts come from the monitor's measurements until a page loads its own.
        QObject::connect(&context.alerts(), &AlertMonitor::evaluated, &window, [errors, ci, &monitor = context.alerts()] {
            const QJsonObject m = monitor.metrics();
            if (const QJsonValue n = m.value(QLatin1String("errors24h")); n.isDouble() && errors->updatedAt() < monitor.evaluatedAt())
                errors->setBadge(n.toInt() > 0 ? QLocale().toString(n.toInt()) : QString(), Tone::Bad);
            if (const QJsonValue n = m.value(QLatin1String("failedWorkflows24h")); n.isDouble() && ci->updatedAt() < monitor.evaluatedAt())
                ci->setBadge(n.toInt() > 0 ? QString::number(n.toInt()) : QString(), Tone::Bad);
        });
        // Firing alerts stay in the status bar, as a button to the Alerts page, until they clear.
        auto *indicator = new QPushButton(&window);
        indicator->setObjectName(QStringLiteral("alertIndicator"));
        indicator->setFlat(true);
        indicator->setCursor(Qt::PointingHandCursor);
        indicator->setVisible(false);
        window.statusBar()->addPermanentWidget(indicator);
        QObject::connect(indicator, &QPushButton::clicked, &window, [&window] { window.showPage(QStringLiteral("alerts")); });
        QObject::connect(&context.alerts(), &AlertMonitor::evaluated, indicator, [indicator, &monitor = context.alerts()] {
            const QList<Alert> firing = monitor.alerts();
            indicator->setVisible(!firing.isEmpty());
            if (firing.isEmpty())
                return;
            QStringList names;
            for (const Alert &a : firing)
                names << alertName(a.id);
            indicator->setText(firing.size() == 1 ? QCoreApplication::translate("MainWindow", "⚠ 1 alert firing: %1").arg(names.constFirst())
                                                  : QCoreApplication::translate("MainWindow", "⚠ %1 alerts firing").arg(firing.size()));
            indicator->setToolTip(names.join(QStringLiteral(", ")));
            indicator->setStyleSheet(QStringLiteral("QPushButton#alertIndicator{color:%1;font-weight:bold;border:none;padding:0 6px;}")
                                         .arg(toneTextColor(Tone::Bad, indicator->palette()).name()));
        });
        context.alerts().start();
        window.addPage(new CostsPage(session, context.costs(), &window), data);
        window.addPage(new LogsPage(session, context.logs(), &window), data);
        window.addPage(new BackupsPage(session, context.backups(), &window), data);
        window.addPage(new DatabasePage(session, context.database(), &window), data);
        window.addPage(new DependenciesPage(session, context.depsUseCase(), &window), data);
        auto *environment = new EnvironmentPage(session, context.troubleshoot(), &window);
        window.addPage(environment, data);
        QObject::connect(environment, &EnvironmentPage::openPageRequested, &window,
                         [&window](const QString &id) { window.showPage(id); });
    }
    // settings pages
    const QString settings = QCoreApplication::translate("MainWindow", "Settings");
    window.addPage(new ProfilesPage(context.session(), &window), settings);
    window.addPage(new CredentialsPage(context.session(), context.credentialsUseCase(), context.rotationUseCase(), &window), settings);
    window.addPage(new AuditPage(context.session(), &window), settings);
}

} // namespace opsdeck
