#pragma once

#include "core/domain/error.h"

#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <cstdint>
#include <memory>

namespace creditdesk::server {

class ServerRuntime;

// The real creditdesk-server running inside this process on 127.0.0.1 (a free
// port) over a SQLite file in a directory the caller owns: the desktop app's
// `--demo` and the GUI tests. Requests are served on worker threads; the
// listening socket lives on the thread that started it, whose event loop must run.
class EmbeddedServer {
public:
    struct Options {
        QString dataDir; // required: the database, signing keys (e.g. a QTemporaryDir)
        QString
            databaseUrl; // empty: sqlite://<dataDir>/creditdesk-server.db (never $CREDITDESK_DATABASE_URL)
        bool rateLimits = false;
    };

    // What `admin seed-demo` made: the demo user's tokens (in memory only) and
    // the rest of its JSON (license_key, coupons_to_try, …).
    struct DemoAccount {
        QString email;
        QString accessToken;
        QString refreshToken;
        qint64 expiresInSeconds = 0;
        QJsonObject seed;
        // {"access_token","refresh_token","token_type","expires_in"}: the
        // issue-token JSON AppSession::signInWithToken takes.
        [[nodiscard]] QString tokenJson() const;
    };

    [[nodiscard]] static Result<std::unique_ptr<EmbeddedServer>> start(const Options &options);
    ~EmbeddedServer();
    EmbeddedServer(const EmbeddedServer &) = delete;
    EmbeddedServer &operator=(const EmbeddedServer &) = delete;

    // http://127.0.0.1:PORT
    [[nodiscard]] const QUrl &url() const { return m_url; }
    [[nodiscard]] bool isRunning() const;

    // `admin seed-demo --email E --rows N` (a second call: a fresh session for the same user).
    [[nodiscard]] Result<DemoAccount> seedDemo(const QString &email = QStringLiteral("demo@creditdesk.local"),
                                               int usageRows = 5000);
    // Usage rows are listed once this old (UsageQueryService): a sync right
    // after seedDemo() gets the account without its fresh usage.
    [[nodiscard]] static std::int64_t usageVisibilityDelayMs();
    // Closes the port (clients get "connection refused"); the data stays.
    void stop();

private:
    EmbeddedServer() = default;

    std::unique_ptr<ServerRuntime> m_runtime;
    QUrl m_url;
};

} // namespace creditdesk::server
