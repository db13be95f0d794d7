#pragma once

#include "core/store/mirror_types.h"
#include "core/store/usage_export.h"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QDateEdit;
class QLabel;
class QPushButton;
class QTableView;

namespace creditdesk::session {
class AppSession;
}

namespace creditdesk::ui {

class UsageCharts;
class UsageExportJob;
class UsageTableModel;

// The usage ledger of the mirror: filters (date range, model, provider,
// mode), the paged table, credits by day and by model, and export of the
// filtered range to CSV or JSON.
class UsagePage : public QWidget {
    Q_OBJECT

public:
    explicit UsagePage(session::AppSession &session, QWidget *parent = nullptr);
    ~UsagePage() override;

    [[nodiscard]] UsageTableModel *tableModel() const { return m_model; }
    [[nodiscard]] QTableView *tableView() const { return m_table; }
    [[nodiscard]] UsageCharts *charts() const { return m_charts; }
    // The filter the controls describe (local days, inclusive).
    [[nodiscard]] store::UsagePageRequest currentFilter() const;
    // Exports the current filter's rows to `path` (what the Export buttons
    // do after asking for a file); exportFinished() reports the end.
    void exportTo(const QString &path, store::ExportFormat format);

public slots:
    // Reads the mirror again (after a sync): table, charts and filter choices.
    void reload();

signals:
    void exportFinished(bool ok, qint64 rows, const QString &message);

private:
    void buildFilters();
    void applyFilter();
    void refreshChoices(const QList<store::ModelUsage> &models);
    void refreshCharts();
    void chooseExportFile(store::ExportFormat format);

    session::AppSession &m_session;
    UsageTableModel *m_model;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QComboBox *m_modelChoice = nullptr;
    QComboBox *m_provider = nullptr;
    QComboBox *m_mode = nullptr;
    QPushButton *m_exportCsv = nullptr;
    QPushButton *m_exportJson = nullptr;
    QLabel *m_status = nullptr;
    QTableView *m_table = nullptr;
    UsageCharts *m_charts = nullptr;
    QPointer<UsageExportJob> m_export;
    bool m_updatingChoices = false;
};

} // namespace creditdesk::ui
