#pragma once

#include "core/domain/error.h"
#include "core/store/mirror_types.h"

#include <QList>

#include <optional>

namespace creditdesk::store {

class MirrorDatabase;

// Ordered pending actions (offline preference changes), replayed oldest first
// with their Idempotency-Key.
class OutboxRepository {
public:
    explicit OutboxRepository(MirrorDatabase &db) : m_db(db) {}

    // Returns the entry's id. Enqueuing an idempotency key already queued
    // returns the existing id and changes nothing (a repeated user action).
    [[nodiscard]] Result<qint64> enqueue(const OutboxEntry &entry);
    // The oldest pending entry, or nullopt when the outbox is empty.
    [[nodiscard]] Result<std::optional<OutboxItem>> peek();
    [[nodiscard]] Result<QList<OutboxItem>> pending(int limit = 100);
    // Removes the entry; an id already gone is not an error (replayed ack).
    [[nodiscard]] Result<void> markDone(qint64 id);
    // Counts a failed attempt and keeps the entry in place (order is kept);
    // mirror_not_found if the id is not queued.
    [[nodiscard]] Result<void> markFailed(qint64 id, const QString &error, qint64 attemptedAtMs);
    [[nodiscard]] Result<qint64> count();

private:
    MirrorDatabase &m_db;
};

} // namespace creditdesk::store
