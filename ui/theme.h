#pragma once

#include "tone.h"

#include <QColor>
#include <QObject>
#include <QPalette>
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

// Whether a palette is a dark one (its window darker than its text).
bool isDarkPalette(const QPalette &palette);

// The theme's tones, the only place pages, dialogs and widgets take status colours from.
// A tone's fill (chips, pills, badges, gauge slices, a danger button) carries white text and is the
// same in the light and the dark theme.
QColor toneColor(Tone tone);
// Text in a tone drawn straight on the window or a view's base: the fill in the light theme, a
// lighter shade in the dark one, so that it stays readable on both.
QColor toneTextColor(Tone tone, const QPalette &palette);
// The fill for a check that could not run at all (purple, told apart from a failing check's Bad).
QColor errorToneColor();
// The unfilled rest of a gauge on the window background.
QColor trackColor(const QPalette &palette);
// A message bar or note box in a tone: a light tint with dark text in the light theme, a deep tint with
// light text in the dark one (the text colour is set explicitly, never taken from the palette).
struct MessageColors {
    QColor background, text, border;
};
MessageColors messageColors(Tone tone);  // for the application's current palette
MessageColors messageColors(Tone tone, bool dark);
// The outline of check boxes and input fields: at least 3:1 against the window and the base.
QColor controlBorderColor(const QPalette &palette);
// WCAG 2 contrast ratio of two opaque colours (1 to 21).
double contrastRatio(const QColor &a, const QColor &b);
// The system's fixed-pitch font at `base`'s size: hashes, ids and addresses.
QFont monospaceFont(const QFont &base);

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
