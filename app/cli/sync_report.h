#pragma once

#include "core/sync/sync_types.h"

#include <QJsonObject>
#include <QStringList>

namespace creditdesk::cli {

// A sync run for --json output and for people.
[[nodiscard]] QJsonObject syncResultJson(const sync::SyncResult &result);
[[nodiscard]] QStringList syncResultText(const sync::SyncResult &result);

} // namespace creditdesk::cli
