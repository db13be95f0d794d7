#pragma once

#include "core/domain/enums.h"
#include "core/domain/error.h"
#include "core/domain/utc_time.h"

#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::licensing {

class CertificateStore;
struct LicenseState;

enum class RenewalDecision {
    RenewNow,
    NotDue,            // more than 7 days left and the clock is fine
    Offline,           // due, but there is no network
    AttemptedRecently, // due, but the last attempt was less than a day ago
    NeedsActivation,   // no usable certificate: activation, not renewal, is the way back
};

[[nodiscard]] QString toString(EnumArg<RenewalDecision> decision);

// When to fetch a fresh certificate (GET /api/licenses/certificate): online,
// when the domain says renew (valid_until − now < 7 days, which includes
// grace and locked) or the clock guard wants an online re-check, and not
// more often than daily (api-contract §10.1). The last attempt time is kept
// in the CertificateStore. Times are the clock guard's effective now.
class RenewalPolicy {
public:
    static constexpr std::int64_t kMinIntervalMs = kMsPerDay;

    explicit RenewalPolicy(CertificateStore &store);

    [[nodiscard]] RenewalDecision decide(const LicenseState &state, bool online);
    [[nodiscard]] bool shouldRenew(const LicenseState &state, bool online)
    {
        return decide(state, online) == RenewalDecision::RenewNow;
    }
    // Call before each attempt, whatever its outcome; profile_file_io.
    [[nodiscard]] Result<void> recordAttempt(std::int64_t atMs);
    // nullopt: no attempt recorded.
    [[nodiscard]] std::optional<std::int64_t> nextAttemptAtMs();

private:
    CertificateStore &m_store;
};

} // namespace creditdesk::licensing
