#include "core/sync/polled_usage_sync.h"

#include "core/store/mirror_database.h"
#include "core/store/usage_repository.h"
#include "core/sync/mirror_writer.h"
#include "core/sync/sync_log.h"
#include "core/sync/sync_mapping.h"
#include "core/sync/usage_paging.h"

#include <algorithm>

namespace creditdesk::sync {

PolledUsageSync::PolledUsageSync(api::CloudClient &client, MirrorWriter &writer, int pageSize,
                                 std::int64_t overlapMs, Now now, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_writer(writer)
    , m_pageSize(pageSize)
    , m_overlapMs(overlapMs)
    , m_now(std::move(now))
{}

void PolledUsageSync::start(const QString &storedCursor, Done done)
{
    m_done = std::move(done);
    m_keptCursor = storedCursor;
    m_mark = decodeHighWaterMark(storedCursor);
    m_newest = m_mark.value_or(0);
    m_offset = 0;
    fetch();
}

void PolledUsageSync::abort()
{
    m_done = {};
    api::CallHandle call = m_call;
    call.abort();
}

void PolledUsageSync::fetch()
{
    api::UsageQuery query;
    query.limit = m_pageSize;
    query.offset = m_offset;
    m_call = m_client.fetchUsage(query, this, [this](Result<api::UsagePage> page) {
        m_call = {};
        if (m_done)
            onPage(std::move(page));
    });
}

void PolledUsageSync::onPage(Result<api::UsagePage> page)
{
    if (!page) {
        finish(std::unexpected(page.error()));
        return;
    }
    if (auto checked = checkOffsetPage(*page, m_offset); !checked) {
        qCWarning(lcSync) << "usage page refused:" << checked.error().code << checked.error().message;
        finish(checked);
        return;
    }
    QList<store::UsageRow> rows;
    rows.reserve(page->items.size());
    for (const api::UsageItem &item : std::as_const(page->items)) {
        rows.append(mirrorUsageItem(item));
        m_newest = std::max(m_newest, item.createdAtMs);
    }
    const bool windowDone =
        m_mark && (page->items.isEmpty() || page->items.constLast().createdAtMs < *m_mark - m_overlapMs);
    const bool end = !page->hasMore || page->items.isEmpty();
    const std::int64_t total = page->total;
    const std::int64_t count = rows.size();
    m_writer.run<bool>(
        [rows = std::move(rows), end, windowDone, total, kept = m_keptCursor,
         mark = encodeHighWaterMark(m_newest), now = m_now()](store::MirrorDatabase &db) -> Result<bool> {
            bool last = end;
            auto written = db.transact([&]() -> Result<void> {
                store::UsageRepository usage(db);
                if (auto r = usage.applyUsagePage(rows, kept, now); !r)
                    return r;
                if (!last && windowDone) {
                    auto mirrored = usage.rowCount();
                    if (!mirrored)
                        return std::unexpected(mirrored.error());
                    last = *mirrored >= total;
                }
                // The pass is complete: its mark lands with its last page.
                if (last)
                    return usage.applyUsagePage({}, mark, now);
                return {};
            });
            if (!written)
                return std::unexpected(written.error());
            return last;
        },
        this,
        [this, count, total](Result<bool> last) {
            if (!m_done)
                return;
            if (!last) {
                finish(std::unexpected(last.error()));
                return;
            }
            m_rows += count;
            ++m_pages;
            m_offset += count;
            emit applied(m_offset, total);
            if (*last)
                finish({});
            else
                fetch();
        });
}

void PolledUsageSync::finish(Result<void> result)
{
    Done done = std::move(m_done);
    m_done = {};
    if (done)
        done(std::move(result));
}

} // namespace creditdesk::sync
