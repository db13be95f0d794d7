#pragma once

#include "core/domain/error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace creditdesk::server {

class Connection;
struct ServerEnvironment;

struct SyncStateView {
    QJsonObject data; // the D envelope's X
    QByteArray etag;  // quoted strong validator over everything but server_time
};

// GET /v1/sync/state (api-contract §10.5).
class SyncStateService {
public:
    SyncStateService(const ServerEnvironment &env, Connection &db)
        : m_env(env)
        , m_db(db)
    {}

    [[nodiscard]] Result<SyncStateView> state(const QString &userId);

    // True when an If-None-Match header value names `etag` (or is "*").
    [[nodiscard]] static bool matches(const QByteArray &ifNoneMatch, const QByteArray &etag);

private:
    const ServerEnvironment &m_env;
    Connection &m_db;
};

} // namespace creditdesk::server
