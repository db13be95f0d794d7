#pragma once

#include "core/domain/error.h"

#include <QByteArray>
#include <QByteArrayView>

#include <cstdint>

namespace creditdesk::api {

// HTTP dates (RFC 9110 §5.6.7) → epoch ms UTC. Accepts the preferred
// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") and, as recipients must, the
// obsolete RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime
// ("Sun Nov  6 08:49:37 1994") forms. The day name must be a real one but is
// not checked against the date. Anything else is `invalid_response`.
[[nodiscard]] Result<std::int64_t> parseHttpDate(QByteArrayView text);

// IMF-fixdate of `epochMs` (milliseconds dropped).
[[nodiscard]] QByteArray formatImfFixdate(std::int64_t epochMs);

} // namespace creditdesk::api
