#pragma once

#include <QStyledItemDelegate>

namespace opsdeck {

// Paints a check status as a coloured chip; a running check as a turning arc.
class StatusDelegate : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusDelegate)
public:
    StatusDelegate(int statusRole, QObject *parent = nullptr);
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void advance() { m_angle = (m_angle + 30) % 360; }

    static QColor colorFor(int checkStatus);

private:
    int m_role;
    int m_angle = 0;
};

} // namespace opsdeck
