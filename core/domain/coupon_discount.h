#pragma once

#include "core/domain/credits.h"
#include "core/domain/enums.h"
#include "core/domain/error.h"
#include "core/domain/money.h"

#include <QList>
#include <QString>
#include <QStringView>

#include <cstdint>
#include <optional>
#include <utility>

namespace creditdesk {

// Trim, upper-case, then 4–50 of [A-Z0-9], else `invalid_coupon_code` (a
// server may answer that as COUPON_NOT_FOUND: no such code can exist).
[[nodiscard]] Result<QString> normalizeCouponCode(QStringView raw);

// The money side of a coupon (domain-rules §8).
struct CouponDiscountSpec {
    CouponType couponType = CouponType::Percentage;
    DiscountType discountType = DiscountType::Percentage;
    // percentage: hundredths of a percent (17.50 % = 1750); fixed_amount:
    // cents; credits: whole credits; months_free: months.
    std::int64_t value = 0;
    int durationMonths = 1; // invoices a percent/fixed discount applies to
    // tier_specific: the transitions it applies to (from, to).
    QList<std::pair<SubscriptionTier, SubscriptionTier>> tierTransitions;
};

struct InvoiceDiscount {
    Money discount;
    Money pay;
    Money forfeited; // fixed amount above the price
};

struct InvoiceContext {
    Money price;
    int invoiceIndex = 0; // 0 = first invoice after redemption
    std::optional<std::pair<SubscriptionTier, SubscriptionTier>> transition; // tier_specific only
};

// Invalid spec values (negative, percent > 100 %, duration < 1) →
// `invalid_argument`; negative price → `invalid_amount`; a tier_specific
// coupon on an unlisted transition → `tier_not_eligible`.
[[nodiscard]] Result<InvoiceDiscount> invoiceDiscount(const CouponDiscountSpec &spec,
                                                      const InvoiceContext &ctx);

// months_free: the period end moves N months (2026-12-01 + 1 → 2027-01-01).
[[nodiscard]] Result<std::int64_t> extendPeriodEnd(std::int64_t periodEndMs, const CouponDiscountSpec &spec);

// What a cycle of `cycleMonths` costs per month when `freeMonths` are added:
// round½(price ÷ (cycle + free)); pro annual + 1 month: 15,000 / 13 → 1,154.
[[nodiscard]] Result<Money> effectiveMonthlyPrice(Money cyclePrice, int cycleMonths, int freeMonths);

// credits coupons: the `coupon` grant (whole credits); 0 for other types.
[[nodiscard]] Result<Credits> couponCreditGrant(const CouponDiscountSpec &spec);

} // namespace creditdesk
