#include "server/coupons/coupon_service.h"

#include "core/domain/clock.h"
#include "core/domain/coupon_discount.h"
#include "server/coupons/coupon_fraud.h"
#include "server/coupons/coupon_internal.h"
#include "server/coupons/coupon_log.h"
#include "server/coupons/coupon_quota.h"
#include "server/server_environment.h"

#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

ValidateOutcome reasonOnly(CouponReason reason)
{
    ValidateOutcome outcome;
    outcome.validation.errors.append(reason);
    return outcome;
}

void mergeReason(CouponValidation &validation, CouponReason reason)
{
    if (validation.errors.contains(reason))
        return;
    validation.errors.append(reason);
    std::sort(validation.errors.begin(), validation.errors.end()); // enum order = report order
}

} // namespace

CouponService::CouponService(const ServerEnvironment &env, Connection &db)
    : CouponService(env, db, CouponValidationQuota::shared())
{}

CouponService::CouponService(const ServerEnvironment &env, Connection &db, CouponValidationQuota &quota)
    : m_env(env)
    , m_db(db)
    , m_quota(quota)
    , m_repo(db)
{}

std::int64_t CouponService::nowMs() const
{
    static const SystemClock systemClock;
    return (m_env.clock ? m_env.clock : &systemClock)->nowMs();
}

Result<CouponCaller> CouponService::resolveValidateCaller(const ValidateRequest &request)
{
    CouponCaller caller;
    const bool bearer = !request.principalUserId.isEmpty();
    const QString userId = bearer ? request.principalUserId : request.bodyUserId;
    if (!userId.isEmpty()) {
        auto exists = m_repo.userExists(userId);
        if (!exists)
            return std::unexpected(exists.error());
        if (*exists) {
            caller.userId = userId;
            caller.known = true;
            auto subscription = m_repo.currentSubscription(userId);
            if (!subscription)
                return std::unexpected(subscription.error());
            caller.subscription = *subscription;
        }
    }
    const auto &subscription = caller.subscription;
    const SubscriptionTier realTier = subscription ? subscription->tier : SubscriptionTier::Free;
    // With a Bearer the token's user and real tier; without, what the body says.
    caller.tier = bearer ? realTier : request.bodyTier.value_or(realTier);
    if (subscription)
        caller.interval = subscription->interval;
    return caller;
}

Result<ValidateOutcome> CouponService::judge(const CouponRecord &coupon, const CouponCaller &caller,
                                             std::optional<Money> explicitAmount, const QString &ip,
                                             const QString &userAgent, const QString &fingerprint)
{
    const std::int64_t now = nowMs();
    ValidateOutcome outcome;
    outcome.coupon = coupon;
    auto preview = coupons_detail::previewDiscount(coupon, caller, explicitAmount);
    if (!preview)
        return std::unexpected(preview.error());
    outcome.preview = *preview;
    auto facts = coupons_detail::gatherFacts(m_repo, coupon, caller, *preview, now);
    if (!facts)
        return std::unexpected(facts.error());
    const FraudContext context{caller.userId, caller.known, coupon.id, ip, userAgent, fingerprint, now};
    CouponFraudGuard guard(m_repo);
    if (auto assessed = guard.assess(context, *facts); !assessed)
        return std::unexpected(assessed.error());
    outcome.validation = validateCoupon(coupons_detail::rulesFor(coupon), *facts);
    if (coupon.couponType == CouponType::TierSpecific && !coupons_detail::transitionFor(coupon, caller.tier))
        mergeReason(outcome.validation, CouponReason::TierNotEligible);
    if (auto logged = guard.logWarnings(context, *facts, outcome.validation); !logged)
        return std::unexpected(logged.error());
    outcome.facts = *facts;
    return outcome;
}

Result<ValidateOutcome> CouponService::validate(const ValidateRequest &request)
{
    auto caller = resolveValidateCaller(request);
    if (!caller) {
        qCWarning(lcServerCoupons) << "coupon validation failed:" << caller.error().message;
        return reasonOnly(CouponReason::ValidationError);
    }
    if (m_env.rateLimitsEnabled && caller->known) {
        std::int64_t retryAfterMs = 0;
        if (!m_quota.tryAcquire(caller->userId, nowMs(), &retryAfterMs)) {
            const std::int64_t seconds = std::max<std::int64_t>(1, (retryAfterMs + 999) / 1000);
            return fail(cpnerr::rateLimited, u"more than 10 coupon validations in an hour"_s,
                        QJsonObject{{u"limit"_s, CouponValidationQuota::kLimit},
                                    {u"retryAfter"_s, qint64{seconds}},
                                    {u"scope"_s, u"user"_s}});
        }
    }
    const auto code = normalizeCouponCode(request.rawCode);
    if (!code)
        return reasonOnly(CouponReason::CouponNotFound); // no coupon can have this code
    auto coupon = m_repo.findCouponByCode(*code);
    if (coupon && !*coupon)
        return reasonOnly(CouponReason::CouponNotFound);
    Result<ValidateOutcome> outcome = coupon ? judge(**coupon, *caller, request.cartTotal, request.ipAddress,
                                                     request.userAgent, request.deviceFingerprint)
                                             : std::unexpected(coupon.error());
    if (!outcome) {
        qCWarning(lcServerCoupons) << "coupon validation failed:" << outcome.error().message;
        return reasonOnly(CouponReason::ValidationError);
    }
    return outcome;
}

Result<QList<RedemptionListItem>> CouponService::redemptionsOf(const QString &userId)
{
    return m_repo.listRedemptions(userId);
}

} // namespace creditdesk::server
