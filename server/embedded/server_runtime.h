#pragma once

#include "core/domain/error.h"
#include "server/auth/signing_keys.h"
#include "server/http/rate_limiter.h"
#include "server/http/router.h"
#include "server/server_environment.h"

#include <QHostAddress>
#include <QString>
#include <QUrl>

#include <memory>

namespace creditdesk::server {

class HttpServer;

// The wiring of one running creditdesk-server, shared by `serve` and the
// desktop app's EmbeddedServer: the database resolved and migrated, the
// signing keys, the desktop OAuth client, the environment, the router with
// every module and the HttpServer.
class ServerRuntime {
public:
    struct Config {
        QString databaseUrl; // empty: resolveDatabase's fallbacks ($CREDITDESK_DATABASE_URL, then SQLite in
                             // dataDir)
        QString dataDir;     // signing keys, the recorded public URL, the default SQLite file
        bool extensions = true;
        bool rateLimits = true;
        bool testRoutes = false;
        int workerThreads = 0; // 0: a default for the dialect
        QString version;
        const Clock *clock = nullptr; // null: a SystemClock
    };

    // Migrates, loads or creates the keys and the desktop client, makes the
    // HttpServer (not yet listening). Errors: invalid_arguments, db errors.
    [[nodiscard]] static Result<std::unique_ptr<ServerRuntime>> prepare(const Config &config);
    ~ServerRuntime();
    ServerRuntime(const ServerRuntime &) = delete;
    ServerRuntime &operator=(const ServerRuntime &) = delete;

    // For TLS setup before listen().
    [[nodiscard]] HttpServer &http() const { return *m_http; }
    [[nodiscard]] const ServerEnvironment &environment() const { return m_env; }
    [[nodiscard]] int schemaVersion() const { return m_schemaVersion; }
    [[nodiscard]] int workerThreads() const { return m_threads; }

    // The bound port; listen_failed when the address is taken.
    [[nodiscard]] Result<quint16> listen(const QHostAddress &address, quint16 port);
    // Sets the public URL (the token issuer), records it in the data dir and
    // registers the routes. Call once, after listen() and before serving.
    void publish(const QUrl &publicBaseUrl);
    // Stops accepting connections and waits for running requests; the
    // database and keys stay usable (e.g. for admin commands).
    void stop();
    [[nodiscard]] bool isListening() const { return m_http != nullptr; }

private:
    ServerRuntime() = default;

    std::unique_ptr<SystemClock> m_systemClock;
    std::unique_ptr<auth::SigningKeys> m_keys;
    ServerEnvironment m_env;
    Router m_router;
    std::unique_ptr<RateLimiter> m_limiter;
    std::unique_ptr<HttpServer> m_http;
    bool m_testRoutes = false;
    int m_schemaVersion = 0;
    int m_threads = 0;
};

} // namespace creditdesk::server
