#include "server/http/idempotency.h"

#include "core/crypto/primitives.h"
#include "server/db/connection.h"
#include "server/db/sql_values.h"
#include "server/http/http_errors.h"
#include "server/http/http_headers.h"

#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

ApiResponse replay(int status, const QByteArray &body)
{
    ApiResponse response;
    response.status = status;
    response.body = body;
    if (body.isEmpty())
        response.contentType.clear();
    response.withHeader("Idempotent-Replayed", "true");
    return response;
}

Result<bool> insertRow(Connection &db, const IdempotencyStore::Claim &claim, const QString &rowId, std::int64_t nowMs)
{
    QSqlQuery query(db.database());
    query.prepare(u"INSERT INTO idempotency_keys (id, scope, idempotency_key, user_id, fingerprint, state, "
                  "created_at, expires_at) VALUES (?, ?, ?, ?, ?, 'in_progress', ?, ?)"_s);
    query.addBindValue(sqlv::uuid(db, rowId));
    query.addBindValue(claim.scope);
    query.addBindValue(sqlv::uuid(db, claim.key));
    query.addBindValue(sqlv::uuid(db, claim.userId));
    query.addBindValue(claim.fingerprint);
    query.addBindValue(sqlv::timestamp(db, nowMs));
    query.addBindValue(sqlv::timestamp(db, nowMs + IdempotencyStore::kLifetimeMs));
    if (query.exec())
        return true;
    const Error error = queryError(query, u"insert idempotency key"_s);
    if (isUniqueViolation(error))
        return false;
    return std::unexpected(error);
}

} // namespace

bool IdempotencyStore::isStorable(int status)
{
    if (status < 200 || status >= 500 || (status >= 300 && status < 400))
        return false;
    return status != 401 && status != 403 && status != 409 && status != 429;
}

std::optional<IdempotencyStore::Claim> IdempotencyStore::claimFor(const RequestContext &request, QString *malformed)
{
    const QByteArray header = request.header("idempotency-key").trimmed();
    if (header.isEmpty())
        return std::nullopt;
    const QUuid uuid = QUuid::fromString(QLatin1StringView(header));
    if (uuid.isNull() || header.size() != 36) {
        *malformed = u"Idempotency-Key must be a UUID"_s;
        return std::nullopt;
    }
    Claim claim;
    claim.key = uuid.toString(QUuid::WithoutBraces).toLower();
    const Principal &principal = request.principal;
    if (principal.isUser()) {
        claim.scope = u"user:"_s + principal.userId;
        claim.userId = principal.userId;
    } else if (principal.isService()) {
        claim.scope = u"service:"_s + principal.tokenId;
    } else {
        const QString digest = licenseKeyDigest(request.body);
        if (digest.isEmpty())
            return std::nullopt; // anonymous without a license key: no scope to key on
        claim.scope = u"license:"_s + digest;
    }
    const QString bodyDigest = crypto::sha256Hex(request.body);
    claim.fingerprint =
        crypto::sha256Hex((methodName(request.method) + u' ' + request.path + u' ' + bodyDigest).toUtf8());
    return claim;
}

Result<IdempotencyStore::Outcome> IdempotencyStore::begin(Connection &db, const Claim &claim, std::int64_t nowMs)
{
    for (int attempt = 0; attempt < 3; ++attempt) {
        const QString rowId = sqlv::newUuid();
        auto inserted = insertRow(db, claim, rowId, nowMs);
        if (!inserted)
            return std::unexpected(inserted.error());
        if (*inserted)
            return Outcome{rowId, std::nullopt};

        QSqlQuery query(db.database());
        query.prepare(u"SELECT id, fingerprint, state, response_status, response_body, created_at, expires_at "
                      "FROM idempotency_keys WHERE scope = ? AND idempotency_key = ?"_s);
        query.addBindValue(claim.scope);
        query.addBindValue(sqlv::uuid(db, claim.key));
        if (!query.exec())
            return std::unexpected(queryError(query, u"read idempotency key"_s));
        if (!query.next())
            continue; // deleted in between: try again
        const QString existingId = sqlv::readUuid(query.value(0));
        const QString fingerprint = query.value(1).toString().trimmed();
        const bool completed = query.value(2).toString() == "completed"_L1;
        const auto createdAt = sqlv::readTimestamp(db, query.value(5));
        const auto expiresAt = sqlv::readTimestamp(db, query.value(6));
        if (!createdAt || !expiresAt)
            return std::unexpected(!createdAt ? createdAt.error() : expiresAt.error());
        const bool abandoned = !completed && nowMs - *createdAt > kAbandonedAfterMs;
        if (*expiresAt <= nowMs || abandoned) {
            // Expired (or left behind by a crash): forget it and claim the key anew.
            if (auto removed = execStatement(db.database(), u"DELETE FROM idempotency_keys WHERE id = ?"_s,
                                             {sqlv::uuid(db, existingId)});
                !removed)
                return std::unexpected(removed.error());
            continue;
        }
        if (fingerprint != claim.fingerprint) {
            return Outcome{{}, ApiResponse::error(422, httperr::idempotencyKeyReused,
                                                  u"This Idempotency-Key was used with another request"_s)};
        }
        if (!completed) {
            return Outcome{{}, ApiResponse::error(409, httperr::idempotencyRequestInProgress,
                                                  u"A request with this Idempotency-Key is still running"_s)
                                   .withHeader("Retry-After", "1")};
        }
        return Outcome{{}, replay(query.value(3).toInt(), query.value(4).toByteArray())};
    }
    return fail(httperr::conflict, u"the Idempotency-Key could not be claimed"_s);
}

Result<void> IdempotencyStore::finish(Connection &db, const QString &rowId, const ApiResponse &response)
{
    if (!isStorable(response.status))
        return execStatement(db.database(), u"DELETE FROM idempotency_keys WHERE id = ?"_s, {sqlv::uuid(db, rowId)});
    return execStatement(db.database(),
                         u"UPDATE idempotency_keys SET state = 'completed', response_status = ?, response_body = ? "
                         "WHERE id = ?"_s,
                         {response.status, response.body, sqlv::uuid(db, rowId)});
}

} // namespace creditdesk::server
