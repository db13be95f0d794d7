#pragma once

#include "core/domain/error.h"
#include "server/billing/usage_types.h"

#include <QJsonObject>

#include <optional>

namespace creditdesk::server {

class Connection;
struct ServerEnvironment;

struct RecordedUsage {
    bool replayed = false; // the request_id was recorded before: 200 with the first answer
    UsageOutcome outcome;
};

// POST /internal/usage (api-contract §10.6): tokens → vendor cost → credits
// (the tier's multiplier cascade, the configured increment), then ONE
// transaction under the user's balance lock: replay check, deduction,
// ledgers, summaries, versions. Errors: not_found (user), validation_error
// (created_at > 24 h old or ahead, unknown provider/model),
// subscription_suspended (cloud request of a suspended subscription),
// insufficient_credits {required_credits, available_credits} (nothing
// written), idempotency_key_reused (request_id seen with other content).
class UsageRecorder {
public:
    static constexpr std::int64_t kMaxAgeMs = 24LL * 3600 * 1000;
    static constexpr std::int64_t kClockSkewMs = 60'000; // created_at may be this far ahead

    UsageRecorder(const ServerEnvironment &env, Connection &db)
        : m_env(env)
        , m_db(db)
    {}

    [[nodiscard]] Result<RecordedUsage> record(UsageInput input);

    // {"deduction":{request_id, credits_deducted, balance_after}}
    [[nodiscard]] static QJsonObject responseBody(const UsageOutcome &outcome);

private:
    [[nodiscard]] Result<std::optional<RecordedUsage>> replay(const UsageInput &input) const;

    const ServerEnvironment &m_env;
    Connection &m_db;
};

} // namespace creditdesk::server
