#include "plaintooltips.h"

#include "core/text.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QToolTip>

namespace opsdeck {

PlainToolTips::PlainToolTips(QObject *parent) : QObject(parent) {}

void PlainToolTips::install()
{
    static PlainToolTips *filter = nullptr;
    if (filter || !qApp)
        return;
    filter = new PlainToolTips(qApp);
    qApp->installEventFilter(filter);
}

QString PlainToolTips::escape(const QString &text)
{
    // Rich text on purpose, with the text escaped: Qt's plain/rich guess cannot be switched off.
    return QStringLiteral("<p style='white-space:pre-wrap'>%1</p>").arg(sanitizeForDisplay(text, true).toHtmlEscaped());
}

bool PlainToolTips::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::ToolTip || !watched->isWidgetType())
        return false;
    auto *widget = static_cast<QWidget *>(watched);
    auto *help = static_cast<QHelpEvent *>(event);
    QString text;
    QRect area;
    QWidget *owner = widget;
    if (auto *view = qobject_cast<QAbstractItemView *>(widget->parentWidget()); view && view->viewport() == widget) {
        const QModelIndex index = view->indexAt(help->pos());
        text = index.data(Qt::ToolTipRole).toString();
        area = view->visualRect(index);
        owner = widget;
    } else {
        text = widget->toolTip();
        area = widget->rect();
    }
    if (text.isEmpty())
        return false;  // Qt's own handling (nothing to show, or the parent's tooltip)
    QToolTip::showText(help->globalPos(), escape(text), owner, area);
    return true;
}

} // namespace opsdeck
