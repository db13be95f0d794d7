#include "core/domain/coupon_discount.h"

#include "core/domain/int_math.h"
#include "core/domain/utc_time.h"

#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk {

namespace {

constexpr qsizetype kMinCodeLength = 4;
constexpr qsizetype kMaxCodeLength = 50;

Result<void> checkSpec(const CouponDiscountSpec &spec)
{
    if (spec.value < 0)
        return fail(errc::invalidArgument, u"discount value must not be negative"_s);
    if (spec.discountType == DiscountType::Percentage && spec.value > 10'000)
        return fail(errc::invalidArgument, u"percentage above 100 %"_s);
    if (spec.durationMonths < 1)
        return fail(errc::invalidArgument, u"duration must be at least one month"_s);
    return {};
}

} // namespace

Result<QString> normalizeCouponCode(QStringView raw)
{
    const QString code = raw.trimmed().toString().toUpper();
    const bool validChars = std::all_of(code.cbegin(), code.cend(), [](QChar c) {
        return (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
    });
    if (code.size() < kMinCodeLength || code.size() > kMaxCodeLength || !validChars) {
        return fail(errc::invalidCouponCode, u"coupon codes are 4-50 letters or digits"_s,
                    QJsonObject{{u"length"_s, code.size()}});
    }
    return code;
}

Result<InvoiceDiscount> invoiceDiscount(const CouponDiscountSpec &spec, const InvoiceContext &ctx)
{
    if (auto ok = checkSpec(spec); !ok)
        return std::unexpected(ok.error());
    if (ctx.price.isNegative())
        return fail(errc::invalidAmount, u"price must not be negative"_s);
    if (ctx.invoiceIndex < 0)
        return fail(errc::invalidArgument, u"invoice index must not be negative"_s);
    if (spec.couponType == CouponType::TierSpecific &&
        (!ctx.transition || !spec.tierTransitions.contains(*ctx.transition))) {
        return fail(errc::tierNotEligible, u"coupon does not apply to this tier change"_s);
    }

    InvoiceDiscount result{Money(), ctx.price, Money()};
    if (ctx.invoiceIndex >= spec.durationMonths)
        return result;
    switch (spec.discountType) {
    case DiscountType::Percentage: {
        auto discount = ctx.price.mulDivHalfUp(spec.value, 10'000);
        if (!discount)
            return std::unexpected(discount.error());
        result.discount = *discount;
        break;
    }
    case DiscountType::FixedAmount: {
        auto value = Money::fromCents(spec.value);
        if (!value)
            return std::unexpected(value.error());
        result.discount = std::min(*value, ctx.price);
        result.forfeited = Money::fromCents(value->cents() - result.discount.cents()).value();
        break;
    }
    case DiscountType::Credits:
    case DiscountType::MonthsFree:
        break;
    }
    result.pay = Money::fromCents(ctx.price.cents() - result.discount.cents()).value();
    return result;
}

Result<std::int64_t> extendPeriodEnd(std::int64_t periodEndMs, const CouponDiscountSpec &spec)
{
    if (auto ok = checkSpec(spec); !ok)
        return std::unexpected(ok.error());
    if (spec.discountType != DiscountType::MonthsFree)
        return periodEndMs;
    if (spec.value > 1'200)
        return fail(errc::invalidArgument, u"more than 100 years free"_s);
    return addMonths(periodEndMs, static_cast<int>(spec.value));
}

Result<Money> effectiveMonthlyPrice(Money cyclePrice, int cycleMonths, int freeMonths)
{
    if (cycleMonths < 1 || freeMonths < 0)
        return fail(errc::invalidArgument, u"cycle needs >= 1 month and >= 0 free months"_s);
    return cyclePrice.mulDivHalfUp(1, std::int64_t{cycleMonths} + freeMonths);
}

Result<Credits> couponCreditGrant(const CouponDiscountSpec &spec)
{
    if (auto ok = checkSpec(spec); !ok)
        return std::unexpected(ok.error());
    if (spec.discountType != DiscountType::Credits)
        return Credits();
    return Credits::fromWhole(spec.value);
}

} // namespace creditdesk
