#pragma once

#include "core/domain/error.h"

#include <QString>
#include <QStringView>

#include <compare>
#include <cstdint>

namespace creditdesk {

// US dollars as integer cents. Arithmetic is checked: a result outside the
// database column (|x| <= 99,999,999.99) is `amount_overflow`; never double.
class Money {
public:
    static constexpr std::int64_t kMaxCents = 9'999'999'999; // Decimal(10,2)

    constexpr Money() = default;
    [[nodiscard]] static Result<Money> fromCents(std::int64_t cents);
    // "12", "12.5", "12.50", "-3.07"; more than two decimals is `invalid_amount`.
    [[nodiscard]] static Result<Money> parse(QStringView decimalUsd);

    [[nodiscard]] constexpr std::int64_t cents() const { return m_cents; }
    [[nodiscard]] constexpr bool isZero() const { return m_cents == 0; }
    [[nodiscard]] constexpr bool isNegative() const { return m_cents < 0; }

    [[nodiscard]] Result<Money> plus(Money other) const;
    [[nodiscard]] Result<Money> minus(Money other) const;
    [[nodiscard]] Result<Money> times(std::int64_t factor) const;
    // round-half-up (away from zero) of cents × numerator ÷ denominator,
    // computed exactly in 128 bits; denominator must be > 0.
    [[nodiscard]] Result<Money> mulDivHalfUp(std::int64_t numerator, std::int64_t denominator) const;
    [[nodiscard]] constexpr Money negated() const { return Money(-m_cents); }

    // "12.50", "-3.07": two decimals, no grouping, '.' separator (wire/log form).
    [[nodiscard]] QString toDecimalString() const;

    friend constexpr auto operator<=>(Money, Money) = default;

private:
    constexpr explicit Money(std::int64_t cents) : m_cents(cents) {}
    std::int64_t m_cents = 0;
};

} // namespace creditdesk
