#include "core/store/outbox_repository.h"

#include "core/store/mirror_database.h"
#include "core/store/mirror_errors.h"
#include "core/store/sql_support.h"

using namespace Qt::StringLiterals;

namespace creditdesk::store {

namespace {

const QString kOutboxColumns =
    u"id, kind, payload, idempotency_key, created_at, attempts, last_error, last_attempt_at"_s;

} // namespace

Result<qint64> OutboxRepository::enqueue(const OutboxEntry &entry)
{
    qint64 id = 0;
    auto written = m_db.transact([&]() -> Result<void> {
        auto inserted = m_db.write(u"INSERT INTO outbox (kind, payload, idempotency_key, created_at) "
                                   u"VALUES (?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING"_s,
                                   {entry.kind, sql::json(entry.payload), entry.idempotencyKey,
                                    sql::integer(entry.createdAtMs)});
        if (!inserted)
            return inserted;
        auto q = m_db.run(u"SELECT id FROM outbox WHERE idempotency_key = ?"_s, {entry.idempotencyKey});
        if (!q)
            return std::unexpected(q.error());
        if (!q->next())
            return fail(errc::mirrorNotFound, u"outbox entry vanished after insert"_s);
        id = q->value(0).toLongLong();
        return {};
    });
    if (!written)
        return std::unexpected(written.error());
    return id;
}

Result<QList<OutboxItem>> OutboxRepository::pending(int limit)
{
    if (limit < 1)
        return fail(creditdesk::errc::invalidArgument, u"outbox limit must be positive"_s);
    auto q = m_db.run(u"SELECT "_s + kOutboxColumns + u" FROM outbox ORDER BY id LIMIT ?"_s,
                      {sql::integer(qint64{limit})});
    if (!q)
        return std::unexpected(q.error());
    QList<OutboxItem> result;
    while (q->next()) {
        sql::RowReader r(*q);
        OutboxItem item;
        item.id = r.integer(0);
        item.kind = r.text(1);
        item.payload = r.json(2);
        item.idempotencyKey = r.text(3);
        item.createdAtMs = r.integer(4);
        item.attempts = static_cast<qint32>(r.integer(5));
        item.lastError = r.text(6);
        item.lastAttemptAtMs = r.optInteger(7);
        if (auto s = r.status(); !s)
            return std::unexpected(s.error());
        result.append(std::move(item));
    }
    if (auto s = sql::iterationStatus(*q, "read outbox"_L1); !s)
        return std::unexpected(s.error());
    return result;
}

Result<std::optional<OutboxItem>> OutboxRepository::peek()
{
    auto items = pending(1);
    if (!items)
        return std::unexpected(items.error());
    if (items->isEmpty())
        return std::nullopt;
    return items->constFirst();
}

Result<void> OutboxRepository::markDone(qint64 id)
{
    return m_db.transact([&] { return m_db.write(u"DELETE FROM outbox WHERE id = ?"_s, {sql::integer(id)}); });
}

Result<void> OutboxRepository::markFailed(qint64 id, const QString &error, qint64 attemptedAtMs)
{
    return m_db.transact([&]() -> Result<void> {
        auto q = m_db.run(u"UPDATE outbox SET attempts = attempts + 1, last_error = ?, last_attempt_at = ? "
                          u"WHERE id = ?"_s,
                          {sql::text(error), sql::integer(attemptedAtMs), sql::integer(id)},
                          MirrorDatabase::Access::Write);
        if (!q)
            return std::unexpected(q.error());
        if (q->numRowsAffected() == 0)
            return fail(errc::mirrorNotFound, u"no outbox entry %1"_s.arg(id), {{u"id"_s, id}});
        return {};
    });
}

Result<qint64> OutboxRepository::count()
{
    auto q = m_db.run(u"SELECT count(*) FROM outbox"_s);
    if (!q)
        return std::unexpected(q.error());
    return q->next() ? q->value(0).toLongLong() : 0;
}

} // namespace creditdesk::store
