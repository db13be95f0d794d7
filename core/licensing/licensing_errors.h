#pragma once

#include <QLatin1StringView>

// Error codes produced by core/licensing (Error::code). Each is tested in
// tests/unit/licensing. Codes from creditdesk_crypto pass through unchanged:
// certificate_malformed, certificate_unknown_key (key_id not pinned),
// certificate_bad_signature, offline_file_malformed, offline_format_unsupported;
// so do the domain's license_key_malformed, invalid_fingerprint,
// invalid_version, byok_not_entitled and byok_locked.
namespace creditdesk::licensing::errc {

// activation.json is not JSON, truncated, or holds a field of the wrong type.
// The file was moved aside to `<name>.corrupt-<timestamp>` (details.moved_to);
// the state is "no certificate".
inline constexpr QLatin1StringView certificateStoreCorrupt{"certificate_store_corrupt"};
// clock.json is damaged: moved aside, the high-water mark starts again from 0.
inline constexpr QLatin1StringView clockStateCorrupt{"clock_state_corrupt"};
// pinned-keys.json is damaged (or a key_id does not match its key): moved aside.
inline constexpr QLatin1StringView pinnedKeysCorrupt{"pinned_keys_corrupt"};
// A licensing file in the profile cannot be read, written or moved aside.
inline constexpr QLatin1StringView profileFileIo{"profile_file_io"};
// A licensing file was written by a newer CreditDesk: left untouched, not overwritten.
inline constexpr QLatin1StringView profileFileTooNew{"profile_file_too_new"};

// A public key offered for pinning is not a base64url Ed25519 key, names
// another algorithm, or its key_id does not match it.
inline constexpr QLatin1StringView pinnedKeyInvalid{"pinned_key_invalid"};

// The certificate verified but was issued for another device, user or license key.
inline constexpr QLatin1StringView certificateFingerprintMismatch{"certificate_fingerprint_mismatch"};
inline constexpr QLatin1StringView certificateUserMismatch{"certificate_user_mismatch"};
inline constexpr QLatin1StringView certificateLicenseKeyMismatch{"certificate_license_key_mismatch"};

// The local clock is behind the high-water mark by more than the tolerance
// (details: now, high_water, behind_ms, source). A state, reported as the
// reason of LicenseState::Kind::ClockRollback.
inline constexpr QLatin1StringView clockRollback{"clock_rollback"};

// The running app's major version is beyond the certificate's eligible major.
inline constexpr QLatin1StringView licenseVersionNotEligible{"license_version_not_eligible"};

// Offline activation (api-contract §10.3).
inline constexpr QLatin1StringView offlineNoPendingRequest{"offline_no_pending_request"};
inline constexpr QLatin1StringView offlineNonceMismatch{"offline_nonce_mismatch"};
inline constexpr QLatin1StringView offlineFingerprintMismatch{"offline_fingerprint_mismatch"};
// The request or response file at a user-chosen path cannot be written or read.
inline constexpr QLatin1StringView offlineFileIo{"offline_file_io"};

// LicenseManager.
// license.json (what the device remembers besides the certificate) is
// damaged: moved aside (details.moved_to); the masked key and seat counts
// come back at the next online check.
inline constexpr QLatin1StringView licenseRecordCorrupt{"license_record_corrupt"};
// Keys are pinned and the server signs with another one (details: key_id,
// pinned_key_ids). Its certificates are refused until the app is given the
// new key (a build that ships it, or a fresh profile).
inline constexpr QLatin1StringView serverKeyChanged{"server_key_changed"};
// A certificate must be verified but no server key is pinned yet (offline
// import on a device that never reached the server).
inline constexpr QLatin1StringView noPinnedKeys{"no_pinned_keys"};
// deactivate() for this device, which holds no activation.
inline constexpr QLatin1StringView licenseNotActivated{"license_not_activated"};
// The seat list needs the license key: none was given, none is known from
// this session, and the server does not tell the signed-in user (real cloud).
inline constexpr QLatin1StringView licenseKeyRequired{"license_key_required"};

} // namespace creditdesk::licensing::errc
