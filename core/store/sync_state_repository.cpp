#include "core/store/sync_state_repository.h"

#include "core/store/mirror_database.h"
#include "core/store/sql_support.h"

using namespace Qt::StringLiterals;

namespace creditdesk::store {

Result<void> SyncStateRepository::setStreamState(const StreamState &s)
{
    static const QString statement = sql::upsertStatement(
        "sync_state"_L1,
        {"stream"_L1, "cursor"_L1, "server_version"_L1, "server_updated_at"_L1, "etag"_L1, "synced_at"_L1},
        "stream"_L1);
    return m_db.transact([&] {
        return m_db.write(statement, {s.stream, sql::text(s.cursor), sql::integer(s.serverVersion),
                                      sql::integer(s.serverUpdatedAtMs), sql::text(s.etag),
                                      sql::integer(s.syncedAtMs)});
    });
}

Result<std::optional<StreamState>> SyncStateRepository::streamState(const QString &stream)
{
    auto q = m_db.run(u"SELECT stream, cursor, server_version, server_updated_at, etag, synced_at "
                      u"FROM sync_state WHERE stream = ?"_s,
                      {stream});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::nullopt;
    sql::RowReader r(*q);
    StreamState s;
    s.stream = r.text(0);
    s.cursor = r.text(1);
    s.serverVersion = r.optInteger(2);
    s.serverUpdatedAtMs = r.optInteger(3);
    s.etag = r.text(4);
    s.syncedAtMs = r.integer(5);
    return s;
}

} // namespace creditdesk::store
