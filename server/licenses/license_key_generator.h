#pragma once

#include "core/domain/error.h"

#include <QString>

namespace creditdesk::server {

// A fresh key `REPHLO-XXXX-XXXX-XXXX-XXXX`: 16 symbols drawn uniformly from
// kLicenseKeyAlphabet with the OpenSSL CSPRNG (domain-rules §7, 80 bits, no
// checksum). Uniqueness is the caller's (redraw on collision).
[[nodiscard]] Result<QString> generateLicenseKey();

} // namespace creditdesk::server
