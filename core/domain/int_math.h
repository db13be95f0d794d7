#pragma once

#include "core/domain/error.h"

#include <QString>
#include <QStringView>

#include <cstdint>

namespace creditdesk {

// Exact 128-bit intermediates for money, credit and cost arithmetic.
__extension__ using Int128 = __int128;

inline constexpr Int128 kInt64Max = INT64_MAX;
inline constexpr Int128 kInt64Min = INT64_MIN;

// d > 0 for all three.
[[nodiscard]] constexpr Int128 floorDiv(Int128 n, Int128 d)
{
    const Int128 q = n / d;
    return (n % d != 0 && n < 0) ? q - 1 : q;
}

[[nodiscard]] constexpr Int128 ceilDiv(Int128 n, Int128 d)
{
    const Int128 q = n / d;
    return (n % d != 0 && n > 0) ? q + 1 : q;
}

// Round half-up, away from zero for negatives (-2.5 → -3): the §1 money rule.
[[nodiscard]] constexpr Int128 divHalfUp(Int128 n, Int128 d)
{
    const bool negative = n < 0;
    const Int128 a = negative ? -n : n;
    Int128 q = a / d;
    if (2 * (a % d) >= d)
        ++q;
    return negative ? -q : q;
}

[[nodiscard]] constexpr Int128 pow10(int e)
{
    Int128 r = 1;
    for (int i = 0; i < e; ++i)
        r *= 10;
    return r;
}

// "12", "-3.07" → value × 10^scale. Syntax errors and more than `maxDecimals`
// fractional digits are `invalid_amount`; more than 30 digits `amount_overflow`
// (callers check their own column bound).
[[nodiscard]] Result<Int128> parseScaledDecimal(QStringView text, int scale, int maxDecimals);

// value with `decimals` implied fractional digits → "-1399.75".
[[nodiscard]] QString formatScaled(Int128 value, int decimals);

} // namespace creditdesk
