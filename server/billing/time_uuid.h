#pragma once

#include <QString>

#include <cstdint>

namespace creditdesk::server::billing {

// A UUID version 7 (RFC 9562): 48 bits of epoch milliseconds, then a
// per-thread sequence and random bits. Ids made by one thread sort in
// creation order, so ledger inserts append to their indexes instead of
// landing at random pages (bulk usage generation relies on it).
[[nodiscard]] QString timeOrderedUuid(std::int64_t epochMs);

} // namespace creditdesk::server::billing
