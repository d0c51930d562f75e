#include "widgets/sparkline.h"

#include "theme.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace opsdeck {

Sparkline::Sparkline(QWidget *parent) : QWidget(parent), m_color(toneColor(Tone::Neutral))
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void Sparkline::setValues(const QList<double> &values)
{
    m_values = values;
    if (values.isEmpty()) {
        setToolTip(tr("No samples yet"));
    } else {
        const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
        setToolTip(tr("%n sample(s): min %1, max %2, last %3", nullptr, int(values.size()))
                       .arg(*lo, 0, 'f', 0)
                       .arg(*hi, 0, 'f', 0)
                       .arg(values.last(), 0, 'f', 0));
    }
    update();
}

void Sparkline::setColor(const QColor &color)
{
    m_color = color;
    update();
}

QSize Sparkline::sizeHint() const { return {160, 28}; }
QSize Sparkline::minimumSizeHint() const { return {40, 16}; }

void Sparkline::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event);
    QPainter p(this);
    paint(p, QRectF(rect()), m_values, m_color);
}

void Sparkline::paint(QPainter &painter, const QRectF &rect, const QList<double> &values, const QColor &color)
{
    if (values.isEmpty() || rect.width() < 4 || rect.height() < 4)
        return;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = rect.adjusted(3, 3, -3, -3);
    const auto [loIt, hiIt] = std::minmax_element(values.begin(), values.end());
    const double lo = std::min(*loIt, 0.0);
    const double span = std::max(*hiIt - lo, 1e-9);
    const qsizetype n = values.size();
    auto point = [&](qsizetype i) {
        const double x = n == 1 ? area.center().x() : area.left() + area.width() * double(i) / double(n - 1);
        const double y = area.bottom() - area.height() * (values[i] - lo) / span;
        return QPointF(x, y);
    };
    QPainterPath line(point(0));
    for (qsizetype i = 1; i < n; ++i)
        line.lineTo(point(i));
    QPainterPath fill = line;
    fill.lineTo(point(n - 1).x(), area.bottom());
    fill.lineTo(point(0).x(), area.bottom());
    fill.closeSubpath();
    QColor shade = color;
    shade.setAlpha(40);
    painter.fillPath(fill, shade);
    painter.setPen(QPen(color, 1.5));
    painter.drawPath(line);
    painter.setBrush(color);
    painter.setPen(Qt::NoPen);
    painter.drawEllipse(point(n - 1), 2.5, 2.5);
    painter.restore();
}

} // namespace opsdeck
