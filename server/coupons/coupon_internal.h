#pragma once

// Shared by the coupon service's .cpp files; not part of its interface.

#include "core/domain/coupon_validation.h"
#include "core/domain/error.h"
#include "server/coupons/coupon_repository.h"
#include "server/coupons/coupon_types.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <utility>

namespace creditdesk::server {

// Who a validation or redemption is for.
struct CouponCaller {
    QString userId;     // "" = anonymous
    bool known = false; // a users row exists: per-user facts and fraud records apply
    SubscriptionTier tier = SubscriptionTier::Free;
    std::optional<BillingInterval> interval;
    std::optional<SubscriptionRecord> subscription; // the one a redemption applies to
};

namespace coupons_detail {

// The coupon row (with its campaign) as core/domain's CouponRules: a campaign
// that is inactive or outside its period makes the coupon inactive / expired;
// tier_specific coupons are eligible only from the tiers their transitions
// start at; "every cycle" is passed as no restriction.
[[nodiscard]] CouponRules rulesFor(const CouponRecord &coupon);

// The transition a tier_specific coupon applies to from `tier` (the first listed).
[[nodiscard]] std::optional<std::pair<SubscriptionTier, SubscriptionTier>>
transitionFor(const CouponRecord &coupon, SubscriptionTier tier);

// What redeeming would do (domain-rules §8): the price is 19,900 for
// perpetual_migration, else the explicit amount (cart_total / original_amount),
// else the subscription's price (tier_specific: the target tier's cycle
// price), else 0.
[[nodiscard]] Result<DiscountPreview> previewDiscount(const CouponRecord &coupon, const CouponCaller &caller,
                                                      std::optional<Money> explicitAmount);

// Steps 6–10 facts (uses, per-user uses, campaign spend, minimum purchase,
// custom rules); fraud facts are the guard's.
[[nodiscard]] Result<CouponFacts> gatherFacts(CouponRepository &repo, const CouponRecord &coupon,
                                              const CouponCaller &caller, const DiscountPreview &preview,
                                              std::int64_t nowMs);

// At redemption the budget must hold the whole discount: CAMPAIGN_BUDGET_LOW
// (spent + this > budget) becomes CAMPAIGN_BUDGET_EXCEEDED, so spend never
// passes the budget.
void applyStrictBudget(CouponValidation &validation);

// `REPHLO-` + 4 × 4 CSPRNG symbols of the license alphabet (domain-rules §7).
[[nodiscard]] QString newLicenseKey();

} // namespace coupons_detail

} // namespace creditdesk::server
