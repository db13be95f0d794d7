#pragma once

#include "core/domain/error.h"
#include "server/licenses/license_types.h"

#include <QJsonObject>
#include <QString>

#include <cstdint>

namespace creditdesk::server {

struct ServerEnvironment;

// Activation certificates (api-contract §10.1) signed with the server's
// Ed25519 key; issued only while the extensions are on.
namespace liccert {

// True when activate/replace responses carry a certificate.
[[nodiscard]] bool enabled(const ServerEnvironment &env);

// {payload, signature, key_id} for one seat: tier "perpetual", issued now,
// valid 30 days. `certificate_unavailable` without a signing key.
[[nodiscard]] Result<QJsonObject> issue(const ServerEnvironment &env, const LicenseRecord &license,
                                        const QString &fingerprint, std::int64_t nowMs);

// {keys:[{key_id, algorithm:"Ed25519", public_key}]}, current key first.
[[nodiscard]] QJsonObject publicKeys(const ServerEnvironment &env);

} // namespace liccert

} // namespace creditdesk::server
