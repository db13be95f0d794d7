#pragma once

#include "core/api/cloud_client.h"
#include "core/domain/error.h"
#include "core/store/mirror_types.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <optional>

namespace creditdesk {
class Clock;
}

namespace creditdesk::store {
class MirrorDatabase;
}

namespace creditdesk::sync {

class MirrorWriter;

struct ReplayResult {
    int replayed = 0; // entries the server accepted (removed from the outbox)
    int failed = 0;   // entries the server refused for good in this replay (kept, failed)
    // What ended the replay early; the entry it hit stays pending (an attempt
    // is counted): offline, signed out, throttled, a server fault, the mirror,
    // or `cancelled` by stop(). nullopt = every pending entry was handled.
    std::optional<Error> stoppedBy;

    [[nodiscard]] bool ok() const { return !stoppedBy.has_value(); }
};

// Replays the outbox (actions taken offline, outbox_entries.h) in order, each
// with its stored Idempotency-Key, so a replay after a lost answer gets the
// first result instead of acting twice (api-contract §10.4). An accepted entry
// is written to the mirror at once (server wins) and marked done; an entry the
// server refuses for good (a 4xx such as activation_not_found, or an answer
// that cannot be used) is marked failed with its error, visible to the user,
// and the replay goes on with the next; any other failure (no network, signed
// out, throttled, a 5xx) stops the replay with the entry still pending.
// Done entries are kept a week, then pruned when a replay starts.
//
// Lives on the thread of its CloudClient; mirror writes go through `writer`.
// `client` and `writer` must outlive the replayer.
class OutboxReplayer : public QObject {
    Q_OBJECT

public:
    static constexpr std::int64_t kKeepDoneMs = 7 * 24 * 3'600'000LL;

    OutboxReplayer(api::CloudClient &client, MirrorWriter &writer, const Clock *clock = nullptr,
                   QObject *parent = nullptr);
    ~OutboxReplayer() override;

    // Queues an action; `done` gets its id (an already known key: that entry's id).
    void enqueue(const store::OutboxEntry &entry, QObject *context, std::function<void(Result<qint64>)> done);
    // The pending and failed entries, oldest first (what the user sees).
    void list(QObject *context, std::function<void(Result<QList<store::OutboxItem>>)> done);
    // Withdraws a pending entry or dismisses a failed one (mirror_not_found for
    // one already done). One being sent has its call aborted (the server may
    // still have acted on it); the replay goes on with the next.
    void cancel(qint64 id, QObject *context, std::function<void(Result<void>)> done);

    // Starts replaying; false (and nothing happens) while a replay runs.
    bool replay();
    // Aborts the call in flight and finishes with `cancelled`; the entry stays pending.
    void stop();
    [[nodiscard]] bool isRunning() const { return m_running; }

signals:
    void replayed(qint64 id, const QString &kind);
    void failed(qint64 id, const QString &kind, const creditdesk::Error &error);
    void finished(const creditdesk::sync::ReplayResult &result);

private:
    void next();
    void dispatch(const store::OutboxItem &item);
    void onAccepted(const store::OutboxItem &item,
                    std::function<Result<void>(store::MirrorDatabase &)> update);
    void onFailed(const store::OutboxItem &item, const Error &error);
    void finish(std::optional<Error> stoppedBy);
    [[nodiscard]] std::int64_t nowMs() const;

    api::CloudClient &m_client;
    MirrorWriter &m_writer;
    const Clock *m_clock;
    bool m_running = false;
    api::CallHandle m_call;
    std::optional<qint64> m_current;
    bool m_currentCancelled = false;
    ReplayResult m_result;
};

} // namespace creditdesk::sync

Q_DECLARE_METATYPE(creditdesk::sync::ReplayResult)
