#pragma once

#include <QLatin1StringView>

// Error codes produced by core/byok (Error::code). Each is tested in
// tests/unit/byok. Codes from elsewhere that pass through unchanged: the
// domain's byok_not_entitled and byok_locked (details.reason says why, see
// byok_entitlement.h), core/secrets' secret_* codes, CloudClient's codes
// (api_errors.h) and the mirror's (mirror_errors.h).
namespace creditdesk::byok::errc {

// Not one of "openai", "anthropic", "google", "openai-compatible" (exact spelling).
inline constexpr QLatin1StringView providerUnknown{"provider_unknown"};
// An API key that is empty, too short or too long, or holds whitespace or
// characters outside printable ASCII (details.reason). Nothing was stored.
inline constexpr QLatin1StringView providerKeyInvalid{"provider_key_invalid"};
// No key is stored for the provider.
inline constexpr QLatin1StringView providerKeyMissing{"provider_key_missing"};
// The OpenAI-compatible provider needs a base URL and none is configured.
inline constexpr QLatin1StringView providerBaseUrlMissing{"provider_base_url_missing"};
// Not an absolute http(s) URL, carries user info, a query or a fragment, or
// is plain http to a host that is not loopback (details.reason).
inline constexpr QLatin1StringView providerBaseUrlInvalid{"provider_base_url_invalid"};

// byok-providers.json is not JSON or not ours: moved aside (details.moved_to);
// the settings start empty.
inline constexpr QLatin1StringView settingsCorrupt{"byok_settings_corrupt"};
// byok-providers.json was written by a newer CreditDesk: left untouched and
// never overwritten by this build.
inline constexpr QLatin1StringView settingsTooNew{"byok_settings_too_new"};
// byok-providers.json cannot be read, written or moved aside.
inline constexpr QLatin1StringView settingsIo{"byok_settings_io"};

// Not "byok" or "cloud".
inline constexpr QLatin1StringView modeUnknown{"mode_unknown"};
// setMode() while an earlier change is still running; nothing was changed.
inline constexpr QLatin1StringView modeChangeInProgress{"mode_change_in_progress"};

} // namespace creditdesk::byok::errc
