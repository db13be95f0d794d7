#pragma once

#include "core/crypto/ed25519.h"
#include "core/domain/clock.h"
#include "server/db/connection.h"
#include "server/licenses/license_service.h"
#include "server/server_environment.h"
#include "tests/integration/server/schema_test_support.h"
#include "tests/support/test_support.h"

#include <QString>

#include <memory>
#include <optional>

namespace creditdesk::server::test {

// A migrated database of one dialect with the collaborators a license
// service needs: a ManualClock (2026-03-01T12:00:00Z), a fresh Ed25519
// certificate key and an environment with the extensions on.
class LicenseWorld {
public:
    [[nodiscard]] static Result<std::unique_ptr<LicenseWorld>> create(Dialect dialect);

    [[nodiscard]] Connection &db() { return *m_connection; }
    [[nodiscard]] ServerEnvironment &env() { return m_env; }
    [[nodiscard]] ManualClock &clock() { return m_clock; }
    [[nodiscard]] const crypto::Ed25519PrivateKey &key() const { return m_key; }
    [[nodiscard]] const TestDatabase &database() const { return *m_database; }
    [[nodiscard]] LicenseService service() { return LicenseService(m_env, *m_connection); }

    // A users row; returns its id.
    [[nodiscard]] Result<QString> addUser(const QString &email);
    // A pending license of `userId` bought through the service.
    [[nodiscard]] Result<LicenseRecord> addLicense(const QString &userId, int maxActivations = 3);
    [[nodiscard]] Result<void> addRelease(const QString &version, std::int64_t releasedAtMs);
    // Runs one statement (test set-up only: expires_at and the like).
    [[nodiscard]] Result<void> exec(const QString &sql, const QVariantList &values);
    [[nodiscard]] Result<qint64> scalar(const QString &sql, const QVariantList &values = {});

private:
    LicenseWorld() = default;

    std::unique_ptr<TestDatabase> m_database;
    std::optional<Connection> m_connection;
    ManualClock m_clock;
    crypto::Ed25519PrivateKey m_key;
    ServerEnvironment m_env;
};

// A valid fingerprint: lower-case hex SHA-256 of "device-<n>".
[[nodiscard]] QString fingerprint(int n);
[[nodiscard]] DeviceInfo device(int n, const QString &name = {});
[[nodiscard]] Principal userPrincipal(const QString &userId);

} // namespace creditdesk::server::test
