#include "core/sync/sync_run.h"

#include "core/api/api_errors.h"
#include "core/domain/clock.h"
#include "core/store/account_repository.h"
#include "core/store/mirror_database.h"
#include "core/store/sync_state_repository.h"
#include "core/sync/ledger_sync.h"
#include "core/sync/polled_usage_sync.h"
#include "core/sync/sync_errors.h"
#include "core/sync/sync_log.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace creditdesk::sync {

namespace {

const QList<QLatin1StringView> &allStreams()
{
    static const QList<QLatin1StringView> streams{stream::profile, stream::subscription, stream::balance,
                                                  stream::license, stream::coupons,      stream::invoices,
                                                  stream::usage};
    return streams;
}

std::optional<api::SyncVersion> versionOf(const api::SyncState &state, QLatin1StringView s)
{
    if (s == stream::profile)
        return state.profile;
    if (s == stream::subscription)
        return state.subscription;
    if (s == stream::balance)
        return state.balance;
    if (s == stream::license)
        return state.license;
    if (s == stream::coupons)
        return state.coupons;
    if (s == stream::invoices)
        return state.invoices;
    return std::nullopt;
}

// A failure that concerns every stream ends the run.
bool endsRun(const Error &error)
{
    switch (classify(error)) {
    case FailureKind::Offline:
    case FailureKind::SignedOut:
    case FailureKind::Cancelled:
    case FailureKind::Throttled:
    case FailureKind::Local:
        return true;
    case FailureKind::ServerFault:
    case FailureKind::Rejected:
        return false;
    }
    return true;
}

} // namespace

SyncRun::SyncRun(api::CloudClient &client, MirrorWriter &writer, const SyncOptions &options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_writer(writer)
    , m_options(options)
{}

std::int64_t SyncRun::nowMs() const
{
    return m_options.clock ? m_options.clock->nowMs() : QDateTime::currentMSecsSinceEpoch();
}

void SyncRun::start()
{
    qCInfo(lcSync) << "sync started";
    write<Local>(
        [](store::MirrorDatabase &db) -> Result<Local> {
            Local local;
            auto profile = store::AccountRepository(db).profile();
            if (!profile)
                return std::unexpected(profile.error());
            if (*profile)
                local.userId = (*profile)->id;
            store::SyncStateRepository states(db);
            for (QLatin1StringView s : allStreams() + QList<QLatin1StringView>{stream::state}) {
                auto state = states.streamState(QString(s));
                if (!state)
                    return std::unexpected(state.error());
                if (*state)
                    local.streams.insert(QString(s), **state);
            }
            return local;
        },
        [this](Result<Local> local) {
            if (!local) {
                finish(local.error());
                return;
            }
            onLocal(std::move(*local));
        });
}

void SyncRun::onLocal(Local local)
{
    m_local = std::move(local);
    m_userId = m_local.userId;
    const QString etag = m_local.streams.value(QString(stream::state)).etag;
    request<api::SyncStateResult>(
        [this, etag](QObject *context, api::Callback<api::SyncStateResult> done) {
            return m_client.fetchSyncState(etag, context, std::move(done));
        },
        [this](Result<api::SyncStateResult> result) { onSyncState(std::move(result)); });
}

void SyncRun::onSyncState(Result<api::SyncStateResult> result)
{
    if (!result) {
        if (result.error().is(api::errc::extensionUnavailable)) {
            qCInfo(lcSync) << "no /v1/sync/state: polling every stream (api-contract §10.5 fallback)";
            m_result.fallback = true;
            plan(std::nullopt);
            return;
        }
        Error error = inStream(result.error(), stream::state);
        if (endsRun(error)) {
            finish(error);
            return;
        }
        // A broken state document: fetch every stream, keep no ETag.
        qCWarning(lcSync) << "unusable /v1/sync/state:" << error.code << error.message;
        m_result.failures.append({QString(stream::state), error});
        plan(std::nullopt);
        return;
    }
    if (result->notModified) {
        for (QLatin1StringView s : allStreams())
            m_result.skipped.append(QString(s));
        m_etag = result->etag;
        complete();
        return;
    }
    m_etag = result->etag;
    m_state = result->state;
    if (!m_local.userId.isEmpty() && m_state->userId != m_local.userId) {
        // Another account: the mirror holds one user, so the old one goes first.
        qCInfo(lcSync) << "signed-in account changed: clearing the mirror's user data";
        write<void>([](store::MirrorDatabase &db) { return db.clearUserData(); },
                    [this](Result<void> cleared) {
                        if (!cleared) {
                            finish(cleared.error());
                            return;
                        }
                        m_local = {};
                        m_userId = m_state->userId;
                        plan(m_state);
                    });
        return;
    }
    m_userId = m_state->userId;
    plan(m_state);
}

void SyncRun::plan(const std::optional<api::SyncState> &state)
{
    for (QLatin1StringView s : allStreams()) {
        bool unchanged = false;
        if (state) {
            const auto stored = m_local.streams.constFind(QString(s));
            if (s == stream::usage) {
                const QString storedCursor = stored != m_local.streams.cend() ? stored->cursor : QString();
                unchanged = storedCursor == state->usageLatestCursor;
            } else if (stored != m_local.streams.cend() && stored->serverVersion) {
                unchanged = *stored->serverVersion == versionOf(*state, s)->version;
            }
        }
        if (unchanged)
            m_result.skipped.append(QString(s));
        else
            m_queue.append(s);
    }
    qCDebug(lcSync) << "streams to fetch:" << m_queue.size() << "unchanged:" << m_result.skipped;
    runNextStream();
}

void SyncRun::runNextStream()
{
    if (m_finished)
        return;
    if (m_queue.isEmpty()) {
        complete();
        return;
    }
    const QLatin1StringView s = m_queue.takeFirst();
    run(s, [this, s](Result<void> result) { streamDone(s, std::move(result)); });
}

void SyncRun::run(QLatin1StringView s, const Done &done)
{
    if (s == stream::profile)
        syncProfile(done);
    else if (s == stream::subscription)
        syncSubscription(done);
    else if (s == stream::balance)
        syncBalance(done);
    else if (s == stream::license)
        syncLicense(done);
    else if (s == stream::coupons)
        syncCoupons(done);
    else if (s == stream::invoices)
        syncInvoices(done);
    else
        syncUsage(done);
}

void SyncRun::streamDone(QLatin1StringView s, Result<void> result)
{
    if (m_finished)
        return;
    if (result) {
        m_result.fetched.append(QString(s));
        runNextStream();
        return;
    }
    Error error = inStream(result.error(), s);
    if (endsRun(error)) {
        finish(error);
        return;
    }
    qCWarning(lcSync) << "stream" << s << "failed:" << error.code << error.message;
    m_result.failures.append({QString(s), error});
    runNextStream();
}

store::StreamState SyncRun::streamState(QLatin1StringView s) const
{
    store::StreamState state;
    state.stream = QString(s);
    state.syncedAtMs = nowMs();
    if (m_state) {
        if (const auto version = versionOf(*m_state, s)) {
            state.serverVersion = version->version;
            state.serverUpdatedAtMs = version->updatedAtMs;
        }
    }
    return state;
}

void SyncRun::writeStream(QLatin1StringView s, std::function<Result<void>(store::MirrorDatabase &)> body,
                          const Done &done)
{
    const store::StreamState state = streamState(s);
    write<void>(
        [body = std::move(body), state](store::MirrorDatabase &db) {
            return db.transact([&]() -> Result<void> {
                if (auto written = body(db); !written)
                    return written;
                return store::SyncStateRepository(db).setStreamState(state);
            });
        },
        done);
}

void SyncRun::complete()
{
    if (!m_result.failures.isEmpty()) {
        finish(std::nullopt);
        return;
    }
    // Every stream is applied: the ETag of the state they came from is now
    // safe to send (304 = nothing to do), and this is the last successful sync.
    store::StreamState state;
    state.stream = QString(stream::state);
    state.etag = m_etag;
    state.syncedAtMs = nowMs();
    write<void>(
        [state](store::MirrorDatabase &db) { return store::SyncStateRepository(db).setStreamState(state); },
        [this, at = state.syncedAtMs](Result<void> saved) {
            if (!saved) {
                finish(saved.error());
                return;
            }
            m_result.completedAtMs = at;
            finish(std::nullopt);
        });
}

void SyncRun::cancel()
{
    if (m_finished)
        return;
    api::CallHandle call = m_call;
    finish(makeError(api::errc::cancelled, u"the sync was cancelled"_s));
    call.abort();
}

void SyncRun::stopUsage()
{
    if (auto *ledger = qobject_cast<LedgerSync *>(m_usage))
        ledger->abort();
    else if (auto *polled = qobject_cast<PolledUsageSync *>(m_usage))
        polled->abort();
}

void SyncRun::finish(std::optional<Error> fatal)
{
    if (m_finished)
        return;
    m_finished = true;
    stopUsage();
    if (fatal) {
        m_result.error = fatal;
        if (!m_result.failures.contains(StreamFailure{fatal->details.value(u"stream"_s).toString(), *fatal}))
            m_result.failures.append({fatal->details.value(u"stream"_s).toString(), *fatal});
        switch (classify(*fatal)) {
        case FailureKind::Offline:
            m_result.status = SyncStatus::Offline;
            break;
        case FailureKind::SignedOut:
            m_result.status = SyncStatus::SignedOut;
            break;
        case FailureKind::Cancelled:
            m_result.status = SyncStatus::Idle;
            break;
        default:
            m_result.status = SyncStatus::Error;
            break;
        }
    } else if (!m_result.failures.isEmpty()) {
        m_result.error = m_result.failures.constFirst().error;
        m_result.status = SyncStatus::Error;
    } else {
        m_result.status = SyncStatus::Idle;
    }
    if (m_result.ok()) {
        qCInfo(lcSync) << "sync finished:" << m_result.fetched.size() << "streams fetched,"
                       << m_result.usageRows << "usage rows in" << m_result.usagePages << "pages"
                       << (m_result.fallback ? "(polling)" : "");
    } else {
        qCInfo(lcSync) << "sync ended:" << toString(m_result.status) << m_result.error->code
                       << m_result.error->message;
    }
    emit finished(m_result);
}

} // namespace creditdesk::sync
