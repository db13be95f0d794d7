#pragma once

#include "core/domain/clock.h"
#include "server/db/database_url.h"

#include <QString>
#include <QUrl>

#include <cstdint>

namespace creditdesk::crypto {
class Ed25519PrivateKey;
class RsaPrivateKey;
} // namespace creditdesk::crypto

namespace creditdesk::server {

// Start-up configuration and long-lived collaborators shared by every route
// module. Read-only after start; everything in it is safe to use from worker
// threads. Services are cheap objects made per request from this and the
// worker thread's Connection.
struct ServerEnvironment {
    DatabaseConfig database;
    QString dataDir;     // signing keys live here
    QUrl publicBaseUrl;  // issuer and API origin, e.g. http://127.0.0.1:7150
    QString apiAudience = QStringLiteral("https://api.textassistant.local");
    QString oauthClientId = QStringLiteral("desktop-app-test");
    bool extensionsEnabled = true; // --extensions off → false
    bool rateLimitsEnabled = true; // --rate-limits off → false
    const Clock *clock = nullptr;  // SystemClock in production, ManualClock in tests
    const crypto::Ed25519PrivateKey *certificateKey = nullptr; // activation certificates
    const crypto::RsaPrivateKey *tokenKey = nullptr;           // RS256 access tokens
    std::int64_t startedAtMs = 0;  // for /health uptime
    QString version;               // creditdesk-server version (health, X-CreditDesk-Server)
};

} // namespace creditdesk::server
