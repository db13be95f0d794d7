#include "ui/overview/usage_sparkline.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace creditdesk::ui {

UsageSparkline::UsageSparkline(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void UsageSparkline::setDailyUnits(QList<qint64> units)
{
    m_units = std::move(units);
    update();
}

QSize UsageSparkline::sizeHint() const
{
    return {240, 72};
}

QSize UsageSparkline::minimumSizeHint() const
{
    return {60, 40};
}

void UsageSparkline::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = QRectF(rect()).adjusted(2, 2, -2, -2);
    QPen baseline(palette().color(QPalette::Mid));
    painter.setPen(baseline);
    painter.drawLine(area.bottomLeft(), area.bottomRight());
    if (m_units.size() < 2)
        return;
    const qint64 peak = std::max<qint64>(1, *std::max_element(m_units.cbegin(), m_units.cend()));
    const qreal stepX = area.width() / qreal(m_units.size() - 1);
    QPainterPath line;
    for (qsizetype i = 0; i < m_units.size(); ++i) {
        const qreal x = area.left() + stepX * qreal(i);
        const qreal y =
            area.bottom() - area.height() * qreal(std::max<qint64>(0, m_units.at(i))) / qreal(peak);
        if (i == 0)
            line.moveTo(x, y);
        else
            line.lineTo(x, y);
    }
    QPainterPath fill = line;
    fill.lineTo(area.right(), area.bottom());
    fill.lineTo(area.left(), area.bottom());
    fill.closeSubpath();
    QColor shade = palette().color(QPalette::Highlight);
    shade.setAlpha(60);
    painter.fillPath(fill, shade);
    painter.setPen(QPen(palette().color(QPalette::Highlight), 1.5));
    painter.drawPath(line);
}

} // namespace creditdesk::ui
