// An alert that fires reaches the desktop: through the tray where there is one, else through the
// desktop's notification service on the session bus (GNOME has no tray). The offscreen platform has
// no tray, so the desktop path is taken; the notification service is the desktop's, not ours, and a
// stand-in with its interface records what arrives.
#include "appcontext.h"
#include "usecases/session.h"
#include "mainwindow.h"
#include "pagefactory.h"
#include "pages/alertspage.h"
#include "testcontext.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QDBusConnection>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QVariantMap>

using namespace opsdeck;

namespace {

class NotificationService : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Note {
        QString app, summary, body;
    };
    QList<Note> received;

public Q_SLOTS:
    uint Notify(const QString &app, uint, const QString &, const QString &summary, const QString &body,
                const QStringList &, const QVariantMap &, int)
    {
        received.append({app, summary, body});
        return uint(received.size());
    }
};

} // namespace

TEST_CASE("a firing alert becomes a desktop notification when there is no tray")
{
    REQUIRE(QDBusConnection::sessionBus().isConnected());
    QDBusConnection bus = QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("test-notifications"));
    REQUIRE(bus.isConnected());
    NotificationService service;
    REQUIRE(bus.registerObject(QStringLiteral("/org/freedesktop/Notifications"), &service, QDBusConnection::ExportAllSlots));
    REQUIRE(bus.registerService(QStringLiteral("org.freedesktop.Notifications")));

    QTemporaryDir dir;
    const auto created = test::makeContext(dir);
    AppContext &ctx = *created;
    MainWindow w(ctx.session());
    addPages(w, ctx);
    w.show();
    REQUIRE(QTest::qWaitForWindowExposed(&w));
    CHECK_FALSE(QSystemTrayIcon::isSystemTrayAvailable());

    // The demo has four failed workflows in 24 h against the runbook's three: that alert fires.
    w.showPage(QStringLiteral("alerts"));
    REQUIRE(test::waitUntil([&] { return !service.received.isEmpty(); }, 60'000));
    const auto note = service.received.first();
    CHECK(note.app == QStringLiteral("OpsDeck"));
    INFO(note.summary.toStdString() << " / " << note.body.toStdString());
    bool workflows = false;
    for (const auto &n : std::as_const(service.received))
        workflows |= QString(n.summary + n.body).contains(QStringLiteral("workflow"), Qt::CaseInsensitive);
    CHECK(workflows);
    // The window says it too: a lasting indicator in the status bar that opens the Alerts page.
    auto *indicator = w.findChild<QPushButton *>(QStringLiteral("alertIndicator"));
    REQUIRE(indicator);
    REQUIRE(test::waitUntil([&] { return indicator->isVisible(); }, 10'000));
    CHECK(indicator->text().contains(QStringLiteral("firing")));
    CHECK(indicator->toolTip().contains(QStringLiteral("workflow"), Qt::CaseInsensitive));
    w.showPage(QStringLiteral("checklist"));
    QTest::qWait(50);
    CHECK(indicator->isVisible());  // still there on another page
    QTest::mouseClick(indicator, Qt::LeftButton);
    CHECK(w.currentPage()->id() == QStringLiteral("alerts"));

    bus.unregisterService(QStringLiteral("org.freedesktop.Notifications"));
    bus.unregisterObject(QStringLiteral("/org/freedesktop/Notifications"));
}

#include "test_notifications.moc"
