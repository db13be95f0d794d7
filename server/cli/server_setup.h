#pragma once

#include "core/domain/error.h"
#include "server/auth/signing_keys.h"
#include "server/db/database_url.h"

#include <QString>

namespace creditdesk::server {

// What the server and `admin` share at start: where the data lives, the
// schema brought up to date, and the signing keys.

// QStandardPaths::AppDataLocation ("~/.local/share/creditdesk-server").
[[nodiscard]] QString defaultDataDir();

// `url`, else $CREDITDESK_DATABASE_URL, else sqlite://<dataDir>/creditdesk-server.db.
[[nodiscard]] Result<DatabaseConfig> resolveDatabase(const QString &url, const QString &dataDir);

// Opens a short-lived connection and applies pending migrations.
[[nodiscard]] Result<int> migrateDatabase(const DatabaseConfig &config, const QString &connectionName);

// The server records its public URL (the token issuer) in the data dir so
// `admin issue-token` mints tokens it accepts; "" when none was recorded.
void recordPublicUrl(const QString &dataDir, const QString &publicUrl);
[[nodiscard]] QString recordedPublicUrl(const QString &dataDir);

} // namespace creditdesk::server
