#pragma once

#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::ui {

// "Synced just now", "Synced 5 min ago", "Synced 3 h ago", "Never synced";
// with " — data may be out of date" appended when core's mirrorIsStale() says so.
[[nodiscard]] QString syncAgeText(std::optional<std::int64_t> lastSyncMs, std::int64_t nowMs);

} // namespace creditdesk::ui
