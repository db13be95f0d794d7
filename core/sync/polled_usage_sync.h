#pragma once

#include "core/api/cloud_client.h"
#include "core/domain/error.h"

#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <optional>

namespace creditdesk::sync {

class MirrorWriter;

// The usage stream without the §10 extensions (internal to SyncRun; the
// §10.5 "Real" fallback): §7 offset pages, newest first, each written in one
// transaction, down to `overlapMs` before the high-water mark of the last
// complete pass, and further until the mirror holds as many rows as the
// server (the ledger is append-only, so rows recorded late with an older time
// are still found). The pass's new mark is stored with its last page, as the
// usage stream's cursor (encodeHighWaterMark()).
class PolledUsageSync : public QObject {
    Q_OBJECT

public:
    using Done = std::function<void(Result<void>)>;
    using Now = std::function<std::int64_t()>;

    // `client` and `writer` must outlive the sync.
    PolledUsageSync(api::CloudClient &client, MirrorWriter &writer, int pageSize, std::int64_t overlapMs,
                    Now now, QObject *parent = nullptr);

    // `storedCursor` is the usage stream's cursor: a mark of an earlier pass,
    // or a server cursor, which is kept until a pass completes.
    void start(const QString &storedCursor, Done done);
    // Aborts the call in flight; a write in flight still lands; `done` is not called.
    void abort();

    [[nodiscard]] std::int64_t rowsApplied() const { return m_rows; }
    [[nodiscard]] std::int64_t pagesApplied() const { return m_pages; }

signals:
    void applied(qint64 rows, qint64 total);

private:
    void fetch();
    void onPage(Result<api::UsagePage> page);
    void finish(Result<void> result);

    api::CloudClient &m_client;
    MirrorWriter &m_writer;
    int m_pageSize;
    std::int64_t m_overlapMs;
    Now m_now;
    Done m_done;
    api::CallHandle m_call;

    QString m_keptCursor;               // stored with every page until the pass completes
    std::optional<std::int64_t> m_mark; // high-water mark of the last complete pass
    std::int64_t m_newest = 0;
    std::int64_t m_offset = 0;
    std::int64_t m_rows = 0;
    std::int64_t m_pages = 0;
};

} // namespace creditdesk::sync
