#pragma once

#include <QIcon>
#include <QStyledItemDelegate>

namespace opsdeck {

// The sidebar's rows: group headings (Today, Data, Settings) and pages, each page with its
// monochrome icon tinted by the palette and a live count badge on the right.
class SidebarDelegate : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SidebarDelegate)
public:
    enum Role {
        HeadingRole = Qt::UserRole + 40,  // bool: a group heading, not a page
        PageIndexRole,                    // int: index into MainWindow::pages()
        BadgeRole,                        // QString: "2", "0/7"; empty for none
        BadgeToneRole                     // int: Tone of the badge's fill
    };

    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

// A monochrome icon (black strokes on transparent) recoloured to `color`.
QPixmap tintedIcon(const QIcon &icon, const QSize &size, qreal devicePixelRatio, const QColor &color);

} // namespace opsdeck
