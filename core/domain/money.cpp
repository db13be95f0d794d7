#include "core/domain/money.h"

#include "core/domain/int_math.h"

using namespace Qt::StringLiterals;

namespace creditdesk {

namespace {

Result<Money> checked(Int128 cents)
{
    if (cents > Money::kMaxCents || cents < -Money::kMaxCents)
        return fail(errc::amountOverflow, u"amount exceeds 99,999,999.99"_s);
    return Money::fromCents(static_cast<std::int64_t>(cents));
}

} // namespace

Result<Money> Money::fromCents(std::int64_t cents)
{
    if (cents > kMaxCents || cents < -kMaxCents)
        return fail(errc::amountOverflow, u"amount exceeds 99,999,999.99"_s);
    return Money(cents);
}

Result<Money> Money::parse(QStringView decimalUsd)
{
    auto scaled = parseScaledDecimal(decimalUsd, 2, 2);
    if (!scaled)
        return std::unexpected(scaled.error());
    return checked(*scaled);
}

Result<Money> Money::plus(Money other) const
{
    return checked(Int128{m_cents} + other.m_cents);
}

Result<Money> Money::minus(Money other) const
{
    return checked(Int128{m_cents} - other.m_cents);
}

Result<Money> Money::times(std::int64_t factor) const
{
    return checked(Int128{m_cents} * factor);
}

Result<Money> Money::mulDivHalfUp(std::int64_t numerator, std::int64_t denominator) const
{
    if (denominator <= 0)
        return fail(errc::invalidArgument, u"denominator must be > 0"_s);
    return checked(divHalfUp(Int128{m_cents} * numerator, denominator));
}

QString Money::toDecimalString() const
{
    return formatScaled(m_cents, 2);
}

} // namespace creditdesk
