#pragma once

#include "core/domain/error.h"

#include <QLatin1StringView>
#include <QString>
#include <QStringView>

namespace creditdesk::api::signin {

// RFC 7636 proof key: a verifier of 32 CSPRNG bytes (OpenSSL RAND) in
// base64url (43 characters) and its S256 challenge.
struct Pkce {
    static constexpr QLatin1StringView kMethod{"S256"};

    QString verifier;
    QString challenge;

    [[nodiscard]] static Result<Pkce> generate();
    // base64url(SHA-256(ASCII(verifier))), RFC 7636 §4.2.
    [[nodiscard]] static QString challengeFor(QStringView verifier);
};

// `bytes` CSPRNG bytes in base64url, for `state` and the like.
[[nodiscard]] Result<QString> randomUrlSafeToken(qsizetype bytes = 32);

} // namespace creditdesk::api::signin
