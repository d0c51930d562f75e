#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

class QSystemTrayIcon;

namespace opsdeck {

// Tells the user about an alert outside the window: through the tray icon where the desktop has a
// tray, else through the desktop's notification service (org.freedesktop.Notifications on the
// session bus, which GNOME provides without any tray). Asynchronous: never blocks the GUI thread.
class DesktopNotifier : public QObject
{
    Q_OBJECT

public:
    explicit DesktopNotifier(QSystemTrayIcon *tray, QObject *parent = nullptr);

    void notify(const QString &title, const QString &text);

Q_SIGNALS:
    // How the last notification went out: "tray", "desktop", or "none" with the reason.
    void delivered(const QString &how);

private:
    QPointer<QSystemTrayIcon> m_tray;
};

} // namespace opsdeck
