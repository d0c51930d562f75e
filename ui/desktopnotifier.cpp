#include "desktopnotifier.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QSystemTrayIcon>
#include <QVariantMap>

namespace opsdeck {

DesktopNotifier::DesktopNotifier(QSystemTrayIcon *tray, QObject *parent) : QObject(parent), m_tray(tray) {}

void DesktopNotifier::notify(const QString &title, const QString &text)
{
    if (m_tray && m_tray->isVisible() && QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray->showMessage(title, text, QSystemTrayIcon::Warning);
        Q_EMIT delivered(QStringLiteral("tray"));
        return;
    }
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        Q_EMIT delivered(QStringLiteral("none: no session bus"));
        return;
    }
    QDBusMessage call = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.Notifications"), QStringLiteral("/org/freedesktop/Notifications"),
        QStringLiteral("org.freedesktop.Notifications"), QStringLiteral("Notify"));
    const QVariantMap hints{{QStringLiteral("urgency"), QVariant::fromValue(uchar(1))},
                            {QStringLiteral("desktop-entry"), QStringLiteral("opsdeck")}};
    // Servers that announce body-markup read the body as markup: "&" or "<" in an alert must stay text.
    call << QStringLiteral("OpsDeck") << uint(0) << QStringLiteral("opsdeck") << title << text.toHtmlEscaped() << QStringList() << hints
         << int(-1);
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call, 5000), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        const QDBusMessage reply = w->reply();
        Q_EMIT delivered(reply.type() == QDBusMessage::ReplyMessage ? QStringLiteral("desktop")
                                                                    : QStringLiteral("none: ") + reply.errorMessage());
    });
}

} // namespace opsdeck
