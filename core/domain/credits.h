#pragma once

#include "core/domain/error.h"

#include <QString>
#include <QStringView>

#include <compare>
#include <cstdint>

namespace creditdesk {

// Credits in fixed point: 1 credit = 10,000 cu (credit units); 1 credit = $0.01.
// Stored and wire values are multiples of 100 cu (two decimals). Checked
// arithmetic: outside |x| <= 9,999,999,999.99 credits is `amount_overflow`.
class Credits {
public:
    static constexpr std::int64_t kUnitsPerCredit = 10'000;
    static constexpr std::int64_t kMaxUnits = 99'999'999'999'900; // Decimal(12,2): 9,999,999,999.99

    constexpr Credits() = default;
    [[nodiscard]] static Result<Credits> fromUnits(std::int64_t cu);
    [[nodiscard]] static Result<Credits> fromWhole(std::int64_t credits);
    // "12", "12.5", "-0.25": at most `maxDecimals` (default 2, max 4) fractional
    // digits, else `invalid_amount` (never a silent round).
    [[nodiscard]] static Result<Credits> parse(QStringView decimal, int maxDecimals = 2);

    [[nodiscard]] constexpr std::int64_t units() const { return m_units; }
    [[nodiscard]] constexpr bool isZero() const { return m_units == 0; }
    [[nodiscard]] constexpr bool isNegative() const { return m_units < 0; }
    // floor to whole credits (grants and rollover are whole credits)
    [[nodiscard]] std::int64_t floorWhole() const;

    [[nodiscard]] Result<Credits> plus(Credits other) const;
    [[nodiscard]] Result<Credits> minus(Credits other) const;
    [[nodiscard]] constexpr Credits negated() const { return Credits(-m_units); }

    // "1399.75", "-0.10", "3.20": `decimals` in 0..4; values that need more
    // digits are rounded half-up for display only.
    [[nodiscard]] QString toDecimalString(int decimals = 2) const;

    friend constexpr auto operator<=>(Credits, Credits) = default;

private:
    constexpr explicit Credits(std::int64_t cu) : m_units(cu) {}
    std::int64_t m_units = 0;
};

} // namespace creditdesk
