#pragma once

#include <QLatin1StringView>

// Error codes of the command line itself (creditdesk::cli). Usage errors end
// with exit status 1, every other error with 2. Core's codes pass through.
namespace creditdesk::cli::errc {

// The first word is not a command (exit 1).
inline constexpr QLatin1StringView unknownCommand{"unknown_command"};
// An unknown option, a missing option value or a wrong number of arguments (exit 1).
inline constexpr QLatin1StringView usageError{"usage_error"};
// An argument or option value of the wrong form, e.g. a date or a tier (exit 1).
inline constexpr QLatin1StringView invalidArgument{"invalid_argument"};
// A file the command writes cannot be created or written (exit 2).
inline constexpr QLatin1StringView fileWriteFailed{"file_write_failed"};
// Standard input cannot be read (exit 2).
inline constexpr QLatin1StringView inputUnreadable{"input_unreadable"};

// `keys verify`: the provider's verdict on a key other than valid (exit 2):
// refused (401/403), valid but without credit or quota (402), rate limited
// (429: the key itself is fine), or no verdict (network, 5xx, details.reason).
inline constexpr QLatin1StringView keyRejected{"key_rejected"};
inline constexpr QLatin1StringView keyNoQuota{"key_no_quota"};
inline constexpr QLatin1StringView keyRateLimited{"key_rate_limited"};
inline constexpr QLatin1StringView keyUnverified{"key_unverified"};

// Why `status` did not refresh the data (sync.reason.code of its output);
// other reasons are the error codes of the failed sign-in or sync.
inline constexpr QLatin1StringView offlineRequested{"offline_requested"};
inline constexpr QLatin1StringView notSignedIn{"not_signed_in"};

} // namespace creditdesk::cli::errc
