#include "ui/usage/usage_charts.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QLocale>
#include <QValueAxis>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::ui {

namespace {

// Whole and hundredths of a credit as a chart value; never used for sums.
qreal chartValue(Credits credits)
{
    return static_cast<qreal>(credits.units()) / static_cast<qreal>(Credits::kUnitsPerCredit);
}

QChartView *makeView(const QString &title, const QString &accessibleName, QWidget *parent)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->hide();
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto *view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setAccessibleName(accessibleName);
    view->setFocusPolicy(Qt::NoFocus);
    view->setMinimumHeight(200);
    return view;
}

void replaceAxes(QChart *chart, QAbstractSeries *series, QAbstractAxis *categories, QValueAxis *values,
                 Qt::Alignment categoryAlign, Qt::Alignment valueAlign)
{
    const QList<QAbstractAxis *> old = chart->axes();
    for (QAbstractAxis *axis : old) {
        chart->removeAxis(axis);
        delete axis;
    }
    chart->removeAllSeries();
    chart->addSeries(series);
    chart->addAxis(categories, categoryAlign);
    chart->addAxis(values, valueAlign);
    series->attachAxis(categories);
    series->attachAxis(values);
}

} // namespace

UsageCharts::UsageCharts(QWidget *parent)
    : QWidget(parent)
    , m_daily(makeView(tr("Credits by day"), tr("Credits by day chart"), this))
    , m_models(makeView(tr("Credits by model"), tr("Credits by model chart"), this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_daily, 3);
    layout->addWidget(m_models, 2);
    applyPalette();
}

QChart *UsageCharts::dailyChart() const
{
    return m_daily->chart();
}

QChart *UsageCharts::modelChart() const
{
    return m_models->chart();
}

void UsageCharts::showUsage(const QList<store::DailyUsage> &days, const QList<store::ModelUsage> &models)
{
    const QLocale locale;
    auto *daySet = new QBarSet(tr("Credits"));
    QStringList dayLabels;
    qreal dayMax = 0;
    // Long ranges are shown in buckets of several days (at most ~45 bars),
    // summed exactly before the conversion to a chart value.
    const qsizetype bucket = std::max<qsizetype>(1, (days.size() + 44) / 45);
    const QString format = days.size() > 365 ? u"d MMM yy"_s : u"d MMM"_s;
    for (qsizetype i = 0; i < days.size(); i += bucket) {
        Credits sum;
        for (qsizetype j = i; j < std::min(days.size(), i + bucket); ++j)
            sum = sum.plus(days.at(j).credits).value_or(sum);
        const qreal v = chartValue(sum);
        daySet->append(v);
        dayMax = std::max(dayMax, v);
        dayLabels.append(
            locale.toString(QDateTime::fromMSecsSinceEpoch(days.at(i).dayStartMs, Qt::UTC).date(), format));
    }
    // A value axis with a few labelled bars: a category axis would squeeze
    // (and elide) a label under every bar.
    auto *dayAxis = new QCategoryAxis;
    dayAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    dayAxis->setRange(-0.5, static_cast<qreal>(dayLabels.size()) - 0.5);
    dayAxis->setGridLineVisible(false);
    const qsizetype labelStep = std::max<qsizetype>(1, (dayLabels.size() + 5) / 6);
    for (qsizetype i = 0; i < dayLabels.size(); i += labelStep)
        dayAxis->append(dayLabels.at(i), static_cast<qreal>(i));
    auto *daySeries = new QBarSeries;
    daySeries->append(daySet);
    auto *dayValues = new QValueAxis;
    dayValues->setRange(0, dayMax > 0 ? dayMax : 1);
    dayValues->applyNiceNumbers();
    dayValues->setLabelFormat(u"%g"_s);
    replaceAxes(m_daily->chart(), daySeries, dayAxis, dayValues, Qt::AlignBottom, Qt::AlignLeft);

    auto *modelSet = new QBarSet(tr("Credits"));
    QStringList modelLabels;
    qreal modelMax = 0;
    // Most credits first from the store; the chart draws bottom-up, so reverse.
    const qsizetype shown = std::min<qsizetype>(models.size(), 8);
    for (qsizetype i = shown - 1; i >= 0; --i) {
        const store::ModelUsage &m = models.at(i);
        const qreal v = chartValue(m.credits);
        modelSet->append(v);
        modelMax = std::max(modelMax, v);
        // The provider only where one model id comes from several providers.
        const bool shared =
            std::count_if(models.cbegin(), models.cbegin() + shown,
                          [&m](const store::ModelUsage &o) { return o.modelId == m.modelId; }) > 1;
        modelLabels.append(shared && !m.provider.isEmpty() ? u"%1 (%2)"_s.arg(m.modelId, m.provider)
                                                           : m.modelId);
    }
    auto *modelSeries = new QHorizontalBarSeries;
    modelSeries->append(modelSet);
    auto *modelAxis = new QBarCategoryAxis;
    modelAxis->append(modelLabels);
    auto *modelValues = new QValueAxis;
    modelValues->setRange(0, modelMax > 0 ? modelMax : 1);
    modelValues->applyNiceNumbers();
    modelValues->setLabelFormat(u"%g"_s);
    replaceAxes(m_models->chart(), modelSeries, modelAxis, modelValues, Qt::AlignLeft, Qt::AlignBottom);
    applyPalette();
}

void UsageCharts::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QWidget::changeEvent(event);
}

void UsageCharts::applyPalette()
{
    const QPalette p = palette();
    for (QChartView *view : {m_daily, m_models}) {
        QChart *chart = view->chart();
        chart->setBackgroundBrush(p.brush(QPalette::Base));
        chart->setTitleBrush(p.brush(QPalette::Text));
        const QList<QAbstractAxis *> axes = chart->axes();
        for (QAbstractAxis *axis : axes) {
            axis->setLabelsBrush(p.brush(QPalette::Text));
            axis->setLinePenColor(p.color(QPalette::Mid));
            axis->setGridLineColor(p.color(QPalette::Midlight));
        }
        const QList<QAbstractSeries *> series = chart->series();
        for (QAbstractSeries *one : series) {
            if (auto *bars = qobject_cast<QAbstractBarSeries *>(one)) {
                const QList<QBarSet *> sets = bars->barSets();
                for (QBarSet *set : sets) {
                    set->setColor(p.color(QPalette::Highlight));
                    set->setBorderColor(p.color(QPalette::Highlight));
                }
            }
        }
        view->setBackgroundBrush(p.brush(QPalette::Base));
    }
}

} // namespace creditdesk::ui
