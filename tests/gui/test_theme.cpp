// The "system" theme follows the desktop's colour scheme live, through the XDG desktop portal on
// the session bus (the tests run on a private one). The portal is the desktop's, not ours: a small
// stand-in with the portal's Settings interface answers here.
#include "theme.h"
#include "testsupport.h"

#include <catch2/catch.hpp>

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QValueAxis>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QPalette>
#include <QTest>

using namespace opsdeck;

namespace {

// The portal is another peer on the bus: its own connection.
QDBusConnection portalBus()
{
    return QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("test-portal"));
}

class PortalSettings : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.portal.Settings")

public:
    uint scheme = 1;  // prefer dark

public Q_SLOTS:
    QDBusVariant Read(const QString &ns, const QString &key)
    {
        if (ns != QLatin1String("org.freedesktop.appearance") || key != QLatin1String("color-scheme"))
            return QDBusVariant(QVariant::fromValue(QDBusVariant(QString())));
        // As the real portal: the value wrapped in one more variant.
        return QDBusVariant(QVariant::fromValue(QDBusVariant(scheme)));
    }

public:
    void change(uint value)
    {
        scheme = value;
        QDBusMessage signal = QDBusMessage::createSignal(QStringLiteral("/org/freedesktop/portal/desktop"),
                                                         QStringLiteral("org.freedesktop.portal.Settings"),
                                                         QStringLiteral("SettingChanged"));
        signal << QStringLiteral("org.freedesktop.appearance") << QStringLiteral("color-scheme")
               << QVariant::fromValue(QDBusVariant(value));
        portalBus().send(signal);
    }
};

bool windowIsDark()
{
    const QPalette p = QApplication::palette();
    return p.color(QPalette::Window).lightness() < p.color(QPalette::WindowText).lightness();
}

} // namespace

TEST_CASE("the system theme follows the desktop's colour scheme as it changes", "[gui][theme]")
{
    REQUIRE(QDBusConnection::sessionBus().isConnected());  // `installer/dev.sh test` runs every test on a private session bus
    QDBusConnection bus = portalBus();
    REQUIRE(bus.isConnected());
    PortalSettings portal;
    REQUIRE(bus.registerObject(QStringLiteral("/org/freedesktop/portal/desktop"), &portal, QDBusConnection::ExportAllSlots));
    REQUIRE(bus.registerService(QStringLiteral("org.freedesktop.portal.Desktop")));

    auto *app = qobject_cast<QApplication *>(QCoreApplication::instance());
    REQUIRE(app);
    applyTheme(*app, false);  // the desktop's palette at start: light
    // A chart on screen follows too, keeping its series' colours.
    QChartView view;
    auto *chart = new QChart;
    auto *series = new QLineSeries;
    series->setColor(QColor(0x1f, 0x77, 0xb4));
    chart->addSeries(series);
    auto *axis = new QValueAxis;
    chart->addAxis(axis, Qt::AlignLeft);
    view.setChart(chart);
    themeChart(chart);
    view.show();
    CHECK(chart->backgroundBrush().color().lightness() > 200);
    {
        ThemeController theme(*app, QStringLiteral("system"));
        CHECK_FALSE(theme.isDark());  // until the portal answers
        CHECK(test::waitUntil([&] { return theme.isDark(); }, 3000));  // the portal prefers dark
        CHECK(windowIsDark());
        CHECK(chart->backgroundBrush().color().lightness() < 80);
        CHECK(axis->labelsColor().lightness() > 180);
        CHECK(series->color() == QColor(0x1f, 0x77, 0xb4));

        portal.change(2);  // the user switches the desktop to light
        CHECK(test::waitUntil([&] { return !theme.isDark(); }, 3000));
        CHECK_FALSE(windowIsDark());
        CHECK(chart->backgroundBrush().color().lightness() > 200);

        portal.change(1);
        CHECK(test::waitUntil([&] { return theme.isDark(); }, 3000));
        CHECK(windowIsDark());
    }
    {
        // A fixed choice ignores the desktop.
        ThemeController theme(*app, QStringLiteral("light"));
        portal.change(1);
        QTest::qWait(300);
        CHECK_FALSE(theme.isDark());
        CHECK_FALSE(windowIsDark());
    }
    bus.unregisterService(QStringLiteral("org.freedesktop.portal.Desktop"));
    bus.unregisterObject(QStringLiteral("/org/freedesktop/portal/desktop"));
}

#include "test_theme.moc"
