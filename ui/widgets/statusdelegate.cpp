#include "widgets/statusdelegate.h"

#include "runbook/checkresult.h"
#include "theme.h"

#include <QPainter>

namespace opsdeck {

StatusDelegate::StatusDelegate(int statusRole, QObject *parent) : QStyledItemDelegate(parent), m_role(statusRole) {}

QColor StatusDelegate::colorFor(int checkStatus)
{
    switch (static_cast<CheckStatus>(checkStatus)) {
    case CheckStatus::Pass: return toneColor(Tone::Good);
    case CheckStatus::Warn: return toneColor(Tone::Warning);
    case CheckStatus::Fail: return toneColor(Tone::Bad);
    case CheckStatus::Error: return errorToneColor();
    case CheckStatus::Skipped:
    case CheckStatus::NoData:
    case CheckStatus::Pending:
    case CheckStatus::Running: break;
    }
    return toneColor(Tone::Muted);
}

void StatusDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    opt.widget ? opt.widget->style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget)
               : QStyledItemDelegate::paint(painter, opt, QModelIndex());
    const int status = index.data(m_role).toInt();
    const QString text = index.data(Qt::DisplayRole).toString();
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRect r = option.rect.adjusted(6, 5, -6, -5);
    if (static_cast<CheckStatus>(status) == CheckStatus::Running) {
        const int d = std::min(r.height(), 16);
        const QRect arc(r.left(), r.center().y() - d / 2, d, d);
        painter->setPen(QPen(option.palette.color(QPalette::Highlight), 2.5));
        painter->drawArc(arc, -m_angle * 16, 270 * 16);
        painter->setPen(option.palette.color(QPalette::Text));
        painter->drawText(r.adjusted(d + 6, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, tr("checking…"));
    } else if (!text.isEmpty()) {
        const bool chip = index.data(m_role).isValid() && text != tr("manual") && text != tr("action");
        QFont f = painter->font();
        f.setBold(true);
        f.setPointSizeF(f.pointSizeF() * 0.9);
        painter->setFont(f);
        // Every badge as wide as the widest one, so the column reads as one aligned row of states.
        const QFontMetrics fm(f);
        int w = 0;
        for (const QString &label : {tr("manual"), tr("action"), checkStatusName(CheckStatus::NoData),
                                     checkStatusName(CheckStatus::Error), checkStatusName(CheckStatus::Pass)})
            w = std::max(w, fm.horizontalAdvance(label.toUpper()) + 14);
        w = std::max(w, fm.horizontalAdvance(text.toUpper()) + 14);
        const QRect pill(r.left(), r.top(), std::min(w, r.width()), r.height());
        const qreal radius = pill.height() / 2.0;
        if (chip) {
            painter->setPen(Qt::NoPen);
            painter->setBrush(colorFor(status));
            painter->drawRoundedRect(pill, radius, radius);
            painter->setPen(Qt::white);
        } else {
            // A person's item: a neutral, outlined badge, not a verdict.
            const QColor neutral = option.palette.color(QPalette::PlaceholderText);
            painter->setPen(QPen(neutral, 1));
            painter->setBrush(Qt::NoBrush);
            painter->drawRoundedRect(QRectF(pill).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);
            painter->setPen(neutral);
        }
        painter->drawText(pill, Qt::AlignCenter, text.toUpper());
    }
    painter->restore();
}

QSize StatusDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    return QSize(std::max(s.width(), 96), std::max(s.height(), 28));
}

} // namespace opsdeck
