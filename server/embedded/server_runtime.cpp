#include "server/embedded/server_runtime.h"

#include "server/auth/oauth_clients.h"
#include "server/cli/server_setup.h"
#include "server/db/connection.h"
#include "server/http/http_server.h"
#include "server/http/test_routes.h"
#include "server/module.h"

#include <QThread>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

int defaultWorkerThreads(const DatabaseConfig &database)
{
    // Generous: a worker waiting on a lock (SQLite busy timeout, a PostgreSQL
    // row lock) must not leave other clients without one.
    int threads = std::clamp(QThread::idealThreadCount() * 4, 16, 32);
    if (database.dialect == Dialect::PostgreSql && database.connectionLimit > 0)
        threads = database.connectionLimit;
    return threads;
}

} // namespace

ServerRuntime::~ServerRuntime()
{
    stop();
}

Result<std::unique_ptr<ServerRuntime>> ServerRuntime::prepare(const Config &config)
{
    std::unique_ptr<ServerRuntime> runtime(new ServerRuntime);
    auto database = resolveDatabase(config.databaseUrl, config.dataDir);
    if (!database)
        return std::unexpected(database.error());
    auto migrated = migrateDatabase(*database, u"creditdesk-startup"_s);
    if (!migrated)
        return std::unexpected(migrated.error());
    auto keys = auth::loadOrCreateSigningKeys(config.dataDir);
    if (!keys)
        return std::unexpected(keys.error());
    runtime->m_keys = std::make_unique<auth::SigningKeys>(std::move(*keys));
    runtime->m_schemaVersion = *migrated;

    const Clock *clock = config.clock;
    if (!clock) {
        runtime->m_systemClock = std::make_unique<SystemClock>();
        clock = runtime->m_systemClock.get();
    }
    ServerEnvironment &env = runtime->m_env;
    env.database = *database;
    env.dataDir = config.dataDir;
    env.extensionsEnabled = config.extensions;
    env.rateLimitsEnabled = config.rateLimits;
    env.clock = clock;
    env.certificateKey = &runtime->m_keys->certificateKey;
    env.tokenKey = &runtime->m_keys->tokenKey;
    env.startedAtMs = clock->nowMs();
    env.version = config.version;
    {
        auto connection = Connection::open(env.database, u"creditdesk-seed"_s);
        if (!connection)
            return std::unexpected(connection.error());
        if (auto seeded = auth::ensureDesktopClient(*connection, env); !seeded)
            return std::unexpected(seeded.error());
    }
    if (config.rateLimits)
        runtime->m_limiter = std::make_unique<RateLimiter>(serverRateLimitTable());
    runtime->m_threads = config.workerThreads > 0 ? config.workerThreads : defaultWorkerThreads(env.database);
    runtime->m_testRoutes = config.testRoutes;
    runtime->m_http = std::make_unique<HttpServer>(runtime->m_router, runtime->m_env,
                                                   runtime->m_limiter.get(), runtime->m_threads);
    return runtime;
}

Result<quint16> ServerRuntime::listen(const QHostAddress &address, quint16 port)
{
    if (!m_http)
        return fail("listen_failed"_L1, u"the server was stopped"_s);
    const quint16 bound = m_http->listen(address, port);
    if (bound == 0)
        return fail("listen_failed"_L1, u"cannot listen on %1:%2"_s.arg(address.toString()).arg(port));
    return bound;
}

void ServerRuntime::publish(const QUrl &publicBaseUrl)
{
    m_env.publicBaseUrl = publicBaseUrl;
    recordPublicUrl(m_env.dataDir, publicBaseUrl.toString());
    // Routes read the finished environment; nothing is served before the event loop runs.
    registerAuthModule(m_router, m_env);
    registerLicenseModule(m_router, m_env);
    registerCouponModule(m_router, m_env);
    registerBillingModule(m_router, m_env);
    if (m_testRoutes)
        addTestRoutes(m_router, m_env);
}

void ServerRuntime::stop()
{
    if (!m_http)
        return;
    m_http->waitForWorkers();
    m_http.reset();
}

} // namespace creditdesk::server
