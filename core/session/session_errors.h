#pragma once

#include <QLatin1StringView>

// Error codes produced by core/session (Error::code). Each is tested in
// tests/integration/cli. Sign-in, API, mirror and secret-store codes pass
// through unchanged (sign_in_required, network_unreachable, mirror_corrupt,
// secret_service_unavailable, …).
namespace creditdesk::session::errc {

// The profile directory cannot be created, is not a directory or is not
// writable (details.path).
inline constexpr QLatin1StringView profileUnavailable{"profile_unavailable"};
// Another process holds the profile's lock (details: path, pid, hostname, application).
inline constexpr QLatin1StringView profileLocked{"profile_locked"};
// The profile's settings file cannot be read or written, or holds a value of
// the wrong shape (details.path, details.key).
inline constexpr QLatin1StringView profileSettingsInvalid{"profile_settings_invalid"};
// No server URL: neither given for this run nor remembered by the profile.
inline constexpr QLatin1StringView serverNotConfigured{"server_not_configured"};
// A server or issuer URL that is not http(s) with a host (details.url).
inline constexpr QLatin1StringView invalidServerUrl{"invalid_server_url"};

} // namespace creditdesk::session::errc
