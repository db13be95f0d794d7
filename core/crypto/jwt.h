#pragma once

#include "core/crypto/rsa_key.h"
#include "core/domain/error.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringView>

#include <cstdint>

namespace creditdesk::crypto {

// What an RS256 access token must satisfy (api-contract §2).
struct JwtExpectations {
    QString issuer;   // `iss` must equal it
    QString audience; // `aud` must equal it or, as an array, contain it
    std::int64_t nowMs = 0;
    int leewaySeconds = 60; // clock skew tolerated on exp and nbf
};

// Compact RS256 JWT with header {"alg":"RS256","typ":"JWT","kid":<key id>}.
[[nodiscard]] Result<QString> signJwt(const QJsonObject &claims, const RsaPrivateKey &key);

// Checks, in order: shape (jwt_malformed), alg exactly RS256
// (jwt_unsupported_alg: none, HS256, …), kid among `keys` (jwt_unknown_key),
// signature (jwt_bad_signature), exp (required, jwt_expired), nbf
// (jwt_not_yet_valid), iss (jwt_wrong_issuer), aud (jwt_wrong_audience).
// Returns the claims.
[[nodiscard]] Result<QJsonObject> verifyJwt(QStringView token, const QList<RsaPublicKey> &keys,
                                            const JwtExpectations &expect);
[[nodiscard]] Result<QJsonObject> verifyJwt(QStringView token, const RsaPublicKey &key,
                                            const JwtExpectations &expect);
// As above with the keys of a JWK set ({keys:[…]}); jwk_invalid if it is unusable.
[[nodiscard]] Result<QJsonObject> verifyJwtWithJwks(QStringView token, const QJsonObject &jwks,
                                                    const JwtExpectations &expect);

// The claims without any check but shape (jwt_malformed). For the app, which
// only reads `exp` of its own access token; never trust it for authorization.
[[nodiscard]] Result<QJsonObject> decodeJwtClaimsUnverified(QStringView token);

} // namespace creditdesk::crypto
