#pragma once

#include "core/domain/enums.h"
#include "core/domain/error.h"

#include <QJsonObject>
#include <QLatin1StringView>
#include <QString>
#include <QStringView>

#include <optional>

namespace creditdesk::byok {

// How requests are paid: with the user's own provider keys, or with cloud credits.
enum class Mode { Cloud, Byok };

// "cloud", "byok".
[[nodiscard]] QString toString(EnumArg<Mode> mode);
// Exact spelling; else mode_unknown.
[[nodiscard]] Result<Mode> parseMode(QStringView text);

// The app keeps its settings in the user's preferencesMetadata under
// "creditdesk" (api-contract §4), the mode as {"creditdesk": {"mode": "byok"}}.
inline constexpr QLatin1StringView kMetadataKey{"creditdesk"};
inline constexpr QLatin1StringView kModeKey{"mode"};

// The mode a preferencesMetadata object holds: Cloud when there is no
// metadata, no "creditdesk" object or no mode; nullopt when a mode is there
// but unreadable (the caller decides; treat as Cloud).
[[nodiscard]] std::optional<Mode> modeFromMetadata(const std::optional<QJsonObject> &metadata);

// Read-modify-write: `metadata` with creditdesk.mode set to `mode`; every
// other key, at the top level and inside "creditdesk", is kept. A
// "creditdesk" value that is not an object is replaced.
[[nodiscard]] QJsonObject withMode(const std::optional<QJsonObject> &metadata, Mode mode);

} // namespace creditdesk::byok
