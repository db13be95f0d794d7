#include "core/sync/ledger_sync.h"

#include "core/api/api_errors.h"
#include "core/store/mirror_database.h"
#include "core/store/usage_repository.h"
#include "core/sync/mirror_writer.h"
#include "core/sync/sync_log.h"
#include "core/sync/sync_mapping.h"
#include "core/sync/usage_paging.h"

using namespace Qt::StringLiterals;

namespace creditdesk::sync {

LedgerSync::LedgerSync(api::CloudClient &client, MirrorWriter &writer, int pageSize, Now now, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_writer(writer)
    , m_pageSize(pageSize)
    , m_now(std::move(now))
{}

void LedgerSync::start(const QString &cursor, const std::optional<store::UsageKey> &newest, Done done)
{
    m_done = std::move(done);
    // A polling high-water mark is no server cursor: start from the beginning.
    m_cursor = decodeHighWaterMark(cursor) ? QString() : cursor;
    m_after = m_cursor.isEmpty() ? std::nullopt : newest;
    m_usedCursors = {m_cursor};
    fetch();
}

void LedgerSync::abort()
{
    m_done = {};
    m_pending.clear();
    if (m_fetching) {
        m_fetching = false;
        api::CallHandle call = m_call;
        call.abort();
    }
}

qsizetype LedgerSync::pendingRows() const
{
    qsizetype rows = 0;
    for (const Page &page : m_pending)
        rows += page.rows.size();
    return rows;
}

void LedgerSync::fetch()
{
    m_fetching = true;
    m_call = m_client.fetchUsageAfter(m_cursor, m_pageSize, this, [this](Result<api::LedgerPage> page) {
        m_call = {};
        if (!m_fetching || !m_done)
            return;
        m_fetching = false;
        onPage(std::move(page));
    });
}

void LedgerSync::onPage(Result<api::LedgerPage> page)
{
    const bool nothingApplied = !m_writing && m_pages == 0 && m_pending.isEmpty();
    if (!page) {
        if (nothingApplied && page.error().is(api::errc::invalidCursor) && !m_cursorReset &&
            !m_cursor.isEmpty()) {
            // §10.5: an unreadable cursor restarts from the beginning.
            qCWarning(lcSync) << "the server refused the stored usage cursor: restarting from the beginning";
            m_cursorReset = true;
            m_cursor.clear();
            m_after.reset();
            m_usedCursors = {m_cursor};
            fetch();
            return;
        }
        fail(page.error());
        return;
    }
    if (auto checked = checkLedgerPage(*page, m_cursor, m_after, m_usedCursors); !checked) {
        qCWarning(lcSync) << "usage page refused:" << checked.error().code << checked.error().message;
        fail(checked.error());
        return;
    }
    if (page->rows.isEmpty()) {
        m_lastPageSeen = true;
        maybeFinish();
        return;
    }
    Page checked;
    checked.rows.reserve(page->rows.size());
    for (const api::LedgerRow &row : std::as_const(page->rows))
        checked.rows.append(mirrorUsageRow(row));
    checked.cursor = page->nextCursor;
    const api::LedgerRow &last = page->rows.constLast();
    m_after = store::UsageKey{last.createdAtMs, last.id};
    m_cursor = page->nextCursor;
    m_usedCursors.insert(m_cursor);
    m_lastPageSeen = !page->hasMore;
    m_pending.append(std::move(checked));
    if (!m_writing)
        writePending();
    if (!m_lastPageSeen && pendingRows() < kMaxPendingRows)
        fetch();
}

void LedgerSync::writePending()
{
    QList<store::UsageRow> rows;
    rows.reserve(pendingRows());
    for (Page &page : m_pending)
        rows.append(std::move(page.rows));
    const QString cursor = m_pending.constLast().cursor;
    const std::int64_t pages = m_pending.size();
    m_pending.clear();
    m_writing = true;
    const std::int64_t count = rows.size();
    m_writer.run<void>(
        [rows = std::move(rows), cursor, now = m_now()](store::MirrorDatabase &db) {
            return store::UsageRepository(db).applyUsagePage(rows, cursor, now);
        },
        this, [this, count, pages](Result<void> written) { onWritten(count, pages, std::move(written)); });
}

void LedgerSync::onWritten(std::int64_t rows, std::int64_t pages, Result<void> written)
{
    m_writing = false;
    if (!m_done)
        return;
    if (!written) {
        finish(written);
        return;
    }
    m_rows += rows;
    m_pages += pages;
    emit applied(m_rows);
    qCDebug(lcSync) << "usage pages applied:" << pages << "pages," << rows << "rows";
    if (!m_pending.isEmpty()) {
        writePending();
    } else if (m_error) {
        finish(std::unexpected(*m_error));
        return;
    }
    if (!m_error && !m_lastPageSeen && !m_fetching && pendingRows() < kMaxPendingRows)
        fetch();
    maybeFinish();
}

void LedgerSync::fail(Error error)
{
    // The pages checked before the failing one are written first; then the error is reported.
    m_error = std::move(error);
    if (m_writing)
        return;
    if (!m_pending.isEmpty())
        writePending();
    else
        finish(std::unexpected(*m_error));
}

void LedgerSync::maybeFinish()
{
    if (m_lastPageSeen && !m_writing && !m_fetching && m_pending.isEmpty())
        finish({});
}

void LedgerSync::finish(Result<void> result)
{
    Done done = std::move(m_done);
    m_done = {};
    abort();
    if (done)
        done(std::move(result));
}

} // namespace creditdesk::sync
