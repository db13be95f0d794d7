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
} // namespace errc

} // namespace creditdesk
