#pragma once

#include "core/domain/error.h"

#include <QJsonObject>
#include <QString>

namespace creditdesk::server {

class Connection;
struct ServerEnvironment;

// Credit reads (api-contract §6). Both refresh the cached balance first when
// a grant has expired since it was written (domain-rules §4), in a short
// transaction of their own.
class CreditService {
public:
    CreditService(const ServerEnvironment &env, Connection &db)
        : m_env(env)
        , m_db(db)
    {}

    // GET /v1/credits/me: the subscription grant of the current monthly
    // window; not_found without one.
    [[nodiscard]] Result<QJsonObject> currentPeriod(const QString &userId);
    // GET /api/user/credits, with sources† in consumption order.
    [[nodiscard]] Result<QJsonObject> overview(const QString &userId);

private:
    const ServerEnvironment &m_env;
    Connection &m_db;
};

} // namespace creditdesk::server
