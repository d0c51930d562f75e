#include "core/englishplurals.h"
#include "appcontext.h"
#include "config/settings.h"
#include "core/job.h"
#include "core/logsink.h"
#include "mainwindow.h"
#include "pagefactory.h"
#include "startupprobe.h"
#include "store/store.h"
#include "theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QMessageBox>
#include <QThreadPool>
#include <QTimer>

#include <optional>

using namespace opsdeck;

int main(int argc, char **argv)
{
    QElapsedTimer startup;
    startup.start();
    QApplication app(argc, argv);
    opsdeck::EnglishPlurals plurals;  // "1 backup", "3 backups"
    QCoreApplication::installTranslator(&plurals);
    QCoreApplication::setOrganizationName(QStringLiteral("OpsDeck"));
    QCoreApplication::setApplicationName(QStringLiteral("opsdeck"));
    QCoreApplication::setApplicationVersion(QStringLiteral(OPSDECK_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.opsdeck.OpsDeck"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "OpsDeck operations console"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QCoreApplication::translate("main", "Run against the built-in sandbox"));
    const QCommandLineOption profile(QStringLiteral("profile"), QCoreApplication::translate("main", "Use this profile"),
                                     QStringLiteral("NAME"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QCoreApplication::translate("main", "Save every page as DIR/<page>.png, then exit"),
                                        QStringLiteral("DIR"));
    const QCommandLineOption theme(QStringLiteral("theme"), QCoreApplication::translate("main", "system, light or dark"),
                                   QStringLiteral("MODE"));
    parser.addOptions({demo, profile, screenshot, theme});
    parser.process(app);

    AppOptions options;
    options.demo = parser.isSet(demo);
    options.demoHistory = options.demo;  // a week of health probes behind the demo's chart
    options.profileName = parser.value(profile);
    // A team's shared store (postgresql://...), as for the CLI; the profile setting comes later.
    options.storeLocation = qEnvironmentVariable("OPSDECK_STORE");
    // The data file's checks and migrations (slow for a big file) run on a worker thread; the GUI
    // thread keeps its event loop and then opens the checked file.
    std::optional<Status> prepared;
    if (!Store::isSharedLocation(options.storeLocation) || options.demo) {
        QEventLoop wait;
        Job<void>::run(QThreadPool::globalInstance(), [file = AppContext::storeFile(options)](JobChannel &) {
            return Store::prepare(file);
        })->onFinished(&wait, [&](const Status &s) {
            prepared = s;
            wait.quit();
        });
        wait.exec();
    }
    options.storePrepared = prepared && prepared->ok();
    auto context = AppContext::create(options);
    if (!context) {
        QMessageBox box(QMessageBox::Critical, QCoreApplication::translate("main", "OpsDeck cannot start"),
                        context.error().message, QMessageBox::Ok);
        box.setTextFormat(Qt::PlainText);
        box.setDetailedText(context.error().detail);
        if (!parser.isSet(screenshot))
            box.exec();
        std::fprintf(stderr, "opsdeck: %s\n", qPrintable(context.error().toString()));
        return 2;
    }
    AppContext &ctx = *context.value();
    // Not waited for: the first window does not need it, and entries written before it are marked unsigned.
    ctx.unlockAudit(&ctx);
    ctx.log().installMessageHandler();
    ThemeController themeController(app, parser.isSet(theme) ? parser.value(theme) : ctx.settings().value(keys::theme));

    MainWindow window(ctx.session());
    addPages(window, ctx);
    window.show();
    ctx.log().add(LogLevel::Info, QStringLiteral("app"),
                  QCoreApplication::translate("main", "Window shown %1 ms after start").arg(startup.elapsed()));

    if (qEnvironmentVariableIntValue("OPSDECK_BENCH") == 1)
        new StartupProbe(window, startup, &window);

    if (parser.isSet(screenshot)) {
        const QString dir = parser.value(screenshot);
        QTimer::singleShot(0, &window, [&window, dir] {
            window.takeScreenshots(dir, [](bool ok) { QCoreApplication::exit(ok ? 0 : 1); });
        });
    }
    return QApplication::exec();
}
