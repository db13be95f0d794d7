#pragma once

#include "core/store/mirror_types.h"
#include "core/store/usage_export.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace creditdesk::store {
class MirrorDatabase;
}

namespace creditdesk::ui {

// The usage ledger of the mirror as a table, newest first, read in keyset
// pages (UsageRepository::usagePage): the view asks for the next page through
// canFetchMore()/fetchMore() as it scrolls, so a ledger of a million rows is
// never loaded at once.
class UsageTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        Time,
        Model,
        Provider,
        Mode,
        InputTokens,
        OutputTokens,
        CreditsColumn,
        RequestId,
        ColumnCount
    };
    // The row's ledger id, for tests and selection handling.
    static constexpr int IdRole = Qt::UserRole + 1;

    explicit UsageTableModel(store::MirrorDatabase &db, QObject *parent = nullptr);

    // The rows to show: sinceMs, untilMs, model, provider and mode of
    // `filter` (its `after` and `limit` are managed here). Starts over with
    // the first page.
    void setFilter(const store::UsagePageRequest &filter);
    [[nodiscard]] const store::UsagePageRequest &filter() const { return m_filter; }
    // Rows per page (1..UsageRepository::kMaxPageSize); applies from the next reload.
    void setPageSize(int rows);
    [[nodiscard]] int pageSize() const { return m_pageSize; }
    // Starts over with the first page (after a sync).
    void reload();

    [[nodiscard]] int pagesLoaded() const { return m_pages; }
    [[nodiscard]] const store::UsageRow &usageRow(int row) const { return m_rows.at(row); }
    // The message of the last failed read; empty when the last read worked.
    [[nodiscard]] const QString &lastError() const { return m_error; }

    [[nodiscard]] int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;
    [[nodiscard]] bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

signals:
    void loadFailed(const QString &message);

private:
    [[nodiscard]] QList<store::UsageRow> readPage();
    [[nodiscard]] bool atEnd() const { return m_failed || m_cursor->done(); }

    store::MirrorDatabase &m_db;
    store::UsagePageRequest m_filter;
    int m_pageSize;
    QList<store::UsageRow> m_rows;
    std::optional<store::UsageRowCursor> m_cursor; // the pages after those loaded
    bool m_failed = false;                         // the last read failed: no more pages
    bool m_notifying = false;                      // between begin and end of a reset or insert
    bool m_fetchQueued = false;                    // a fetchMore() asked during a notification
    int m_pages = 0;
    QString m_error;
};

} // namespace creditdesk::ui
