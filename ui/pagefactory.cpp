#include "pagefactory.h"

#include "appcontext.h"
#include "mainwindow.h"
#include "pages/auditpage.h"
#include "pages/costspage.h"
#include "pages/credentialspage.h"
#include "pages/profilespage.h"
#include "pages/welcomepage.h"

#include <QCoreApplication>
#include <QProcess>

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
    }
    window.addPage(new ProfilesPage(context, &window));
    window.addPage(new CredentialsPage(context, &window));
    window.addPage(new AuditPage(context, &window));
    if (context.hasProfile() || context.isDemo())
        window.addPage(new CostsPage(context, &window));
}

} // namespace opsdeck
