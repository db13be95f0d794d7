#pragma once

#include <QLatin1StringView>

// Error codes produced by core/secrets (Error::code). Each is tested in
// tests/unit/secrets. Invalid keys and values give creditdesk::errc::invalidArgument.
namespace creditdesk::secrets::errc {

// No secret is stored under the key (read only; removing a missing secret succeeds).
inline constexpr QLatin1StringView secretNotFound{"secret_not_found"};
// No Secret Service answers on the session bus (no D-Bus session, no keyring
// daemon running or installed), also after one retry. Nothing was stored.
inline constexpr QLatin1StringView secretServiceUnavailable{"secret_service_unavailable"};
// The keyring is locked or the user refused access.
inline constexpr QLatin1StringView secretAccessDenied{"secret_access_denied"};
// Any other keychain failure; details.backend_message holds the backend's words.
inline constexpr QLatin1StringView secretStoreFailed{"secret_store_failed"};

} // namespace creditdesk::secrets::errc
