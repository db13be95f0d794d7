#include "core/domain/credits.h"

#include "core/domain/int_math.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk {

namespace {

constexpr int kUnitDecimals = 4; // 1 credit = 10^4 cu

Result<Credits> checked(Int128 cu)
{
    if (cu > Credits::kMaxUnits || cu < -Credits::kMaxUnits)
        return fail(errc::amountOverflow, u"credits exceed 9,999,999,999.99"_s);
    return Credits::fromUnits(static_cast<std::int64_t>(cu));
}

} // namespace

Result<Credits> Credits::fromUnits(std::int64_t cu)
{
    if (cu > kMaxUnits || cu < -kMaxUnits)
        return fail(errc::amountOverflow, u"credits exceed 9,999,999,999.99"_s);
    return Credits(cu);
}

Result<Credits> Credits::fromWhole(std::int64_t credits)
{
    return checked(Int128{credits} * kUnitsPerCredit);
}

Result<Credits> Credits::parse(QStringView decimal, int maxDecimals)
{
    if (maxDecimals < 0 || maxDecimals > kUnitDecimals)
        return fail(errc::invalidArgument, u"maxDecimals must be in 0..4"_s);
    auto scaled = parseScaledDecimal(decimal, kUnitDecimals, maxDecimals);
    if (!scaled)
        return std::unexpected(scaled.error());
    return checked(*scaled);
}

std::int64_t Credits::floorWhole() const
{
    return static_cast<std::int64_t>(floorDiv(m_units, kUnitsPerCredit));
}

Result<Credits> Credits::plus(Credits other) const
{
    return checked(Int128{m_units} + other.m_units);
}

Result<Credits> Credits::minus(Credits other) const
{
    return checked(Int128{m_units} - other.m_units);
}

QString Credits::toDecimalString(int decimals) const
{
    const int d = std::clamp(decimals, 0, kUnitDecimals);
    Int128 divisor = 1;
    for (int i = d; i < kUnitDecimals; ++i)
        divisor *= 10;
    return formatScaled(divHalfUp(m_units, divisor), d);
}

} // namespace creditdesk
