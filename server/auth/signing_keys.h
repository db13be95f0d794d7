#pragma once

#include "core/crypto/ed25519.h"
#include "core/crypto/rsa_key.h"
#include "core/domain/error.h"

#include <QString>

namespace creditdesk::server::auth {

// The server's two private keys, kept as PEM files (0600) in the data dir:
// the Ed25519 activation-certificate key and the RSA key that signs access
// tokens. Generated on first start; the server and `admin` may start at the
// same time, so generation holds a lock file and re-reads what is on disk.
struct SigningKeys {
    crypto::Ed25519PrivateKey certificateKey;
    crypto::RsaPrivateKey tokenKey;
};

inline constexpr auto kCertificateKeyFile = "certificate-ed25519.pem";
inline constexpr auto kTokenKeyFile = "token-rsa.pem";

// `signing_key_unavailable` when the dir cannot be created or a key file is
// unreadable or corrupt (never silently replaced).
[[nodiscard]] Result<SigningKeys> loadOrCreateSigningKeys(const QString &dataDir);

} // namespace creditdesk::server::auth
