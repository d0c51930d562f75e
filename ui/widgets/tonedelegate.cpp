#include "widgets/tonedelegate.h"

#include "widgets/sparkline.h"
#include "tone.h"
#include "theme.h"

#include <QPainter>

namespace opsdeck {

ToneDelegate::ToneDelegate(QObject *parent) : QStyledItemDelegate(parent) {}

void ToneDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.data(MonospaceRole).toBool())
        option->font = monospaceFont(option->font);
    const QVariant v = index.data(ToneRole);
    if (!v.isValid())
        return;
    const auto tone = static_cast<Tone>(v.toInt());
    switch (tone) {
    case Tone::Bad: {
        QColor background = toneColor(Tone::Bad);
        background.setAlpha(38);
        option->backgroundBrush = background;
        option->palette.setColor(QPalette::Text, toneTextColor(Tone::Bad, option->palette));
        option->font.setBold(true);
        break;
    }
    case Tone::Good:
    case Tone::Warning:
    case Tone::Muted:
        option->palette.setColor(QPalette::Text, toneTextColor(tone, option->palette));
        break;
    case Tone::Neutral:
        break;
    }
}

void ToneDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyledItemDelegate::paint(painter, option, index);
    if (m_sparklineRole < 0)
        return;
    const QVariant values = index.data(m_sparklineRole);
    if (!values.isValid() || index.data(Qt::DisplayRole).toString().size() > 0)
        return;
    QList<double> points;
    for (const QVariant &v : values.toList())
        points.append(v.toDouble());
    const QColor color = option.state & QStyle::State_Selected ? option.palette.highlightedText().color()
                                                               : toneColor(Tone::Neutral);
    Sparkline::paint(*painter, QRectF(option.rect), points, color);
}

} // namespace opsdeck
