#pragma once

#include "core/domain/error.h"
#include "core/store/mirror_types.h"

#include <QList>
#include <QString>

#include <optional>

namespace creditdesk::store {

class MirrorDatabase;

// Actions taken offline (preference changes, a seat deactivation...), replayed
// oldest first with their Idempotency-Key. An entry is pending until the
// server accepts it (done) or refuses it for good (failed, with its error);
// the user sees the pending and failed ones and may cancel them.
class OutboxRepository {
public:
    explicit OutboxRepository(MirrorDatabase &db)
        : m_db(db)
    {}

    // Returns the entry's id. An Idempotency-Key already known (pending,
    // failed or done) returns that entry's id and changes nothing: it is the
    // same user action.
    [[nodiscard]] Result<qint64> enqueue(const OutboxEntry &entry);
    // The oldest pending entry, or nullopt when none is.
    [[nodiscard]] Result<std::optional<OutboxItem>> nextPending();
    // Entries in one of `states`, oldest first, at most `limit` (1..10,000).
    [[nodiscard]] Result<QList<OutboxItem>>
    list(const QList<OutboxState> &states = {OutboxState::Pending, OutboxState::Failed}, int limit = 1000);
    [[nodiscard]] Result<std::optional<OutboxItem>> item(qint64 id);

    // The server accepted the entry. An id no longer queued (cancelled while
    // it was sent) or already done is not an error.
    [[nodiscard]] Result<void> markDone(qint64 id, qint64 doneAtMs);
    // The server refused the entry for good: failed, with `refusal`, attempt
    // counted. mirror_not_found unless the entry is pending.
    [[nodiscard]] Result<void> markRefused(qint64 id, const Error &refusal, qint64 attemptedAtMs);
    // An attempt that got no verdict (offline, throttled, a 5xx): counted with
    // its error code; the entry stays pending and keeps its place.
    // mirror_not_found unless the entry is pending.
    [[nodiscard]] Result<void> recordAttempt(qint64 id, const QString &errorCode, qint64 attemptedAtMs);
    // Withdraws a pending entry or dismisses a failed one (the row goes).
    // mirror_not_found when there is no such entry or it is already done.
    [[nodiscard]] Result<void> cancel(qint64 id);
    // Deletes done entries finished before `beforeMs`; returns how many.
    [[nodiscard]] Result<qint64> pruneDone(qint64 beforeMs);
    [[nodiscard]] Result<qint64> count(OutboxState state);

private:
    MirrorDatabase &m_db;
};

} // namespace creditdesk::store
