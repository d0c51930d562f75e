#pragma once

#include <QStyledItemDelegate>

namespace opsdeck {

// Colours a cell by the model's ToneRole: red rows for failures, green / amber / grey text for
// outcomes. Cells whose model gives LatenciesRole-like value lists can also draw a sparkline
// (setSparklineRole), so tables need no index widgets.
class ToneDelegate : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ToneDelegate)
public:
    explicit ToneDelegate(QObject *parent = nullptr);

    void setSparklineRole(int role) { m_sparklineRole = role; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    int m_sparklineRole = -1;
};

} // namespace opsdeck
