#include "server/http/health_routes.h"

#include "core/domain/utc_time.h"
#include "server/db/connection.h"
#include "server/http/router.h"
#include "server/http/worker_connection.h"
#include "server/server_environment.h"

#include <QFile>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

// Resident and total memory in MiB from /proc (0 where unavailable).
QJsonObject memoryUsage()
{
    auto readKb = [](const QString &path, QByteArrayView key) -> qint64 {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return 0;
        for (const QByteArray &line : file.readAll().split('\n')) {
            if (line.startsWith(key))
                return line.mid(key.size()).trimmed().split(' ').value(0).toLongLong();
        }
        return 0;
    };
    return QJsonObject{{u"used"_s, QJsonValue(readKb(u"/proc/self/status"_s, "VmRSS:") / 1024)},
                       {u"total"_s, QJsonValue(readKb(u"/proc/meminfo"_s, "MemTotal:") / 1024)}};
}

ApiResponse health(const ServerEnvironment &env, bool databaseUp)
{
    const std::int64_t now = env.clock->nowMs();
    return ApiResponse::json(
        200, QJsonObject{{u"status"_s, u"ok"_s},
                         {u"timestamp"_s, toIsoUtc(now)},
                         {u"uptime"_s, static_cast<qint64>((now - env.startedAtMs) / 1000)},
                         {u"environment"_s, u"creditdesk"_s},
                         {u"version"_s, env.version},
                         {u"services"_s, QJsonObject{{u"database"_s, databaseUp ? u"connected"_s : u"disconnected"_s},
                                                     {u"redis"_s, u"not_configured"_s},
                                                     {u"di_container"_s, u"ok"_s}}},
                         {u"memory"_s, memoryUsage()}});
}

ApiResponse ready(const ServerEnvironment &env, bool databaseUp)
{
    const QJsonObject checks{{u"database"_s, databaseUp ? u"healthy"_s : u"unhealthy"_s},
                             {u"redis"_s, u"not_configured"_s}};
    const QJsonObject body{{u"status"_s, databaseUp ? u"ready"_s : u"not_ready"_s},
                           {u"timestamp"_s, toIsoUtc(env.clock->nowMs())},
                           {u"checks"_s, checks}};
    ApiResponse response = ApiResponse::json(databaseUp ? 200 : 503, body);
    if (!databaseUp)
        response.withHeader("Retry-After", "5");
    return response;
}

} // namespace

void addHealthRoutes(Router &router, const ServerEnvironment &env)
{
    const ServerEnvironment *environment = &env;
    RouteOptions options;
    options.auth = AuthRequirement::None;
    options.rateLimitRule = u"none"_s;
    options.idempotent = false;

    options.withoutDatabase = [environment](const RequestContext &) { return health(*environment, false); };
    router.add(HttpMethod::Get, u"/health"_s, options, [environment](const RequestContext &, Connection &) {
        return health(*environment, checkWorkerConnection());
    });
    options.withoutDatabase = [environment](const RequestContext &) { return ready(*environment, false); };
    router.add(HttpMethod::Get, u"/health/ready"_s, options, [environment](const RequestContext &, Connection &) {
        return ready(*environment, checkWorkerConnection());
    });
    const auto live = [environment] {
        return ApiResponse::json(200, QJsonObject{{u"status"_s, u"alive"_s},
                                                  {u"timestamp"_s, toIsoUtc(environment->clock->nowMs())}});
    };
    options.withoutDatabase = [live](const RequestContext &) { return live(); };
    router.add(HttpMethod::Get, u"/health/live"_s, options, [live](const RequestContext &, Connection &) { return live(); });
}

} // namespace creditdesk::server
