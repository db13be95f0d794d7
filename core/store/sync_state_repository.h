#pragma once

#include "core/domain/error.h"
#include "core/store/mirror_types.h"

#include <QString>

#include <optional>

namespace creditdesk::store {

class MirrorDatabase;

// Per-stream sync bookkeeping (cursor, server version, ETag). Call inside the
// transaction that writes the stream's data so both land together.
class SyncStateRepository {
public:
    explicit SyncStateRepository(MirrorDatabase &db) : m_db(db) {}

    [[nodiscard]] Result<void> setStreamState(const StreamState &state);
    [[nodiscard]] Result<std::optional<StreamState>> streamState(const QString &stream);

private:
    MirrorDatabase &m_db;
};

} // namespace creditdesk::store
