#include "core/sync/outbox_replayer.h"

#include "core/api/api_errors.h"
#include "core/domain/clock.h"
#include "core/store/mirror_database.h"
#include "core/store/mirror_errors.h"
#include "core/store/outbox_repository.h"
#include "core/sync/mirror_writer.h"
#include "core/sync/outbox_dispatch.h"
#include "core/sync/sync_errors.h"
#include "core/sync/sync_log.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace creditdesk::sync {

OutboxReplayer::OutboxReplayer(api::CloudClient &client, MirrorWriter &writer, const Clock *clock,
                               QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_writer(writer)
    , m_clock(clock)
{
    qRegisterMetaType<ReplayResult>();
}

OutboxReplayer::~OutboxReplayer()
{
    m_running = false;
    m_call.abort();
}

std::int64_t OutboxReplayer::nowMs() const
{
    return m_clock ? m_clock->nowMs() : QDateTime::currentMSecsSinceEpoch();
}

void OutboxReplayer::enqueue(const store::OutboxEntry &entry, QObject *context,
                             std::function<void(Result<qint64>)> done)
{
    m_writer.run<qint64>(
        [entry](store::MirrorDatabase &db) { return store::OutboxRepository(db).enqueue(entry); }, context,
        std::move(done));
}

void OutboxReplayer::list(QObject *context, std::function<void(Result<QList<store::OutboxItem>>)> done)
{
    m_writer.run<QList<store::OutboxItem>>(
        [](store::MirrorDatabase &db) { return store::OutboxRepository(db).list(); }, context,
        std::move(done));
}

void OutboxReplayer::cancel(qint64 id, QObject *context, std::function<void(Result<void>)> done)
{
    m_writer.run<void>([id](store::MirrorDatabase &db) { return store::OutboxRepository(db).cancel(id); },
                       context, std::move(done));
    if (m_running && m_current == id && m_call.isRunning()) {
        m_currentCancelled = true;
        m_call.abort();
    }
}

bool OutboxReplayer::replay()
{
    if (m_running)
        return false;
    m_running = true;
    m_result = {};
    m_writer.run<qint64>(
        [before = nowMs() - kKeepDoneMs](store::MirrorDatabase &db) {
            return store::OutboxRepository(db).pruneDone(before);
        },
        this,
        [this](Result<qint64> pruned) {
            if (!m_running)
                return;
            if (!pruned) {
                finish(pruned.error());
                return;
            }
            next();
        });
    return true;
}

void OutboxReplayer::stop()
{
    if (!m_running)
        return;
    api::CallHandle call = m_call;
    finish(makeError(api::errc::cancelled, u"the outbox replay was stopped"_s));
    call.abort();
}

void OutboxReplayer::next()
{
    m_current.reset();
    m_currentCancelled = false;
    m_writer.run<std::optional<store::OutboxItem>>(
        [](store::MirrorDatabase &db) { return store::OutboxRepository(db).nextPending(); }, this,
        [this](Result<std::optional<store::OutboxItem>> item) {
            if (!m_running)
                return;
            if (!item) {
                finish(item.error());
                return;
            }
            if (!*item) {
                finish(std::nullopt);
                return;
            }
            dispatch(**item);
        });
}

void OutboxReplayer::dispatch(const store::OutboxItem &item)
{
    m_current = item.id;
    qCDebug(lcSync) << "replaying outbox entry" << item.id << item.kind << "attempt" << item.attempts + 1;
    m_call = outbox::send(m_client, item, nowMs(), this, [this, item](Result<outbox::MirrorUpdate> answer) {
        m_call = {};
        if (!m_running)
            return;
        if (!answer)
            onFailed(item, answer.error());
        else
            onAccepted(item, std::move(*answer));
    });
}

void OutboxReplayer::onAccepted(const store::OutboxItem &item,
                                std::function<Result<void>(store::MirrorDatabase &)> update)
{
    m_writer.run<void>(
        [id = item.id, update = std::move(update), now = nowMs()](store::MirrorDatabase &db) -> Result<void> {
            return db.transact([&]() -> Result<void> {
                // The server acted: the entry is done even if its answer cannot
                // be mirrored (the next sync brings the server's state).
                if (auto applied = db.transact([&] { return update(db); }); !applied) {
                    qCWarning(lcSync)
                        << "outbox entry" << id
                        << "replayed, but its result is not in the mirror:" << applied.error().code
                        << applied.error().message;
                }
                return store::OutboxRepository(db).markDone(id, now);
            });
        },
        this,
        [this, item](Result<void> done) {
            if (!m_running)
                return;
            if (!done) {
                finish(done.error());
                return;
            }
            ++m_result.replayed;
            qCInfo(lcSync) << "outbox entry" << item.id << item.kind << "replayed";
            emit replayed(item.id, item.kind);
            next();
        });
}

void OutboxReplayer::onFailed(const store::OutboxItem &item, const Error &error)
{
    if (m_currentCancelled) {
        next();
        return;
    }
    const bool refused = classify(error) == FailureKind::Rejected;
    m_writer.run<void>(
        [id = item.id, error, refused, now = nowMs()](store::MirrorDatabase &db) {
            store::OutboxRepository outbox(db);
            return refused ? outbox.markRefused(id, error, now) : outbox.recordAttempt(id, error.code, now);
        },
        this,
        [this, item, error, refused](Result<void> marked) {
            if (!m_running)
                return;
            if (!marked && !marked.error().is(store::errc::mirrorNotFound)) {
                finish(marked.error());
                return;
            }
            if (!refused) {
                qCInfo(lcSync) << "outbox replay paused at entry" << item.id << ":" << error.code;
                finish(error);
                return;
            }
            if (marked) {
                ++m_result.failed;
                qCWarning(lcSync) << "outbox entry" << item.id << item.kind << "refused:" << error.code
                                  << error.message;
                emit failed(item.id, item.kind, error);
            }
            next();
        });
}

void OutboxReplayer::finish(std::optional<Error> stoppedBy)
{
    if (!m_running)
        return;
    m_running = false;
    m_current.reset();
    m_result.stoppedBy = std::move(stoppedBy);
    emit finished(m_result);
}

} // namespace creditdesk::sync
