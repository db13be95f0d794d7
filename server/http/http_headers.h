#pragma once

#include "server/http/request_context.h"

#include <QByteArray>
#include <QString>

#include <cstdint>

namespace creditdesk::server {

// The client's X-Request-ID when it is 1–128 chars of [A-Za-z0-9._:-], else a new UUID (§10.8).
[[nodiscard]] QString requestIdFor(const QByteArray &clientValue);

// RFC 9110 IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
[[nodiscard]] QByteArray imfFixdate(std::int64_t epochMs);

[[nodiscard]] QString methodName(HttpMethod method);

// SHA-256 hex of the license key a by-key request carries in its JSON body
// (`licenseKey` or `license_key`, trimmed and upper-cased), or "" — the
// anonymous scope of Idempotency-Key and the `license_key` rate limit.
[[nodiscard]] QString licenseKeyDigest(const QByteArray &body);

} // namespace creditdesk::server
