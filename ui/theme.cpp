#include "theme.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QFontDatabase>
#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QPainter>
#include <QPen>
#include <QProxyStyle>
#include <QStyleOption>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#include <QPalette>
#include <QStyleFactory>

#include <algorithm>
#include <cmath>
#include <optional>

namespace opsdeck {

bool isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < palette.color(QPalette::WindowText).lightness();
}

bool systemPrefersDark()
{
    // Qt 6.4 has no QStyleHints::colorScheme(); the platform palette tells the same.
    return isDarkPalette(QGuiApplication::palette());
}

QColor toneColor(Tone tone)
{
    switch (tone) {
    case Tone::Good: return QColor(0x1a, 0x7f, 0x37);
    case Tone::Warning: return QColor(0x9a, 0x67, 0x00);
    case Tone::Bad: return QColor(0xcf, 0x22, 0x2e);
    case Tone::Muted: return QColor(0x6e, 0x77, 0x81);
    case Tone::Neutral: break;
    }
    return QColor(0x1f, 0x6f, 0xeb);
}

QColor toneTextColor(Tone tone, const QPalette &palette)
{
    if (!isDarkPalette(palette)) {
        // The fills' darker shades: 4.5:1 also on the alternate rows and a failing row's red tint.
        switch (tone) {
        case Tone::Good: return QColor(0x11, 0x63, 0x29);
        case Tone::Bad: return QColor(0xa4, 0x0e, 0x26);
        case Tone::Muted: return QColor(0x59, 0x63, 0x6e);
        case Tone::Warning: return QColor(0x7d, 0x4e, 0x00);
        case Tone::Neutral: break;
        }
        return QColor(0x09, 0x69, 0xda);
    }
    switch (tone) {
    case Tone::Good: return QColor(0x3f, 0xb9, 0x50);
    case Tone::Warning: return QColor(0xd2, 0x99, 0x22);
    case Tone::Bad: return QColor(0xff, 0x7b, 0x72);
    case Tone::Muted: return QColor(0x8b, 0x94, 0x9e);
    case Tone::Neutral: break;
    }
    return QColor(0x58, 0xa6, 0xff);
}

QColor errorToneColor() { return QColor(0x8b, 0x2c, 0xb5); }

QColor trackColor(const QPalette &palette)
{
    return isDarkPalette(palette) ? QColor(0x3d, 0x44, 0x4d) : QColor(0xe3, 0xe3, 0xe3);
}

MessageColors messageColors(Tone tone)
{
    return messageColors(tone, isDarkPalette(QGuiApplication::palette()));
}

MessageColors messageColors(Tone tone, bool dark)
{
    if (dark) {
        // A deep tint of the tone with light text of the same hue (GitHub's dark "flash" colours).
        switch (tone) {
        case Tone::Good: return {QColor(0x12, 0x2d, 0x1c), QColor(0x7e, 0xe2, 0xa8), QColor(0x2e, 0x6b, 0x41)};
        case Tone::Warning: return {QColor(0x33, 0x28, 0x0c), QColor(0xf2, 0xcc, 0x60), QColor(0x7a, 0x5c, 0x12)};
        case Tone::Bad: return {QColor(0x3a, 0x17, 0x1b), QColor(0xff, 0xb1, 0xab), QColor(0x8e, 0x2c, 0x30)};
        case Tone::Muted:
        case Tone::Neutral: break;
        }
        return {QColor(0x10, 0x2a, 0x45), QColor(0xa5, 0xd6, 0xff), QColor(0x26, 0x5a, 0x8f)};
    }
    switch (tone) {
    case Tone::Good: return {QColor(0xda, 0xfb, 0xe1), QColor(0x0f, 0x53, 0x23), QColor(0x7e, 0xe2, 0xa8)};
    case Tone::Warning: return {QColor(0xff, 0xf8, 0xc5), QColor(0x6b, 0x4f, 0x00), QColor(0xe3, 0xc0, 0x5a)};
    case Tone::Bad: return {QColor(0xff, 0xeb, 0xe9), QColor(0x82, 0x07, 0x1e), QColor(0xff, 0x9a, 0x9a)};
    case Tone::Muted:
    case Tone::Neutral: break;
    }
    return {QColor(0xdd, 0xee, 0xff), QColor(0x0b, 0x3d, 0x6b), QColor(0x9e, 0xcb, 0xff)};
}

QColor controlBorderColor(const QPalette &palette)
{
    // At least 3:1 against the base and the window (WCAG 1.4.11, non-text contrast).
    return isDarkPalette(palette) ? QColor(0x8b, 0x94, 0x9e) : QColor(0x7d, 0x86, 0x90);
}

double contrastRatio(const QColor &a, const QColor &b)
{
    const auto luminance = [](const QColor &c) {
        const auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
    };
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

namespace {

// Fusion, with check indicators and input frames drawn from the palette so that they show in the dark
// theme too (Fusion derives their outline from the window colour, which in a dark palette is near black
// on a near-black base: only a selected row's check box could be seen).
class OpsDeckStyle : public QProxyStyle
{
public:
    OpsDeckStyle() : QProxyStyle(QStyleFactory::create(QStringLiteral("Fusion"))) {}

    void drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter,
                       const QWidget *widget) const override
    {
        switch (element) {
        case PE_IndicatorCheckBox:
        case PE_IndicatorItemViewItemCheck:
            return drawCheck(option, painter);
        case PE_FrameLineEdit:
            return drawFrame(option, painter);
        default:
            break;
        }
        QProxyStyle::drawPrimitive(element, option, painter, widget);
    }

private:
    static void drawCheck(const QStyleOption *option, QPainter *painter)
    {
        const QPalette &pal = option->palette;
        const bool enabled = option->state & State_Enabled;
        const bool on = option->state & State_On;
        const bool partial = option->state & State_NoChange;
        QRectF box = QRectF(option->rect).adjusted(0.5, 0.5, -0.5, -0.5);
        const qreal side = std::min(box.width(), box.height());
        box = QRectF(box.center().x() - side / 2, box.center().y() - side / 2, side, side);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        QColor border = (on || partial) ? pal.color(QPalette::Highlight) : controlBorderColor(pal);
        QColor fill = (on || partial) ? pal.color(QPalette::Highlight) : pal.color(QPalette::Base);
        if (!enabled) {
            border.setAlphaF(0.45);
            fill.setAlphaF((on || partial) ? 0.45 : 1.0);
        }
        painter->setPen(QPen(border, 1.2));
        painter->setBrush(fill);
        painter->drawRoundedRect(box, 2.5, 2.5);
        QPen mark(pal.color(QPalette::HighlightedText), std::max<qreal>(1.6, side / 8));
        mark.setCapStyle(Qt::RoundCap);
        mark.setJoinStyle(Qt::RoundJoin);
        painter->setPen(mark);
        if (partial) {
            painter->drawLine(QPointF(box.left() + side * 0.28, box.center().y()), QPointF(box.right() - side * 0.28, box.center().y()));
        } else if (on) {
            const QPointF points[3] = {{box.left() + side * 0.24, box.top() + side * 0.52},
                                       {box.left() + side * 0.43, box.top() + side * 0.70},
                                       {box.left() + side * 0.77, box.top() + side * 0.32}};
            painter->drawPolyline(points, 3);
        }
        painter->restore();
    }

    static void drawFrame(const QStyleOption *option, QPainter *painter)
    {
        const QPalette &pal = option->palette;
        const bool focus = option->state & State_HasFocus;
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(focus ? pal.color(QPalette::Highlight) : controlBorderColor(pal), focus ? 1.5 : 1.0));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(QRectF(option->rect).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
        painter->restore();
    }
};

} // namespace

void applyTheme(QApplication &app, bool dark)
{
    app.setStyle(new OpsDeckStyle);
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
        p.setColor(QPalette::Light, QColor(0x3d, 0x44, 0x4d));
        p.setColor(QPalette::Midlight, QColor(0x30, 0x36, 0x3d));
        p.setColor(QPalette::Mid, QColor(0x48, 0x4f, 0x58));
        p.setColor(QPalette::Dark, QColor(0x0d, 0x11, 0x17));
        p.setColor(QPalette::Shadow, QColor(0x01, 0x04, 0x09));
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
    for (QWidget *w : QApplication::allWidgets())
        if (auto *view = qobject_cast<QChartView *>(w))
            themeChart(view->chart());
}

void themeChart(QChart *chart)
{
    if (!chart)
        return;
    const QPalette p = QApplication::palette();
    const QColor text = p.color(QPalette::WindowText);
    QColor grid = p.color(QPalette::Mid);
    grid.setAlpha(110);
    if (chart->isBackgroundVisible())
        chart->setBackgroundBrush(p.color(QPalette::Base));
    chart->setBackgroundPen(QPen(p.color(QPalette::Mid)));
    chart->setTitleBrush(text);
    chart->legend()->setLabelColor(text);
    for (QAbstractAxis *axis : chart->axes()) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(p.color(QPalette::Mid));
    }
}

namespace {

constexpr const char *kPortalService = "org.freedesktop.portal.Desktop";
constexpr const char *kPortalPath = "/org/freedesktop/portal/desktop";
constexpr const char *kSettings = "org.freedesktop.portal.Settings";
constexpr const char *kAppearance = "org.freedesktop.appearance";
constexpr const char *kColorScheme = "color-scheme";

// The portal's Read wraps the value in one more variant; ReadOne and SettingChanged do not.
std::optional<uint> schemeFrom(QVariant v)
{
    while (v.canConvert<QDBusVariant>() && v.userType() == qMetaTypeId<QDBusVariant>())
        v = v.value<QDBusVariant>().variant();
    bool ok = false;
    const uint scheme = v.toUInt(&ok);
    return ok && scheme <= 2 ? std::optional<uint>(scheme) : std::nullopt;
}

} // namespace

ThemeController::ThemeController(QApplication &app, const QString &mode, QObject *parent)
    : QObject(parent), m_app(app), m_mode(mode), m_startDark(systemPrefersDark())
{
    const bool fixed = mode == QLatin1String("light") || mode == QLatin1String("dark");
    m_dark = fixed ? mode == QLatin1String("dark") : m_startDark;
    applyTheme(m_app, m_dark);
    if (fixed)
        return;
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return;
    // The whole message: QtDBus 6.4 does not match a slot taking QDBusVariant here.
    bus.connect(QString(), QString::fromLatin1(kPortalPath), QString::fromLatin1(kSettings), QStringLiteral("SettingChanged"),
                this, SLOT(onSettingChanged(QDBusMessage)));
    QDBusMessage read = QDBusMessage::createMethodCall(QString::fromLatin1(kPortalService), QString::fromLatin1(kPortalPath),
                                                       QString::fromLatin1(kSettings), QStringLiteral("Read"));
    read << QString::fromLatin1(kAppearance) << QString::fromLatin1(kColorScheme);
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(read, 2000), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        const QDBusMessage reply = w->reply();
        if (reply.type() == QDBusMessage::ReplyMessage && !reply.arguments().isEmpty())
            if (const auto scheme = schemeFrom(reply.arguments().constFirst()))
                followScheme(*scheme);
    });
}

void ThemeController::onSettingChanged(const QDBusMessage &message)
{
    const QList<QVariant> args = message.arguments();
    if (args.size() < 3 || args.at(0).toString() != QLatin1String(kAppearance)
        || args.at(1).toString() != QLatin1String(kColorScheme))
        return;
    if (const auto scheme = schemeFrom(args.at(2)))
        followScheme(*scheme);
}

void ThemeController::followScheme(uint scheme)
{
    set(scheme == 1 ? true : scheme == 2 ? false : m_startDark);
}

void ThemeController::set(bool dark)
{
    if (dark == m_dark)
        return;
    m_dark = dark;
    applyTheme(m_app, dark);
    Q_EMIT changed(dark);
}

QFont monospaceFont(const QFont &base)
{
    QFont f = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (base.pointSizeF() > 0)
        f.setPointSizeF(base.pointSizeF() * 0.95);
    f.setBold(base.bold());
    return f;
}

} // namespace opsdeck
