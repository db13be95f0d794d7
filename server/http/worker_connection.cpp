#include "server/http/worker_connection.h"

#include "server/db/connection.h"
#include "server/http/http_log.h"

#include <QSqlQuery>

#include <atomic>
#include <optional>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {
thread_local std::optional<Connection> t_connection;
std::atomic<int> s_connectionCounter{0};
} // namespace

Result<Connection *> workerConnection(const DatabaseConfig &config)
{
    if (!t_connection) {
        const QString name = u"creditdesk-worker-%1"_s.arg(++s_connectionCounter);
        auto opened = Connection::open(config, name);
        if (!opened)
            return std::unexpected(opened.error());
        t_connection.emplace(std::move(*opened));
        qCDebug(lcServerHttp) << "worker connection" << name << "opened";
    }
    return &*t_connection;
}

bool checkWorkerConnection()
{
    if (!t_connection)
        return false;
    bool healthy = false;
    {
        QSqlQuery query(t_connection->database());
        healthy = query.exec(u"SELECT 1"_s) && query.next();
    }
    if (!healthy) {
        qCWarning(lcServerHttp) << "database connection" << t_connection->name() << "lost; reconnecting on next use";
        t_connection.reset();
    }
    return healthy;
}

} // namespace creditdesk::server
