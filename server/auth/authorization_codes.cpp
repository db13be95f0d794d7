#include "server/auth/authorization_codes.h"

#include "server/auth/auth_errors.h"
#include "server/auth/auth_log.h"
#include "server/auth/oauth_util.h"
#include "server/db/connection.h"
#include "server/db/sql_values.h"
#include "server/db/transaction.h"
#include "server/server_environment.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace creditdesk::server::auth {

Result<QString> createAuthorizationCode(const Connection &db, const CodeRequest &request, std::int64_t nowMs)
{
    auto code = newOpaqueSecret();
    if (!code)
        return code;
    const QVariant nullText(QMetaType::fromType<QString>());
    auto inserted = execStatement(
        db.database(),
        u"INSERT INTO oauth_authorization_codes (id, code_hash, client_id, user_id, redirect_uri, scope, resource, "
        "nonce, code_challenge, code_challenge_method, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'S256', ?, ?)"_s,
        {sqlv::uuid(db, sqlv::newUuid()), secretHash(*code), sqlv::uuid(db, request.clientRowId),
         sqlv::uuid(db, request.userId), request.redirectUri, request.scope,
         request.resource.isEmpty() ? nullText : QVariant(request.resource),
         request.nonce.isEmpty() ? nullText : QVariant(request.nonce), request.codeChallenge,
         sqlv::timestamp(db, nowMs), sqlv::timestamp(db, nowMs + kAuthorizationCodeMs)});
    if (!inserted)
        return std::unexpected(inserted.error());
    return code;
}

Result<TokenSet> exchangeAuthorizationCode(Connection &db, const ServerEnvironment &env, const CodeExchange &exchange,
                                           std::int64_t nowMs)
{
    if (exchange.code.isEmpty())
        return fail(autherr::invalidRequest, u"code is required"_s);
    if (exchange.codeVerifier.isEmpty())
        return fail(autherr::invalidRequest, u"code_verifier is required (PKCE)"_s);
    if (!exchange.resource.isEmpty() && exchange.resource != env.apiAudience)
        return fail(autherr::invalidTarget, u"unknown resource"_s);

    auto tx = Transaction::begin(db);
    if (!tx)
        return std::unexpected(tx.error());
    QSqlQuery query(db.database());
    query.prepare(u"SELECT ac.id, ac.client_id, c.client_id, ac.user_id, ac.grant_id, ac.redirect_uri, ac.scope, "
                  "ac.resource, ac.nonce, ac.code_challenge, ac.expires_at, ac.consumed_at, u.email, "
                  "u.email_verified FROM oauth_authorization_codes ac "
                  "JOIN oauth_clients c ON c.id = ac.client_id JOIN users u ON u.id = ac.user_id "
                  "WHERE ac.code_hash = ?"_s
                  + (db.dialect() == Dialect::PostgreSql ? u" FOR UPDATE OF ac"_s : QString()));
    query.addBindValue(secretHash(exchange.code));
    if (!query.exec())
        return std::unexpected(queryError(query, u"find authorization code"_s));
    if (!query.next())
        return fail(autherr::invalidGrant, u"unknown authorization code"_s);
    const QString codeId = sqlv::readUuid(query.value(0));
    const QString clientRowId = sqlv::readUuid(query.value(1));
    GrantSubject subject;
    subject.clientId = query.value(2).toString();
    subject.userId = sqlv::readUuid(query.value(3));
    const QString previousGrant = sqlv::readUuid(query.value(4));
    const QString redirectUri = query.value(5).toString();
    subject.scope = query.value(6).toString();
    const QString resource = query.value(7).toString();
    const QString nonce = query.value(8).toString();
    const QString challenge = query.value(9).toString();
    auto expiresAt = sqlv::readTimestamp(db, query.value(10));
    auto consumedAt = sqlv::readOptionalTimestamp(db, query.value(11));
    auto verified = sqlv::readBoolean(db, query.value(13));
    if (!expiresAt || !consumedAt || !verified)
        return fail("database_error"_L1, u"unreadable authorization code row"_s);
    subject.email = query.value(12).toString();
    subject.emailVerified = *verified;
    query.finish();

    if (consumedAt->has_value()) {
        // A replayed code: whoever redeemed it first may be an attacker; end that sign-in.
        if (!previousGrant.isEmpty()) {
            if (auto revoked = revokeGrant(db, previousGrant, u"code_reuse"_s, nowMs); !revoked)
                return std::unexpected(revoked.error());
            if (auto committed = tx->commit(); !committed)
                return std::unexpected(committed.error());
        }
        return fail(autherr::invalidGrant, u"the authorization code was already used"_s);
    }
    if (*expiresAt <= nowMs)
        return fail(autherr::invalidGrant, u"the authorization code has expired"_s);
    if (subject.clientId != exchange.clientId)
        return fail(autherr::invalidGrant, u"the authorization code was issued to another client"_s);
    if (redirectUri != exchange.redirectUri)
        return fail(autherr::invalidGrant, u"redirect_uri does not match the authorization request"_s);
    if (!pkceMatches(exchange.codeVerifier, challenge))
        return fail(autherr::invalidGrant, u"code_verifier does not match the code_challenge"_s);

    auto grantId = createGrant(db, subject.userId, clientRowId, subject.scope, resource, nowMs);
    if (!grantId)
        return std::unexpected(grantId.error());
    subject.grantId = *grantId;
    if (auto consumed = execStatement(db.database(),
                                      u"UPDATE oauth_authorization_codes SET consumed_at = ?, grant_id = ? WHERE id = ?"_s,
                                      {sqlv::timestamp(db, nowMs), sqlv::uuid(db, subject.grantId),
                                       sqlv::uuid(db, codeId)});
        !consumed)
        return std::unexpected(consumed.error());
    auto tokens = issueTokens(db, env, subject, QString(), nonce, nowMs);
    if (!tokens)
        return tokens;
    if (auto committed = tx->commit(); !committed)
        return std::unexpected(committed.error());
    qCInfo(lcServerAuth).noquote() << "sign-in: grant" << subject.grantId << "for user" << subject.userId;
    return tokens;
}

} // namespace creditdesk::server::auth
