#include "ui/usage/usage_page.h"

#include "core/session/app_session.h"
#include "core/store/usage_repository.h"
#include "ui/usage/usage_charts.h"
#include "ui/usage/usage_export_job.h"
#include "ui/usage/usage_table_model.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::ui {

namespace {

constexpr int kMaxChartDays = 3660;

qint64 localDayStartMs(QDate day)
{
    return day.startOfDay().toMSecsSinceEpoch();
}

QLabel *buddyLabel(const QString &text, QWidget *buddy, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setBuddy(buddy);
    return label;
}

} // namespace

UsagePage::UsagePage(session::AppSession &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new UsageTableModel(session.mirror(), this))
{
    setAccessibleName(tr("Usage"));
    buildFilters();

    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setAccessibleName(tr("Usage ledger"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setColumnWidth(UsageTableModel::Time, 150);
    m_table->setColumnWidth(UsageTableModel::Model, 170);

    m_charts = new UsageCharts(this);
    m_status = new QLabel(this);
    m_status->setAccessibleName(tr("Usage status"));
    m_status->setWordWrap(true);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_charts);
    splitter->addWidget(m_table);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);

    auto *filters = new QHBoxLayout;
    filters->addWidget(buddyLabel(tr("&From:"), m_from, this));
    filters->addWidget(m_from);
    filters->addWidget(buddyLabel(tr("&To:"), m_to, this));
    filters->addWidget(m_to);
    filters->addWidget(buddyLabel(tr("Mo&del:"), m_modelChoice, this));
    filters->addWidget(m_modelChoice, 1);
    filters->addWidget(buddyLabel(tr("&Provider:"), m_provider, this));
    filters->addWidget(m_provider, 1);
    filters->addWidget(buddyLabel(tr("M&ode:"), m_mode, this));
    filters->addWidget(m_mode);
    filters->addSpacing(12);
    filters->addWidget(m_exportCsv);
    filters->addWidget(m_exportJson);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);

    setTabOrder(m_from, m_to);
    setTabOrder(m_to, m_modelChoice);
    setTabOrder(m_modelChoice, m_provider);
    setTabOrder(m_provider, m_mode);
    setTabOrder(m_mode, m_exportCsv);
    setTabOrder(m_exportCsv, m_exportJson);
    setTabOrder(m_exportJson, m_table);

    connect(m_model, &UsageTableModel::loadFailed, this, [this](const QString &message) {
        m_status->setText(tr("Cannot read the usage: %1").arg(message));
    });
    reload();
}

UsagePage::~UsagePage() = default;

void UsagePage::buildFilters()
{
    const QDate today = QDate::currentDate();
    m_from = new QDateEdit(today.addDays(-29), this);
    m_to = new QDateEdit(today, this);
    for (QDateEdit *edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat));
        connect(edit, &QDateEdit::dateChanged, this, &UsagePage::applyFilter);
    }
    m_from->setAccessibleName(tr("From date"));
    m_to->setAccessibleName(tr("To date"));

    m_modelChoice = new QComboBox(this);
    m_modelChoice->setAccessibleName(tr("Model filter"));
    m_modelChoice->addItem(tr("All models"), QString());
    m_provider = new QComboBox(this);
    m_provider->setAccessibleName(tr("Provider filter"));
    m_provider->addItem(tr("All providers"), QString());
    m_mode = new QComboBox(this);
    m_mode->setAccessibleName(tr("Mode filter"));
    m_mode->addItem(tr("All modes"), 0);
    m_mode->addItem(tr("BYOK"), 1);
    m_mode->addItem(tr("Cloud credits"), 2);
    for (QComboBox *box : {m_modelChoice, m_provider, m_mode}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        connect(box, &QComboBox::currentIndexChanged, this, [this] {
            if (!m_updatingChoices)
                applyFilter();
        });
    }

    m_exportCsv = new QPushButton(tr("Export &CSV…"), this);
    m_exportCsv->setAccessibleName(tr("Export the filtered usage as CSV"));
    m_exportJson = new QPushButton(tr("Export &JSON…"), this);
    m_exportJson->setAccessibleName(tr("Export the filtered usage as JSON"));
    connect(m_exportCsv, &QPushButton::clicked, this, [this] { chooseExportFile(store::ExportFormat::Csv); });
    connect(m_exportJson, &QPushButton::clicked, this,
            [this] { chooseExportFile(store::ExportFormat::Json); });
}

store::UsagePageRequest UsagePage::currentFilter() const
{
    store::UsagePageRequest filter;
    QDate from = m_from->date();
    QDate to = m_to->date();
    if (to < from)
        std::swap(from, to);
    filter.sinceMs = localDayStartMs(from);
    filter.untilMs = localDayStartMs(to.addDays(1));
    filter.modelId = m_modelChoice->currentData().toString();
    filter.provider = m_provider->currentData().toString();
    const int mode = m_mode->currentData().toInt();
    if (mode != 0)
        filter.byok = mode == 1;
    return filter;
}

void UsagePage::applyFilter()
{
    if (!m_status)
        return; // still building
    m_model->setFilter(currentFilter());
    if (m_model->lastError().isEmpty())
        m_status->setText(m_model->rowCount() == 0 ? tr("No usage matches these filters.") : QString());
    refreshCharts();
}

void UsagePage::reload()
{
    applyFilter();
}

void UsagePage::refreshCharts()
{
    const store::UsagePageRequest filter = currentFilter();
    const qint64 until = filter.untilMs.value_or(filter.sinceMs);
    store::UsageRepository usage(m_session.mirror());
    const qint64 days = std::clamp<qint64>((until - filter.sinceMs + store::UsageRepository::kDayMs - 1) /
                                               store::UsageRepository::kDayMs,
                                           1, kMaxChartDays);
    auto daily = usage.dailyUsage(until - 1, static_cast<int>(days));
    auto models = usage.modelUsage(filter.sinceMs, until);
    if (!daily || !models) {
        m_status->setText(tr("Cannot read the usage totals: %1")
                              .arg(!daily ? daily.error().message : models.error().message));
        return;
    }
    refreshChoices(*models);
    m_charts->showUsage(*daily, *models);
}

void UsagePage::refreshChoices(const QList<store::ModelUsage> &models)
{
    // The choices are the models and providers with usage in the range; the
    // current choice stays even without usage, so a filter never changes by itself.
    m_updatingChoices = true;
    const auto refill = [](QComboBox *box, QStringList values) {
        const QString current = box->currentData().toString();
        if (!current.isEmpty() && !values.contains(current))
            values.append(current);
        values.sort();
        while (box->count() > 1)
            box->removeItem(1);
        for (const QString &value : std::as_const(values))
            box->addItem(value, value);
        box->setCurrentIndex(std::max(0, box->findData(current)));
    };
    QStringList modelIds;
    QStringList providers;
    for (const store::ModelUsage &m : models) {
        if (!m.modelId.isEmpty() && !modelIds.contains(m.modelId))
            modelIds.append(m.modelId);
        if (!m.provider.isEmpty() && !providers.contains(m.provider))
            providers.append(m.provider);
    }
    refill(m_modelChoice, modelIds);
    refill(m_provider, providers);
    m_updatingChoices = false;
}

void UsagePage::chooseExportFile(store::ExportFormat format)
{
    const bool csv = format == store::ExportFormat::Csv;
    const QString path = QFileDialog::getSaveFileName(
        this, csv ? tr("Export usage as CSV") : tr("Export usage as JSON"),
        csv ? u"usage.csv"_s : u"usage.json"_s, csv ? tr("CSV files (*.csv)") : tr("JSON files (*.json)"));
    if (!path.isEmpty())
        exportTo(path, format);
}

void UsagePage::exportTo(const QString &path, store::ExportFormat format)
{
    if (m_export)
        return;
    m_exportCsv->setEnabled(false);
    m_exportJson->setEnabled(false);
    m_status->setText(tr("Exporting…"));
    m_export = new UsageExportJob(m_session.mirror(), currentFilter(), path, format, this, this);
    connect(m_export, &UsageExportJob::finished, this,
            [this, path](bool ok, qint64 rows, const QString &message) {
                m_exportCsv->setEnabled(true);
                m_exportJson->setEnabled(true);
                if (ok)
                    m_status->setText(tr("Exported %1 rows to %2.").arg(QLocale().toString(rows), path));
                else if (message.isEmpty())
                    m_status->setText(tr("The export was cancelled; no file was written."));
                else
                    m_status->setText(tr("The export failed: %1").arg(message));
                m_export->deleteLater();
                emit exportFinished(ok, rows, message);
            });
    m_export->start();
}

} // namespace creditdesk::ui
