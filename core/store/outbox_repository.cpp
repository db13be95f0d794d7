#include "core/store/outbox_repository.h"

#include "core/store/mirror_database.h"
#include "core/store/mirror_errors.h"
#include "core/store/sql_support.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace creditdesk::store {

namespace {

const QString kOutboxColumns =
    u"id, kind, payload, idempotency_key, created_at, state, attempts, last_error, "
    u"last_attempt_at, refusal, done_at"_s;

QString stateName(OutboxState state)
{
    switch (state) {
    case OutboxState::Pending:
        return u"pending"_s;
    case OutboxState::Failed:
        return u"failed"_s;
    case OutboxState::Done:
        return u"done"_s;
    }
    return u"pending"_s;
}

std::optional<OutboxState> stateFrom(const QString &name)
{
    for (const OutboxState state : {OutboxState::Pending, OutboxState::Failed, OutboxState::Done}) {
        if (stateName(state) == name)
            return state;
    }
    return std::nullopt;
}

QJsonObject refusalJson(const Error &error)
{
    QJsonObject stored{{u"code"_s, error.code}, {u"message"_s, error.message}};
    if (!error.details.isEmpty())
        stored.insert(u"details"_s, error.details);
    return stored;
}

Result<OutboxItem> readItem(const QSqlQuery &q)
{
    sql::RowReader r(q);
    OutboxItem item;
    item.id = r.integer(0);
    item.kind = r.text(1);
    item.payload = r.json(2);
    item.idempotencyKey = r.text(3);
    item.createdAtMs = r.integer(4);
    const auto state = stateFrom(r.text(5));
    item.attempts = static_cast<qint32>(r.integer(6));
    item.lastAttemptError = r.text(7);
    item.lastAttemptAtMs = r.optInteger(8);
    if (const auto refusal = r.optJson(9)) {
        item.refusal = Error{refusal->value(u"code"_s).toString(), refusal->value(u"message"_s).toString(),
                             refusal->value(u"details"_s).toObject()};
    }
    item.doneAtMs = r.optInteger(10);
    if (auto s = r.status(); !s)
        return std::unexpected(s.error());
    if (!state)
        return fail(errc::mirrorCorrupt, u"outbox entry %1 has an unknown state"_s.arg(item.id),
                    {{u"id"_s, item.id}});
    item.state = *state;
    return item;
}

Result<QList<OutboxItem>> readItems(QSqlQuery &q)
{
    QList<OutboxItem> result;
    while (q.next()) {
        auto item = readItem(q);
        if (!item)
            return std::unexpected(item.error());
        result.append(std::move(*item));
    }
    if (auto s = sql::iterationStatus(q, "read outbox"_L1); !s)
        return std::unexpected(s.error());
    return result;
}

// Runs an UPDATE/DELETE of one entry; mirror_not_found when it touched none.
Result<void> changeOne(MirrorDatabase &db, const QString &statement, const QVariantList &binds, qint64 id,
                       const QString &notFound)
{
    return db.transact([&]() -> Result<void> {
        auto q = db.run(statement, binds, MirrorDatabase::Access::Write);
        if (!q)
            return std::unexpected(q.error());
        if (q->numRowsAffected() == 0)
            return fail(errc::mirrorNotFound, notFound.arg(id), {{u"id"_s, id}});
        return {};
    });
}

} // namespace

Result<qint64> OutboxRepository::enqueue(const OutboxEntry &entry)
{
    qint64 id = 0;
    auto written = m_db.transact([&]() -> Result<void> {
        auto inserted = m_db.write(
            u"INSERT INTO outbox (kind, payload, idempotency_key, created_at) "
            u"VALUES (?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING"_s,
            {entry.kind, sql::json(entry.payload), entry.idempotencyKey, sql::integer(entry.createdAtMs)});
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

Result<std::optional<OutboxItem>> OutboxRepository::nextPending()
{
    auto items = list({OutboxState::Pending}, 1);
    if (!items)
        return std::unexpected(items.error());
    if (items->isEmpty())
        return std::nullopt;
    return items->constFirst();
}

Result<QList<OutboxItem>> OutboxRepository::list(const QList<OutboxState> &states, int limit)
{
    if (limit < 1 || limit > 10'000)
        return fail(creditdesk::errc::invalidArgument, u"outbox limit must be 1..10000"_s,
                    {{u"limit"_s, limit}});
    if (states.isEmpty())
        return QList<OutboxItem>();
    QStringList marks;
    QVariantList binds;
    for (const OutboxState state : states) {
        marks.append(u"?"_s);
        binds.append(stateName(state));
    }
    binds.append(sql::integer(qint64{limit}));
    auto q = m_db.run(u"SELECT "_s + kOutboxColumns + u" FROM outbox WHERE state IN ("_s +
                          marks.join(u", "_s) + u") ORDER BY id LIMIT ?"_s,
                      binds);
    if (!q)
        return std::unexpected(q.error());
    return readItems(*q);
}

Result<std::optional<OutboxItem>> OutboxRepository::item(qint64 id)
{
    auto q = m_db.run(u"SELECT "_s + kOutboxColumns + u" FROM outbox WHERE id = ?"_s, {sql::integer(id)});
    if (!q)
        return std::unexpected(q.error());
    auto items = readItems(*q);
    if (!items)
        return std::unexpected(items.error());
    if (items->isEmpty())
        return std::nullopt;
    return items->constFirst();
}

Result<void> OutboxRepository::markDone(qint64 id, qint64 doneAtMs)
{
    return m_db.transact([&] {
        return m_db.write(u"UPDATE outbox SET state = 'done', done_at = ?, refusal = NULL "
                          u"WHERE id = ? AND state <> 'done'"_s,
                          {sql::integer(doneAtMs), sql::integer(id)});
    });
}

Result<void> OutboxRepository::markRefused(qint64 id, const Error &refusal, qint64 attemptedAtMs)
{
    return changeOne(m_db,
                     u"UPDATE outbox SET state = 'failed', refusal = ?, attempts = attempts + 1, "
                     u"last_attempt_at = ? WHERE id = ? AND state = 'pending'"_s,
                     {sql::json(refusalJson(refusal)), sql::integer(attemptedAtMs), sql::integer(id)}, id,
                     u"no pending outbox entry %1"_s);
}

Result<void> OutboxRepository::recordAttempt(qint64 id, const QString &errorCode, qint64 attemptedAtMs)
{
    return changeOne(m_db,
                     u"UPDATE outbox SET attempts = attempts + 1, last_error = ?, last_attempt_at = ? "
                     u"WHERE id = ? AND state = 'pending'"_s,
                     {sql::text(errorCode), sql::integer(attemptedAtMs), sql::integer(id)}, id,
                     u"no pending outbox entry %1"_s);
}

Result<void> OutboxRepository::cancel(qint64 id)
{
    return changeOne(m_db, u"DELETE FROM outbox WHERE id = ? AND state IN ('pending', 'failed')"_s,
                     {sql::integer(id)}, id, u"no pending or failed outbox entry %1"_s);
}

Result<qint64> OutboxRepository::pruneDone(qint64 beforeMs)
{
    qint64 removed = 0;
    auto pruned = m_db.transact([&]() -> Result<void> {
        auto q = m_db.run(u"DELETE FROM outbox WHERE state = 'done' AND done_at < ?"_s,
                          {sql::integer(beforeMs)}, MirrorDatabase::Access::Write);
        if (!q)
            return std::unexpected(q.error());
        removed = q->numRowsAffected();
        return {};
    });
    if (!pruned)
        return std::unexpected(pruned.error());
    return removed;
}

Result<qint64> OutboxRepository::count(OutboxState state)
{
    auto q = m_db.run(u"SELECT count(*) FROM outbox WHERE state = ?"_s, {stateName(state)});
    if (!q)
        return std::unexpected(q.error());
    return q->next() ? q->value(0).toLongLong() : 0;
}

} // namespace creditdesk::store
