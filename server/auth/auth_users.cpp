#include "server/auth/auth_users.h"

#include "core/crypto/password_hash.h"
#include "server/auth/auth_errors.h"
#include "server/db/connection.h"
#include "server/db/sql_values.h"

#include <QRegularExpression>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace creditdesk::server::auth {

namespace {

const QString kSelect = u"SELECT id, email, password_hash, email_verified, username, first_name, last_name, "
                        "profile_picture_url FROM users WHERE deleted_at IS NULL AND "_s;

Result<std::optional<AuthUser>> findOne(const Connection &db, const QString &column, const QVariant &value)
{
    QSqlQuery query(db.database());
    query.prepare(kSelect + column + u" = ?"_s);
    query.addBindValue(value);
    if (!query.exec())
        return std::unexpected(queryError(query, u"find user"_s));
    if (!query.next())
        return std::optional<AuthUser>();
    AuthUser user;
    user.id = sqlv::readUuid(query.value(0));
    user.email = query.value(1).toString();
    user.passwordHash = query.value(2).toString();
    auto verified = sqlv::readBoolean(db, query.value(3));
    if (!verified)
        return std::unexpected(verified.error());
    user.emailVerified = *verified;
    user.username = query.value(4).toString();
    user.firstName = query.value(5).toString();
    user.lastName = query.value(6).toString();
    user.pictureUrl = query.value(7).toString();
    return std::optional<AuthUser>(std::move(user));
}

} // namespace

QString normalizeEmail(const QString &email)
{
    return email.trimmed().toLower();
}

bool isPlausibleEmail(const QString &normalizedEmail)
{
    static const QRegularExpression pattern(uR"(^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$)"_s);
    return normalizedEmail.size() <= 255 && pattern.match(normalizedEmail).hasMatch();
}

Result<std::optional<AuthUser>> findUserByEmail(const Connection &db, const QString &email)
{
    return findOne(db, u"email"_s, normalizeEmail(email));
}

Result<std::optional<AuthUser>> findUserById(const Connection &db, const QString &userId)
{
    return findOne(db, u"id"_s, sqlv::uuid(db, userId));
}

Result<AuthUser> createUser(const Connection &db, const QString &email, const QString &password, std::int64_t nowMs)
{
    const QString normalized = normalizeEmail(email);
    if (!isPlausibleEmail(normalized))
        return fail(autherr::validationError, u"'%1' is not an email address"_s.arg(normalized),
                    {{u"email"_s, u"must be an email address"_s}});
    if (password.size() < kMinPasswordLength || password.size() > kMaxPasswordLength)
        return fail(autherr::validationError,
                    u"the password must be %1 to %2 characters"_s.arg(kMinPasswordLength).arg(kMaxPasswordLength),
                    {{u"password"_s, u"too short or too long"_s}});
    auto hash = crypto::hashPassword(password);
    if (!hash)
        return std::unexpected(hash.error());
    AuthUser user;
    user.id = sqlv::newUuid();
    user.email = normalized;
    user.passwordHash = *hash;
    QSqlQuery query(db.database());
    query.prepare(u"INSERT INTO users (id, email, password_hash, email_verified, created_at, updated_at) "
                  "VALUES (?, ?, ?, ?, ?, ?)"_s);
    query.addBindValue(sqlv::uuid(db, user.id));
    query.addBindValue(user.email);
    query.addBindValue(user.passwordHash);
    query.addBindValue(sqlv::boolean(db, false));
    query.addBindValue(sqlv::timestamp(db, nowMs));
    query.addBindValue(sqlv::timestamp(db, nowMs));
    if (!query.exec()) {
        const Error error = queryError(query, u"create user"_s);
        if (isUniqueViolation(error))
            return fail(autherr::conflict, u"a user with this email already exists"_s, {{u"field"_s, u"email"_s}});
        return std::unexpected(error);
    }
    return user;
}

Result<bool> deleteUser(const Connection &db, const QString &userId)
{
    QSqlQuery query(db.database());
    query.prepare(u"DELETE FROM users WHERE id = ?"_s);
    query.addBindValue(sqlv::uuid(db, userId));
    if (!query.exec())
        return std::unexpected(queryError(query, u"delete user"_s));
    return query.numRowsAffected() > 0;
}

Result<void> recordLogin(const Connection &db, const QString &userId, std::int64_t nowMs)
{
    return execStatement(db.database(), u"UPDATE users SET last_login_at = ? WHERE id = ?"_s,
                         {sqlv::timestamp(db, nowMs), sqlv::uuid(db, userId)});
}

bool checkPassword(const std::optional<AuthUser> &user, const QString &password)
{
    // A valid hash of a random password: the same work for unknown emails.
    static const QString dummy = crypto::hashPassword(u"creditdesk-timing-equalizer"_s).value_or(QString());
    if (!user || user->passwordHash.isEmpty()) {
        (void)crypto::verifyPassword(password, dummy);
        return false;
    }
    return crypto::verifyPassword(password, user->passwordHash);
}

} // namespace creditdesk::server::auth
