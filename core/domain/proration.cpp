#include "core/domain/proration.h"

#include "core/domain/int_math.h"
#include "core/domain/utc_time.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk {

namespace {

Result<Credits> floorShareWhole(Credits amount, std::int64_t numerator, std::int64_t denominator)
{
    const Int128 whole =
        floorDiv(Int128{amount.units()} * numerator, Int128{denominator} * Credits::kUnitsPerCredit);
    if (whole > kInt64Max)
        return fail(errc::amountOverflow, u"credit share out of range"_s);
    return Credits::fromWhole(static_cast<std::int64_t>(whole));
}

Result<void> checkInput(const ProrationInput &in)
{
    if (in.periodEndMs <= in.periodStartMs)
        return fail(errc::invalidArgument, u"period end must be after its start"_s);
    if (in.oldCyclePrice.isNegative() || in.newCyclePrice.isNegative())
        return fail(errc::invalidAmount, u"prices must not be negative"_s);
    if (in.newMonthlyAllocation.isNegative() || in.remainingCurrentGrant.isNegative())
        return fail(errc::invalidAmount, u"credits must not be negative"_s);
    if (in.oldCyclePrice == in.newCyclePrice)
        return fail(errc::invalidArgument, u"same price: neither upgrade nor downgrade"_s);
    if (in.creditWindowStartMs.has_value() != in.creditWindowEndMs.has_value() ||
        (in.creditWindowStartMs && *in.creditWindowEndMs <= *in.creditWindowStartMs)) {
        return fail(errc::invalidArgument, u"credit window needs start < end"_s);
    }
    if (in.coupon) {
        const auto &c = *in.coupon;
        if (c.percentHundredths.has_value() == c.fixed.has_value())
            return fail(errc::invalidArgument, u"coupon needs exactly one of percent or fixed"_s);
        if (c.percentHundredths && (*c.percentHundredths < 0 || *c.percentHundredths > 10'000))
            return fail(errc::invalidArgument, u"coupon percent outside 0..100"_s);
        if (c.fixed && c.fixed->isNegative())
            return fail(errc::invalidAmount, u"coupon amount must not be negative"_s);
    }
    return {};
}

} // namespace

Result<ProrationResult> prorate(const ProrationInput &in)
{
    if (auto ok = checkInput(in); !ok)
        return std::unexpected(ok.error());

    ProrationResult r;
    r.direction = in.newCyclePrice > in.oldCyclePrice ? ChangeDirection::Upgrade : ChangeDirection::Downgrade;
    r.daysInCycle = days(in.periodStartMs, in.periodEndMs);
    r.daysRemaining = std::min(r.daysInCycle, days(in.changeAtMs, in.periodEndMs));
    const std::int64_t dR = r.daysRemaining;
    const std::int64_t dC = r.daysInCycle;

    // Prices are <= Decimal(10,2), so shares never overflow the column.
    r.unused = in.oldCyclePrice.mulDivHalfUp(dR, dC).value();
    r.newCost = in.newCyclePrice.mulDivHalfUp(dR, dC).value();

    Money coupon;
    if (in.coupon && in.coupon->percentHundredths) {
        coupon = Money::fromCents(static_cast<std::int64_t>(divHalfUp(Int128{in.newCyclePrice.cents()} * dR *
                                                                          *in.coupon->percentHundredths,
                                                                      Int128{dC} * 10'000)))
                     .value();
    } else if (in.coupon && in.coupon->fixed) {
        coupon = std::min(*in.coupon->fixed, r.newCost);
    }
    const Money couponCap =
        Money::fromCents(std::max<std::int64_t>(0, r.newCost.cents() - r.unused.cents())).value();
    r.coupon = std::min(coupon, couponCap);

    r.net = Money::fromCents(r.newCost.cents() - r.unused.cents() - r.coupon.cents()).value();
    r.chargeNow = r.net.isNegative() ? Money() : r.net;
    r.accountCredit = r.net.isNegative() ? r.net.negated() : Money();

    const std::int64_t windowStart = in.creditWindowStartMs.value_or(in.periodStartMs);
    const std::int64_t windowEnd = in.creditWindowEndMs.value_or(in.periodEndMs);
    const std::int64_t wC = days(windowStart, windowEnd);
    const std::int64_t wR = std::min(wC, days(in.changeAtMs, windowEnd));
    auto p = floorShareWhole(in.newMonthlyAllocation, wR, wC);
    if (!p)
        return std::unexpected(p.error());
    r.proratedAllocation = *p;
    r.remainingWhole = Credits::fromWhole(in.remainingCurrentGrant.floorWhole()).value();
    r.creditGrant = r.direction == ChangeDirection::Upgrade
                        ? std::max(r.proratedAllocation, r.remainingWhole)
                        : std::min(r.proratedAllocation, r.remainingWhole);
    return r;
}

Money applyAccountCredit(Money invoice, Money &credit)
{
    const Money used = std::clamp(credit, Money(), std::max(invoice, Money()));
    credit = Money::fromCents(credit.cents() - used.cents()).value();
    return Money::fromCents(invoice.cents() - used.cents()).value();
}

} // namespace creditdesk
