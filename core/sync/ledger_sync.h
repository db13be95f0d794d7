#pragma once

#include "core/api/cloud_client.h"
#include "core/domain/error.h"
#include "core/store/mirror_types.h"

#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

#include <cstdint>
#include <functional>
#include <optional>

namespace creditdesk::sync {

class MirrorWriter;

// The usage stream over §10.5 cursor pages (internal to SyncRun). Pages are
// fetched and checked (usage_paging.h) while earlier ones are written; the
// pages checked while a write runs are written together in the next
// transaction, with the cursor of the last of them, so a crash leaves the
// mirror at a page boundary with its cursor and the next run resumes there.
// Nothing is written after a page that failed. A refused stored cursor
// (invalid_cursor) restarts from the beginning once; upserts are idempotent.
class LedgerSync : public QObject {
    Q_OBJECT

public:
    using Done = std::function<void(Result<void>)>;
    using Now = std::function<std::int64_t()>;

    // Rows checked but not yet written before fetching pauses for the writer.
    static constexpr qsizetype kMaxPendingRows = 4'000;

    // `client` and `writer` must outlive the sync.
    LedgerSync(api::CloudClient &client, MirrorWriter &writer, int pageSize, Now now,
               QObject *parent = nullptr);

    // From `cursor` (empty: the beginning); `newest` is the mirror's newest row,
    // which every row of the first page must follow when resuming. `done` is
    // called once, after the last write has landed; extension_unavailable on
    // the first page means the server has no cursor paging (nothing written).
    void start(const QString &cursor, const std::optional<store::UsageKey> &newest, Done done);
    // Aborts the call in flight; the write in flight still lands whole; `done`
    // is not called.
    void abort();

    [[nodiscard]] std::int64_t rowsApplied() const { return m_rows; }
    [[nodiscard]] std::int64_t pagesApplied() const { return m_pages; }

signals:
    void applied(qint64 rows);

private:
    // A checked page waiting for its write.
    struct Page {
        QList<store::UsageRow> rows;
        QString cursor;
    };

    void fetch();
    void onPage(Result<api::LedgerPage> page);
    void writePending();
    void onWritten(std::int64_t rows, std::int64_t pages, Result<void> written);
    void fail(Error error);
    void maybeFinish();
    void finish(Result<void> result);
    [[nodiscard]] qsizetype pendingRows() const;

    api::CloudClient &m_client;
    MirrorWriter &m_writer;
    int m_pageSize;
    Now m_now;
    Done m_done;
    api::CallHandle m_call;

    QString m_cursor;                       // the next page to fetch
    std::optional<store::UsageKey> m_after; // last row of the last checked page
    QSet<QString> m_usedCursors;
    bool m_cursorReset = false;
    bool m_fetching = false;
    bool m_writing = false;
    bool m_lastPageSeen = false;
    QList<Page> m_pending;
    std::optional<Error> m_error; // reported once the write in flight has landed
    std::int64_t m_rows = 0;
    std::int64_t m_pages = 0;
};

} // namespace creditdesk::sync
