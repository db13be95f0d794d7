#pragma once

#include <QList>
#include <QWidget>

namespace creditdesk::ui {

// A small line of daily credit use (oldest day first). Values are credit
// units (fixed point); they become pixel coordinates only when painted.
// Colours come from the palette.
class UsageSparkline : public QWidget {
    Q_OBJECT

public:
    explicit UsageSparkline(QWidget *parent = nullptr);

    void setDailyUnits(QList<qint64> units);
    [[nodiscard]] const QList<qint64> &dailyUnits() const { return m_units; }

    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<qint64> m_units;
};

} // namespace creditdesk::ui
