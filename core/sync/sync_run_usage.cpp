// The usage stream of a sync run: §10.5 cursor pages (LedgerSync), or the
// polling fallback over §7 offset pages (PolledUsageSync) without the
// extensions or when the server turns out to have no cursor paging.
#include "core/api/api_errors.h"
#include "core/store/mirror_database.h"
#include "core/store/sync_state_repository.h"
#include "core/store/usage_repository.h"
#include "core/sync/ledger_sync.h"
#include "core/sync/polled_usage_sync.h"
#include "core/sync/sync_log.h"
#include "core/sync/sync_run.h"

namespace creditdesk::sync {

namespace {

struct UsageStart {
    QString cursor;
    std::optional<store::UsageKey> newest;
};

Result<UsageStart> readUsageStart(store::MirrorDatabase &db)
{
    UsageStart start;
    auto state = store::SyncStateRepository(db).streamState(QString(stream::usage));
    if (!state)
        return std::unexpected(state.error());
    if (*state)
        start.cursor = (*state)->cursor;
    store::UsagePageRequest newest;
    newest.limit = 1;
    auto page = store::UsageRepository(db).usagePage(newest);
    if (!page)
        return std::unexpected(page.error());
    if (!page->rows.isEmpty())
        start.newest = store::UsageKey{page->rows.constFirst().createdAtMs, page->rows.constFirst().id};
    return start;
}

} // namespace

void SyncRun::syncUsage(const Done &done)
{
    m_usageDone = done;
    write<UsageStart>(&readUsageStart, [this](Result<UsageStart> start) {
        if (!start) {
            usageFinished(std::unexpected(start.error()));
            return;
        }
        if (m_result.fallback)
            startPolling(start->cursor);
        else
            startLedger(start->cursor, start->newest);
    });
}

void SyncRun::startLedger(const QString &cursor, const std::optional<store::UsageKey> &newest)
{
    auto *ledger = new LedgerSync(
        m_client, m_writer, m_options.usagePageSize, [this] { return nowMs(); }, this);
    m_usage = ledger;
    connect(ledger, &LedgerSync::applied, this,
            [this](qint64 rows) { emit progress(QString(stream::usage), rows, -1); });
    ledger->start(cursor, newest, [this, ledger, cursor](Result<void> result) {
        m_result.usageRows += ledger->rowsApplied();
        m_result.usagePages += ledger->pagesApplied();
        if (!result && result.error().is(api::errc::extensionUnavailable) && ledger->pagesApplied() == 0) {
            qCInfo(lcSync) << "no cursor paging: polling the usage list instead";
            m_result.fallback = true;
            ledger->deleteLater();
            startPolling(cursor);
            return;
        }
        usageFinished(std::move(result));
    });
}

void SyncRun::startPolling(const QString &cursor)
{
    auto *polled = new PolledUsageSync(
        m_client, m_writer, m_options.fallbackPageSize, m_options.fallbackOverlapMs,
        [this] { return nowMs(); }, this);
    m_usage = polled;
    connect(polled, &PolledUsageSync::applied, this,
            [this](qint64 rows, qint64 total) { emit progress(QString(stream::usage), rows, total); });
    polled->start(cursor, [this, polled](Result<void> result) {
        m_result.usageRows += polled->rowsApplied();
        m_result.usagePages += polled->pagesApplied();
        usageFinished(std::move(result));
    });
}

void SyncRun::usageFinished(Result<void> result)
{
    Done done = std::move(m_usageDone);
    m_usageDone = {};
    if (m_usage) {
        m_usage->deleteLater();
        m_usage = nullptr;
    }
    if (done)
        done(std::move(result));
}

} // namespace creditdesk::sync
