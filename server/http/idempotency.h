#pragma once

#include "core/domain/error.h"
#include "server/http/api_response.h"
#include "server/http/request_context.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::server {

class Connection;

// The Idempotency-Key store of api-contract §10.4 (table idempotency_keys).
class IdempotencyStore {
public:
    static constexpr std::int64_t kLifetimeMs = 24LL * 3600 * 1000;
    // An in-progress row older than this was left by a crashed worker: taken over.
    static constexpr std::int64_t kAbandonedAfterMs = 5LL * 60 * 1000;

    struct Claim {
        QString scope;     // "user:<uuid>", "license:<sha256>", "service:<name>"
        QString key;       // lower-case UUID
        QString userId;    // for user scopes (cascades with the user)
        QString fingerprint;
    };

    // What to do with the request: run it (rowId set), or answer at once.
    struct Outcome {
        QString rowId;                      // run the handler, then complete()/release()
        std::optional<ApiResponse> answer;  // replay, 409 in progress or 422 reused
    };

    // nullopt when the request takes no part (no header, no scope); a 400
    // `invalid_idempotency_key` answer for a malformed key.
    [[nodiscard]] static std::optional<Claim> claimFor(const RequestContext &request, QString *malformed);

    [[nodiscard]] static Result<Outcome> begin(Connection &db, const Claim &claim, std::int64_t nowMs);
    // Stores 2xx and 4xx answers except 401, 403, 409 and 429; deletes the row otherwise.
    [[nodiscard]] static Result<void> finish(Connection &db, const QString &rowId, const ApiResponse &response);
    [[nodiscard]] static bool isStorable(int status);
};

} // namespace creditdesk::server
