#include "sidebar.h"

#include "theme.h"
#include "tone.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace opsdeck {

QPixmap tintedIcon(const QIcon &icon, const QSize &size, qreal devicePixelRatio, const QColor &color)
{
    QPixmap pixmap(size * devicePixelRatio);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    icon.paint(&p, QRect(QPoint(0, 0), size));
    p.setCompositionMode(QPainter::CompositionMode_SourceIn);
    p.fillRect(QRect(QPoint(0, 0), size), color);
    return pixmap;
}

void SidebarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QPalette &pal = option.palette;
    const QRect r = option.rect;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (index.data(HeadingRole).toBool()) {
        QFont f = option.font;
        f.setBold(true);
        f.setPointSizeF(f.pointSizeF() * 0.85);
        f.setCapitalization(QFont::AllUppercase);
        f.setLetterSpacing(QFont::PercentageSpacing, 108);
        painter->setFont(f);
        painter->setPen(pal.color(QPalette::PlaceholderText));
        painter->drawText(r.adjusted(14, 0, -8, -4), Qt::AlignLeft | Qt::AlignBottom, index.data().toString());
        painter->restore();
        return;
    }
    const bool selected = option.state & QStyle::State_Selected;
    const bool hovered = option.state & QStyle::State_MouseOver;
    const QRect pill = r.adjusted(6, 1, -6, -1);
    if (selected || hovered) {
        QColor fill = pal.color(QPalette::Highlight);
        if (!selected)
            fill.setAlphaF(0.14);
        painter->setPen(Qt::NoPen);
        painter->setBrush(fill);
        painter->drawRoundedRect(pill, 6, 6);
    }
    const QColor fg = pal.color(selected ? QPalette::HighlightedText : QPalette::Text);
    const int iconSize = 18;
    const QRect iconRect(pill.left() + 10, pill.center().y() - iconSize / 2 + 1, iconSize, iconSize);
    const QIcon icon = index.data(Qt::DecorationRole).value<QIcon>();
    if (!icon.isNull()) {
        const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : qApp->devicePixelRatio();
        painter->drawPixmap(iconRect.topLeft(), tintedIcon(icon, iconRect.size(), dpr, fg));
    }

    int right = pill.right() - 8;
    const QString badge = index.data(BadgeRole).toString();
    if (!badge.isEmpty()) {
        QFont f = option.font;
        f.setBold(true);
        f.setPointSizeF(f.pointSizeF() * 0.85);
        const QFontMetrics fm(f);
        const int h = fm.height() + 2;
        const int w = std::max(h, fm.horizontalAdvance(badge) + 12);
        const QRect b(right - w, pill.center().y() - h / 2 + 1, w, h);
        const Tone tone = Tone(index.data(BadgeToneRole).toInt());
        const QColor fill = toneColor(tone == Tone::Neutral ? Tone::Muted : tone);
        painter->setPen(selected ? QPen(pal.color(QPalette::HighlightedText), 1) : Qt::NoPen);
        painter->setBrush(fill);
        painter->drawRoundedRect(b, h / 2.0, h / 2.0);
        painter->setFont(f);
        painter->setPen(Qt::white);
        painter->drawText(b, Qt::AlignCenter, badge);
        right = b.left() - 6;
    }
    painter->setFont(option.font);
    painter->setPen(fg);
    const QRect text(iconRect.right() + 10, pill.top(), right - iconRect.right() - 10, pill.height());
    painter->drawText(text, Qt::AlignLeft | Qt::AlignVCenter,
                      option.fontMetrics.elidedText(index.data().toString(), Qt::ElideRight, text.width()));
    painter->restore();
}

QSize SidebarDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const int h = option.fontMetrics.height();
    return index.data(HeadingRole).toBool() ? QSize(180, h + 18) : QSize(180, h + 16);
}

} // namespace opsdeck
