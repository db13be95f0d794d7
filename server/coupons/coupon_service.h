#pragma once

#include "core/domain/error.h"
#include "server/coupons/coupon_repository.h"
#include "server/coupons/coupon_types.h"

#include <QList>
#include <QString>

namespace creditdesk {
class Clock;
}

namespace creditdesk::server {

class Connection;
class CouponValidationQuota;
struct CouponCaller;
struct ServerEnvironment;

// The coupon rules of Plan 111 (domain-rules §8) on the server: validation
// facts gathered from the database and judged by core/domain, fraud records,
// and the redemption transaction. Cheap; made per request.
class CouponService {
public:
    CouponService(const ServerEnvironment &env, Connection &db);
    CouponService(const ServerEnvironment &env, Connection &db, CouponValidationQuota &quota);

    // The dry run of POST /api/coupons/validate: every step of §8 in order,
    // every failing reason, warnings and the discount preview. Writes only
    // fraud records (bot user agent, velocity, IP history). Errors:
    // `rate_limited` (details limit, retryAfter, scope) past 10 validations per
    // user-hour. An unexpected failure is a VALIDATION_ERROR outcome, not an error.
    [[nodiscard]] Result<ValidateOutcome> validate(const ValidateRequest &request);

    // POST /api/coupons/redeem: one transaction re-checking uses, per-user uses
    // and the campaign budget under row locks, then applying the coupon.
    // Errors: coupon_not_found, subscription_not_found, redemption_failed
    // (details.reasons), database_error.
    [[nodiscard]] Result<RedeemOutcome> redeem(const RedeemRequest &request);

    // GET /api/users/:userId/coupons: the user's redemptions, newest first.
    [[nodiscard]] Result<QList<RedemptionListItem>> redemptionsOf(const QString &userId);

private:
    [[nodiscard]] Result<CouponCaller> resolveValidateCaller(const ValidateRequest &request);
    [[nodiscard]] Result<CouponCaller> resolveRedeemCaller(const RedeemRequest &request);
    [[nodiscard]] Result<ValidateOutcome> judge(const CouponRecord &coupon, const CouponCaller &caller,
                                                std::optional<Money> explicitAmount, const QString &ip,
                                                const QString &userAgent, const QString &fingerprint);
    [[nodiscard]] Result<RedeemOutcome> redeemOnce(const CouponRecord &coupon, const CouponCaller &caller,
                                                   const RedeemRequest &request, const CouponFacts &preFacts);
    [[nodiscard]] std::int64_t nowMs() const;

    const ServerEnvironment &m_env;
    Connection &m_db;
    CouponValidationQuota &m_quota;
    CouponRepository m_repo;
};

} // namespace creditdesk::server
