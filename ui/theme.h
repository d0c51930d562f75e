#pragma once

#include <QObject>
#include <QString>

class QApplication;
class QChart;
#include <QDBusMessage>

namespace opsdeck {

// Fusion with a light or dark palette.
void applyTheme(QApplication &app, bool dark);
bool systemPrefersDark();  // from the application palette: call it before a theme is applied
// Colours a chart's background, title, legend and axes from the application palette, keeping the
// series' own colours (QChart::setTheme would reset them). Call it once the axes are attached; every
// chart on screen is coloured again when the theme changes.
void themeChart(QChart *chart);

// The theme setting at work: "light" and "dark" are fixed; "system" starts from the desktop's palette
// and then follows the desktop's colour scheme live, as the XDG desktop portal publishes it
// (org.freedesktop.appearance color-scheme on org.freedesktop.portal.Settings, which GNOME and KDE
// provide; Qt 6.4 has no colour-scheme API). Without a portal the start-up choice stays.
class ThemeController : public QObject
{
    Q_OBJECT

public:
    ThemeController(QApplication &app, const QString &mode, QObject *parent = nullptr);

    bool isDark() const { return m_dark; }
    QString mode() const { return m_mode; }

Q_SIGNALS:
    void changed(bool dark);

private Q_SLOTS:
    void onSettingChanged(const QDBusMessage &message);

private:
    void followScheme(uint scheme);  // 0 no preference, 1 dark, 2 light
    void set(bool dark);

    QApplication &m_app;
    QString m_mode;
    bool m_dark = false;
    bool m_startDark = false;
};

} // namespace opsdeck
