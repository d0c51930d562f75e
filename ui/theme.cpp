#include "theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>

namespace opsdeck {

bool systemPrefersDark()
{
    // Qt 6.4 has no QStyleHints::colorScheme(); the platform palette tells the same.
    const QPalette p = QGuiApplication::palette();
    return p.color(QPalette::Window).lightness() < p.color(QPalette::WindowText).lightness();
}

void applyTheme(QApplication &app, const QString &mode)
{
    const bool dark = mode == QLatin1String("dark") || (mode != QLatin1String("light") && systemPrefersDark());
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p;
    if (dark) {
        p.setColor(QPalette::Window, QColor(0x1e, 0x22, 0x27));
        p.setColor(QPalette::WindowText, QColor(0xe6, 0xed, 0xf3));
        p.setColor(QPalette::Base, QColor(0x16, 0x1b, 0x22));
        p.setColor(QPalette::AlternateBase, QColor(0x21, 0x26, 0x2d));
        p.setColor(QPalette::Text, QColor(0xe6, 0xed, 0xf3));
        p.setColor(QPalette::Button, QColor(0x2d, 0x33, 0x3b));
        p.setColor(QPalette::ButtonText, QColor(0xe6, 0xed, 0xf3));
        p.setColor(QPalette::Highlight, QColor(0x1f, 0x6f, 0xeb));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::ToolTipBase, QColor(0x2d, 0x33, 0x3b));
        p.setColor(QPalette::ToolTipText, QColor(0xe6, 0xed, 0xf3));
        p.setColor(QPalette::PlaceholderText, QColor(0x7d, 0x85, 0x90));
        p.setColor(QPalette::Link, QColor(0x58, 0xa6, 0xff));
        p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6e, 0x76, 0x81));
        p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6e, 0x76, 0x81));
    } else {
        p.setColor(QPalette::Window, QColor(0xf6, 0xf8, 0xfa));
        p.setColor(QPalette::WindowText, QColor(0x1f, 0x23, 0x28));
        p.setColor(QPalette::Base, Qt::white);
        p.setColor(QPalette::AlternateBase, QColor(0xf3, 0xf5, 0xf8));
        p.setColor(QPalette::Text, QColor(0x1f, 0x23, 0x28));
        p.setColor(QPalette::Button, QColor(0xf0, 0xf2, 0xf5));
        p.setColor(QPalette::ButtonText, QColor(0x1f, 0x23, 0x28));
        p.setColor(QPalette::Highlight, QColor(0x1f, 0x6f, 0xeb));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::PlaceholderText, QColor(0x8c, 0x95, 0x9f));
        p.setColor(QPalette::Link, QColor(0x09, 0x69, 0xda));
    }
    app.setPalette(p);
}

} // namespace opsdeck
