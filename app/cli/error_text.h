#pragma once

#include "core/domain/error.h"

#include <QString>

namespace creditdesk::cli {

// The user's words for an error a command ends with (the code stays the
// machine-readable part); `server` names the server in network errors.
[[nodiscard]] QString describeError(const Error &error, const QString &server = {});
// What to do about it, or empty.
[[nodiscard]] QString errorHint(const Error &error);

// A coupon-validate reason (COUPON_EXPIRED, …) in words.
[[nodiscard]] QString couponReason(const QString &reason);

} // namespace creditdesk::cli
