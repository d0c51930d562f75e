#pragma once

#include <QColor>
#include <QList>
#include <QWidget>

class QPainter;

namespace opsdeck {

// A small line of the recent values (oldest left), the last one marked; no axes. paint() is
// shared with item delegates that draw a sparkline inside a table cell.
class Sparkline : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Sparkline)
public:
    explicit Sparkline(QWidget *parent = nullptr);

    void setValues(const QList<double> &values);
    QList<double> values() const { return m_values; }
    void setColor(const QColor &color);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    static void paint(QPainter &painter, const QRectF &rect, const QList<double> &values, const QColor &color);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<double> m_values;
    QColor m_color;
};

} // namespace opsdeck
