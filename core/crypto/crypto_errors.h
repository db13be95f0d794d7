#pragma once

#include <QLatin1StringView>

// Error codes produced by creditdesk_crypto (Error::code). Each has a test.
namespace creditdesk::crypto::errc {

// An OpenSSL call failed for a reason other than bad input; the message holds
// the OpenSSL error queue.
inline constexpr QLatin1StringView opensslFailure{"openssl_failure"};
inline constexpr QLatin1StringView invalidBase64Url{"invalid_base64url"};

inline constexpr QLatin1StringView keyInvalid{"key_invalid"};
inline constexpr QLatin1StringView keyWrongType{"key_wrong_type"};
inline constexpr QLatin1StringView keyFileIo{"key_file_io"};
inline constexpr QLatin1StringView jwkInvalid{"jwk_invalid"};

inline constexpr QLatin1StringView passwordHashMalformed{"password_hash_malformed"};

inline constexpr QLatin1StringView jwtMalformed{"jwt_malformed"};
inline constexpr QLatin1StringView jwtBadSignature{"jwt_bad_signature"};
inline constexpr QLatin1StringView jwtExpired{"jwt_expired"};
inline constexpr QLatin1StringView jwtNotYetValid{"jwt_not_yet_valid"};
inline constexpr QLatin1StringView jwtWrongIssuer{"jwt_wrong_issuer"};
inline constexpr QLatin1StringView jwtWrongAudience{"jwt_wrong_audience"};
inline constexpr QLatin1StringView jwtUnknownKey{"jwt_unknown_key"};
inline constexpr QLatin1StringView jwtUnsupportedAlg{"jwt_unsupported_alg"};

inline constexpr QLatin1StringView canonicalJsonNonInteger{"canonical_json_non_integer"};
inline constexpr QLatin1StringView canonicalJsonInvalid{"canonical_json_invalid"};

inline constexpr QLatin1StringView invalidTimestamp{"invalid_timestamp"};

inline constexpr QLatin1StringView certificateMalformed{"certificate_malformed"};
inline constexpr QLatin1StringView certificateUnknownKey{"certificate_unknown_key"};
inline constexpr QLatin1StringView certificateBadSignature{"certificate_bad_signature"};

inline constexpr QLatin1StringView offlineFileMalformed{"offline_file_malformed"};
inline constexpr QLatin1StringView offlineFormatUnsupported{"offline_format_unsupported"};

} // namespace creditdesk::crypto::errc
