#include "core/api/signin/pkce.h"

#include "core/crypto/primitives.h"

namespace creditdesk::api::signin {

Result<QString> randomUrlSafeToken(qsizetype bytes)
{
    auto random = crypto::randomBytes(bytes);
    if (!random)
        return std::unexpected(random.error());
    return crypto::base64UrlEncode(*random);
}

Result<Pkce> Pkce::generate()
{
    auto verifier = randomUrlSafeToken(32);
    if (!verifier)
        return std::unexpected(verifier.error());
    Pkce pkce;
    pkce.verifier = *verifier;
    pkce.challenge = challengeFor(pkce.verifier);
    return pkce;
}

QString Pkce::challengeFor(QStringView verifier)
{
    return crypto::base64UrlEncode(crypto::sha256(verifier.toLatin1()));
}

} // namespace creditdesk::api::signin
