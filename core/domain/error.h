#pragma once

#include <QJsonObject>
#include <QLatin1StringView>
#include <QString>

#include <expected>

namespace creditdesk {

// A failure that crosses a layer: a stable machine code (the wire code where
// the contract has one), a developer message (never shown verbatim, never
// holding a secret) and optional structured details.
struct Error {
    QString code;
    QString message;
    QJsonObject details;

    [[nodiscard]] bool is(QLatin1StringView c) const { return code == c; }
    friend bool operator==(const Error &, const Error &) = default;
};

template <typename T>
using Result = std::expected<T, Error>;

[[nodiscard]] Error makeError(QLatin1StringView code, QString message, QJsonObject details = {});
[[nodiscard]] std::unexpected<Error> fail(QLatin1StringView code, QString message, QJsonObject details = {});

// Codes produced by the domain layer itself.
namespace errc {
inline constexpr QLatin1StringView amountOverflow{"amount_overflow"};
inline constexpr QLatin1StringView invalidAmount{"invalid_amount"};
inline constexpr QLatin1StringView invalidEnumValue{"invalid_enum_value"};
inline constexpr QLatin1StringView invalidArgument{"invalid_argument"};
inline constexpr QLatin1StringView unsupportedTier{"unsupported_tier"};
inline constexpr QLatin1StringView invalidTransition{"invalid_transition"};
inline constexpr QLatin1StringView insufficientCredits{"insufficient_credits"};
inline constexpr QLatin1StringView pricingNotFound{"pricing_not_found"};
inline constexpr QLatin1StringView invalidMultiplier{"invalid_multiplier"};
inline constexpr QLatin1StringView invalidCouponCode{"invalid_coupon_code"};
inline constexpr QLatin1StringView tierNotEligible{"tier_not_eligible"};
inline constexpr QLatin1StringView licenseKeyMalformed{"license_key_malformed"};
inline constexpr QLatin1StringView invalidFingerprint{"invalid_fingerprint"};
inline constexpr QLatin1StringView invalidVersion{"invalid_version"};
inline constexpr QLatin1StringView licenseRevoked{"license_revoked"};
inline constexpr QLatin1StringView licenseSuspended{"license_suspended"};
inline constexpr QLatin1StringView licenseExpired{"license_expired"};
inline constexpr QLatin1StringView activationLimitReached{"activation_limit_reached"};
inline constexpr QLatin1StringView activationNotActive{"activation_not_active"};
inline constexpr QLatin1StringView byokNotEntitled{"byok_not_entitled"};
inline constexpr QLatin1StringView byokLocked{"byok_locked"};
} // namespace errc

} // namespace creditdesk
