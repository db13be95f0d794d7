#pragma once

#include "core/store/mirror_types.h"

#include <QList>
#include <QWidget>

class QChart;
class QChartView;

namespace creditdesk::ui {

// Credits per day and per model for the usage page's range. Credits become
// qreal here, at the chart boundary only.
class UsageCharts : public QWidget {
    Q_OBJECT

public:
    explicit UsageCharts(QWidget *parent = nullptr);

    void showUsage(const QList<store::DailyUsage> &days, const QList<store::ModelUsage> &models);

    [[nodiscard]] QChart *dailyChart() const;
    [[nodiscard]] QChart *modelChart() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();

    QChartView *m_daily;
    QChartView *m_models;
};

} // namespace creditdesk::ui
