#include "server/auth/token_service.h"

#include "core/crypto/jwt.h"
#include "core/crypto/primitives.h"
#include "core/crypto/rsa_key.h"
#include "server/auth/auth_errors.h"
#include "server/auth/auth_log.h"
#include "server/db/connection.h"
#include "server/db/sql_values.h"
#include "server/db/transaction.h"
#include "server/server_environment.h"

#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace creditdesk::server::auth {

namespace {

Result<QString> signClaims(const ServerEnvironment &env, const QJsonObject &claims)
{
    if (!env.tokenKey || env.tokenKey->isNull())
        return fail(autherr::signingKeyUnavailable, u"no token signing key"_s);
    return crypto::signJwt(claims, *env.tokenKey);
}

Result<QString> mintAccessToken(const ServerEnvironment &env, const GrantSubject &subject, std::int64_t nowMs)
{
    const qint64 iat = nowMs / 1000;
    QJsonObject claims{
        {u"iss"_s, issuerOf(env)},
        {u"sub"_s, subject.userId},
        {u"aud"_s, env.apiAudience},
        {u"client_id"_s, subject.clientId},
        {u"scope"_s, subject.scope},
        {u"iat"_s, iat},
        {u"exp"_s, iat + kAccessTokenSeconds},
        {u"jti"_s, sqlv::newUuid()},
        // OIDC session id: the grant, checked per request so revocation is immediate.
        {u"sid"_s, subject.grantId},
    };
    if (!subject.email.isEmpty())
        claims.insert(u"email"_s, subject.email);
    return signClaims(env, claims);
}

Result<QString> mintIdToken(const ServerEnvironment &env, const GrantSubject &subject, const QString &nonce,
                            std::int64_t nowMs)
{
    const qint64 iat = nowMs / 1000;
    QJsonObject claims{
        {u"iss"_s, issuerOf(env)},   {u"sub"_s, subject.userId},
        {u"aud"_s, subject.clientId}, {u"iat"_s, iat},
        {u"exp"_s, iat + kAccessTokenSeconds},
        {u"sid"_s, subject.grantId},
    };
    if (!nonce.isEmpty())
        claims.insert(u"nonce"_s, nonce);
    if (subject.scope.split(u' ').contains(u"email"_s)) {
        claims.insert(u"email"_s, subject.email);
        claims.insert(u"email_verified"_s, subject.emailVerified);
    }
    return signClaims(env, claims);
}

bool isSubset(const QString &requested, const QString &granted)
{
    const QStringList grantedList = granted.split(u' ', Qt::SkipEmptyParts);
    for (const QString &scope : requested.split(u' ', Qt::SkipEmptyParts)) {
        if (!grantedList.contains(scope))
            return false;
    }
    return true;
}

// PostgreSQL locks only the token and grant rows (not the shared client row).
QString lockTokenAndGrant(const Connection &db)
{
    return db.dialect() == Dialect::PostgreSql ? u" FOR UPDATE OF rt, g"_s : QString();
}

} // namespace

QString issuerOf(const ServerEnvironment &env)
{
    QString issuer = env.publicBaseUrl.toString(QUrl::FullyEncoded);
    while (issuer.endsWith(u'/'))
        issuer.chop(1);
    return issuer;
}

QJsonObject TokenSet::toJson() const
{
    QJsonObject json{{u"access_token"_s, accessToken},
                     {u"token_type"_s, u"Bearer"_s},
                     {u"expires_in"_s, static_cast<qint64>(expiresIn)},
                     {u"scope"_s, scope}};
    if (!refreshToken.isEmpty())
        json.insert(u"refresh_token"_s, refreshToken);
    if (!idToken.isEmpty())
        json.insert(u"id_token"_s, idToken);
    return json;
}

Result<QString> newOpaqueSecret()
{
    auto bytes = crypto::randomBytes(32);
    if (!bytes)
        return std::unexpected(bytes.error());
    return crypto::base64UrlEncode(*bytes);
}

QString secretHash(const QString &secret)
{
    return crypto::sha256Hex(secret.toUtf8());
}

Result<QString> createGrant(const Connection &db, const QString &userId, const QString &clientRowId,
                            const QString &scope, const QString &resource, std::int64_t nowMs)
{
    const QString grantId = sqlv::newUuid();
    auto inserted = execStatement(db.database(),
                                  u"INSERT INTO oauth_grants (id, user_id, client_id, scope, resource, created_at, "
                                  "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)"_s,
                                  {sqlv::uuid(db, grantId), sqlv::uuid(db, userId), sqlv::uuid(db, clientRowId), scope,
                                   resource.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(resource),
                                   sqlv::timestamp(db, nowMs), sqlv::timestamp(db, nowMs + kRefreshTokenMs)});
    if (!inserted)
        return std::unexpected(inserted.error());
    return grantId;
}

Result<TokenSet> issueTokens(const Connection &db, const ServerEnvironment &env, const GrantSubject &subject,
                             const QString &parentRefreshId, const QString &nonce, std::int64_t nowMs)
{
    TokenSet tokens;
    tokens.scope = subject.scope;
    auto refresh = newOpaqueSecret();
    if (!refresh)
        return std::unexpected(refresh.error());
    tokens.refreshToken = *refresh;
    auto inserted = execStatement(db.database(),
                                  u"INSERT INTO oauth_refresh_tokens (id, grant_id, token_hash, parent_id, scope, "
                                  "issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)"_s,
                                  {sqlv::uuid(db, sqlv::newUuid()), sqlv::uuid(db, subject.grantId),
                                   secretHash(tokens.refreshToken), sqlv::uuid(db, parentRefreshId), subject.scope,
                                   sqlv::timestamp(db, nowMs), sqlv::timestamp(db, nowMs + kRefreshTokenMs)});
    if (!inserted)
        return std::unexpected(inserted.error());
    auto access = mintAccessToken(env, subject, nowMs);
    if (!access)
        return std::unexpected(access.error());
    tokens.accessToken = *access;
    if (subject.scope.split(u' ').contains(u"openid"_s)) {
        auto idToken = mintIdToken(env, subject, nonce, nowMs);
        if (!idToken)
            return std::unexpected(idToken.error());
        tokens.idToken = *idToken;
    }
    return tokens;
}

Result<void> revokeGrant(const Connection &db, const QString &grantId, const QString &reason, std::int64_t nowMs)
{
    auto grant = execStatement(db.database(),
                               u"UPDATE oauth_grants SET revoked_at = ?, revoked_reason = ? "
                               "WHERE id = ? AND revoked_at IS NULL"_s,
                               {sqlv::timestamp(db, nowMs), reason, sqlv::uuid(db, grantId)});
    if (!grant)
        return grant;
    qCInfo(lcServerAuth).noquote() << "grant" << grantId << "revoked:" << reason;
    return execStatement(db.database(),
                         u"UPDATE oauth_refresh_tokens SET revoked_at = ? WHERE grant_id = ? AND revoked_at IS NULL"_s,
                         {sqlv::timestamp(db, nowMs), sqlv::uuid(db, grantId)});
}

Result<TokenSet> refreshTokens(Connection &db, const ServerEnvironment &env, const QString &refreshToken,
                               const QString &clientId, const QString &requestedScope, const QString &resource,
                               std::int64_t nowMs)
{
    if (!resource.isEmpty() && resource != env.apiAudience)
        return fail(autherr::invalidTarget, u"unknown resource"_s);
    auto tx = Transaction::begin(db);
    if (!tx)
        return std::unexpected(tx.error());
    QSqlQuery query(db.database());
    query.prepare(u"SELECT rt.id, rt.grant_id, rt.scope, rt.expires_at, rt.consumed_at, rt.revoked_at, "
                  "g.revoked_at, g.expires_at, g.user_id, c.client_id, u.email, u.email_verified "
                  "FROM oauth_refresh_tokens rt JOIN oauth_grants g ON g.id = rt.grant_id "
                  "JOIN oauth_clients c ON c.id = g.client_id JOIN users u ON u.id = g.user_id "
                  "WHERE rt.token_hash = ?"_s
                  + lockTokenAndGrant(db));
    query.addBindValue(secretHash(refreshToken));
    if (!query.exec())
        return std::unexpected(queryError(query, u"find refresh token"_s));
    if (!query.next())
        return fail(autherr::invalidGrant, u"unknown refresh token"_s);
    const QString tokenId = sqlv::readUuid(query.value(0));
    GrantSubject subject;
    subject.grantId = sqlv::readUuid(query.value(1));
    subject.scope = query.value(2).toString();
    auto expiresAt = sqlv::readTimestamp(db, query.value(3));
    auto consumedAt = sqlv::readOptionalTimestamp(db, query.value(4));
    auto revokedAt = sqlv::readOptionalTimestamp(db, query.value(5));
    auto grantRevokedAt = sqlv::readOptionalTimestamp(db, query.value(6));
    auto grantExpiresAt = sqlv::readTimestamp(db, query.value(7));
    auto verified = sqlv::readBoolean(db, query.value(11));
    if (!expiresAt || !consumedAt || !revokedAt || !grantRevokedAt || !grantExpiresAt || !verified)
        return fail("database_error"_L1, u"unreadable refresh token row"_s);
    subject.userId = sqlv::readUuid(query.value(8));
    subject.clientId = query.value(9).toString();
    subject.email = query.value(10).toString();
    subject.emailVerified = *verified;
    query.finish();

    if (subject.clientId != clientId)
        return fail(autherr::invalidGrant, u"the refresh token was issued to another client"_s);
    if (consumedAt->has_value()) {
        // Reuse of a rotated token: someone else may hold the family. End it.
        if (!grantRevokedAt->has_value()) {
            if (auto revoked = revokeGrant(db, subject.grantId, u"refresh_token_reuse"_s, nowMs); !revoked)
                return std::unexpected(revoked.error());
            if (auto committed = tx->commit(); !committed)
                return std::unexpected(committed.error());
        }
        return fail(autherr::invalidGrant, u"the refresh token was already used; the sign-in is revoked"_s);
    }
    if (revokedAt->has_value() || grantRevokedAt->has_value())
        return fail(autherr::invalidGrant, u"the refresh token was revoked"_s);
    if (*expiresAt <= nowMs || *grantExpiresAt <= nowMs)
        return fail(autherr::invalidGrant, u"the refresh token has expired"_s);
    if (!requestedScope.isEmpty()) {
        if (!isSubset(requestedScope, subject.scope))
            return fail(autherr::invalidScope, u"the requested scope exceeds the grant"_s);
        subject.scope = requestedScope.split(u' ', Qt::SkipEmptyParts).join(u' ');
    }

    if (auto consumed = execStatement(db.database(),
                                      u"UPDATE oauth_refresh_tokens SET consumed_at = ? WHERE id = ?"_s,
                                      {sqlv::timestamp(db, nowMs), sqlv::uuid(db, tokenId)});
        !consumed)
        return std::unexpected(consumed.error());
    // Sliding grant: the family lives as long as its newest refresh token.
    if (auto extended = execStatement(db.database(), u"UPDATE oauth_grants SET expires_at = ? WHERE id = ?"_s,
                                      {sqlv::timestamp(db, nowMs + kRefreshTokenMs), sqlv::uuid(db, subject.grantId)});
        !extended)
        return std::unexpected(extended.error());
    auto tokens = issueTokens(db, env, subject, tokenId, QString(), nowMs);
    if (!tokens)
        return tokens;
    if (auto committed = tx->commit(); !committed)
        return std::unexpected(committed.error());
    return tokens;
}

Result<bool> revokeToken(Connection &db, const ServerEnvironment &env, const QString &token, const QString &clientId,
                         std::int64_t nowMs)
{
    if (token.isEmpty() || token.size() > 4096)
        return false;
    QSqlQuery query(db.database());
    query.prepare(u"SELECT rt.grant_id, c.client_id FROM oauth_refresh_tokens rt "
                  "JOIN oauth_grants g ON g.id = rt.grant_id JOIN oauth_clients c ON c.id = g.client_id "
                  "WHERE rt.token_hash = ?"_s);
    query.addBindValue(secretHash(token));
    if (!query.exec())
        return std::unexpected(queryError(query, u"find refresh token"_s));
    QString grantId;
    if (query.next()) {
        if (!clientId.isEmpty() && query.value(1).toString() != clientId)
            return false; // RFC 7009 §2.1: not this client's token
        grantId = sqlv::readUuid(query.value(0));
    } else if (env.tokenKey) {
        const crypto::JwtExpectations expect{issuerOf(env), env.apiAudience, nowMs, 60};
        auto claims = crypto::verifyJwt(token, env.tokenKey->publicKey(), expect);
        if (!claims)
            return false;
        grantId = claims->value(u"sid"_s).toString();
        if (QUuid::fromString(grantId).isNull())
            return false;
    }
    query.finish();
    if (grantId.isEmpty())
        return false;
    if (auto revoked = revokeGrant(db, grantId, u"sign_out"_s, nowMs); !revoked)
        return std::unexpected(revoked.error());
    return true;
}

} // namespace creditdesk::server::auth
