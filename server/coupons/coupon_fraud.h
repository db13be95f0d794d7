#pragma once

#include "core/domain/coupon_validation.h"
#include "core/domain/error.h"
#include "server/coupons/coupon_types.h"

#include <QString>

#include <cstdint>

namespace creditdesk::server {

class CouponRepository;

struct FraudContext {
    QString userId;
    bool knownUser = false; // records need a users row
    QString couponId;
    QString ipAddress;
    QString userAgent;
    QString deviceFingerprint;
    std::int64_t nowMs = 0;
};

// The fraud rules of domain-rules §8 and their coupon_fraud_detection records:
//   bot user agent                       → critical, flagged, blocks (FRAUD_DETECTED)
//   unreviewed flagged critical record    → FRAUD_DETECTED
//   ≥ 3 redemptions in the past hour      → VELOCITY_LIMIT_EXCEEDED; velocity_abuse high (critical > 5)
//   > 5 past redemption IPs, this one new → DEVICE_FINGERPRINT_MISMATCH warning; ip_switching medium
//   after a redemption: > 1 IP in 10 min  → ip_switching medium; > 1 success in 5 min → stacking_abuse low
// Logged-only records are written unflagged (is_flagged false).
class CouponFraudGuard {
public:
    explicit CouponFraudGuard(CouponRepository &repo)
        : m_repo(repo)
    {}

    // Fills the fraud facts (steps 11–13) and writes the bot / velocity records.
    [[nodiscard]] Result<void> assess(const FraudContext &context, CouponFacts &facts);
    // Records for warnings of a finished validation (DEVICE_FINGERPRINT_MISMATCH).
    [[nodiscard]] Result<void> logWarnings(const FraudContext &context, const CouponFacts &facts,
                                           const CouponValidation &validation);
    // A redemption refused for velocity inside its transaction (rolled back):
    // writes the velocity_abuse record the refusal deserves.
    [[nodiscard]] Result<void> logVelocity(const FraudContext &context);
    // In the redemption's transaction, after its row is written.
    [[nodiscard]] Result<void> logAfterRedemption(const FraudContext &context, const QString &redemptionId);

    // The user's redemptions (any coupon, any status) in the past hour.
    [[nodiscard]] Result<int> recentRedemptions(const FraudContext &context);

private:
    [[nodiscard]] Result<void> recordVelocity(const FraudContext &context, int redemptionsLastHour);
    [[nodiscard]] Result<void> record(const FraudContext &context, FraudType type, const QString &severity,
                                      bool flagged, const QJsonObject &details, const QString &redemptionId = {});

    CouponRepository &m_repo;
};

} // namespace creditdesk::server
