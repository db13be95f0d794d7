// The auth module's `creditdesk-server admin` commands.
#include "server/auth/auth_admin_p.h"

#include "core/crypto/ed25519.h"
#include "server/auth/auth_errors.h"
#include "server/auth/auth_users.h"
#include "server/auth/oauth_clients.h"
#include "server/auth/token_service.h"
#include "server/cli/admin_commands.h"
#include "server/db/transaction.h"
#include "server/server_environment.h"

#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace creditdesk::server::auth {

namespace {

Result<AuthUser> requireUser(AdminContext &context)
{
    auto email = context.required(u"email"_s);
    if (!email)
        return std::unexpected(email.error());
    auto user = findUserByEmail(context.db, *email);
    if (!user)
        return std::unexpected(user.error());
    if (!*user)
        return fail(autherr::notFound, u"no user with the email %1"_s.arg(normalizeEmail(*email)));
    return **user;
}

Result<QJsonObject> createUserCommand(AdminContext &context)
{
    auto email = context.required(u"email"_s);
    if (!email)
        return std::unexpected(email.error());
    QString password = QString::fromUtf8(context.standardInput);
    while (password.endsWith(u'\n') || password.endsWith(u'\r'))
        password.chop(1);
    auto user = createUser(context.db, *email, password, context.env.clock->nowMs());
    if (!user)
        return std::unexpected(user.error());
    return QJsonObject{{u"id"_s, user->id}, {u"email"_s, user->email}};
}

// Like a completed sign-in on the desktop client: a grant, a refresh token and an access token.
Result<QJsonObject> issueTokenCommand(AdminContext &context)
{
    auto user = requireUser(context);
    if (!user)
        return std::unexpected(user.error());
    const QString scope = context.optional(u"scope"_s, desktopClientScopes().join(u' ')).simplified();
    if (auto seeded = ensureDesktopClient(context.db, context.env); !seeded)
        return std::unexpected(seeded.error());
    auto client = findClient(context.db, context.env.oauthClientId);
    if (!client)
        return std::unexpected(client.error());
    if (!*client)
        return fail(autherr::notFound, u"the OAuth client %1 is missing"_s.arg(context.env.oauthClientId));
    for (const QString &item : scope.split(u' ', Qt::SkipEmptyParts)) {
        if (!(*client)->scopes.contains(item))
            return fail(autherr::invalidArguments, u"scope '%1' is not allowed for the client"_s.arg(item));
    }
    const std::int64_t now = context.env.clock->nowMs();
    auto tx = Transaction::begin(context.db);
    if (!tx)
        return std::unexpected(tx.error());
    auto grantId = createGrant(context.db, user->id, (*client)->rowId, scope, context.env.apiAudience, now);
    if (!grantId)
        return std::unexpected(grantId.error());
    GrantSubject subject{*grantId, user->id, user->email, user->emailVerified, (*client)->clientId, scope};
    auto tokens = issueTokens(context.db, context.env, subject, QString(), QString(), now);
    if (!tokens)
        return std::unexpected(tokens.error());
    if (auto committed = tx->commit(); !committed)
        return std::unexpected(committed.error());
    return QJsonObject{{u"access_token"_s, tokens->accessToken},
                       {u"refresh_token"_s, tokens->refreshToken},
                       {u"token_type"_s, u"Bearer"_s},
                       {u"expires_in"_s, static_cast<qint64>(tokens->expiresIn)}};
}

Result<QJsonObject> issueServiceTokenCommand(AdminContext &context)
{
    const QString name = context.optional(u"name"_s, u"gateway"_s).trimmed();
    static const QRegularExpression valid(u"^[a-z0-9_-]{1,40}$"_s);
    if (!valid.match(name).hasMatch())
        return fail(autherr::invalidArguments, u"--name must be 1-40 chars of a-z 0-9 _ -"_s);
    auto issued = issueServiceToken(context.db, name);
    if (!issued)
        return std::unexpected(issued.error());
    return QJsonObject{{u"service_token"_s, issued->token}, {u"name"_s, name}};
}

Result<QJsonObject> deleteUserCommand(AdminContext &context)
{
    auto user = requireUser(context);
    if (!user)
        return std::unexpected(user.error());
    auto deleted = deleteUser(context.db, user->id);
    if (!deleted)
        return std::unexpected(deleted.error());
    if (!*deleted)
        return fail(autherr::notFound, u"the user is already gone"_s);
    return QJsonObject{{u"id"_s, user->id}, {u"email"_s, user->email}, {u"deleted"_s, true}};
}

Result<QJsonObject> exportPublicKeyCommand(AdminContext &context)
{
    if (!context.env.certificateKey)
        return fail(autherr::signingKeyUnavailable, u"no certificate key loaded"_s);
    const crypto::Ed25519PublicKey key = context.env.certificateKey->publicKey();
    return QJsonObject{{u"key_id"_s, key.keyId()},
                       {u"algorithm"_s, u"Ed25519"_s},
                       {u"public_key"_s, key.toBase64Url()}};
}

} // namespace

void addAdminCommands(AdminCommands &commands)
{
    commands.add({u"create-user"_s, {u"email"_s},
                  u"Create a user; the password is read from standard input. Prints {id, email}."_s, true,
                  createUserCommand});
    commands.add({u"issue-token"_s, {u"email"_s, u"scope"_s},
                  u"Sign a user in on the desktop client: {access_token, refresh_token, token_type, expires_in}."_s,
                  false, issueTokenCommand});
    commands.add({u"issue-service-token"_s, {u"name"_s},
                  u"Create an X-Service-Token for service-to-service calls: {service_token}."_s, false,
                  issueServiceTokenCommand});
    commands.add({u"delete-user"_s, {u"email"_s},
                  u"Delete a user and everything they own (GDPR); their tokens stop working at once."_s, false,
                  deleteUserCommand});
    commands.add({u"export-public-key"_s, {},
                  u"Print the activation-certificate public key: {key_id, algorithm, public_key}."_s, false,
                  exportPublicKeyCommand});
}

} // namespace creditdesk::server::auth
