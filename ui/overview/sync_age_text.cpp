#include "ui/overview/sync_age_text.h"

#include "core/domain/client_rules.h"

#include <QCoreApplication>

namespace creditdesk::ui {

QString syncAgeText(std::optional<std::int64_t> lastSyncMs, std::int64_t nowMs)
{
    if (!lastSyncMs)
        return QCoreApplication::translate("creditdesk::ui", "Never synced");
    const std::int64_t minutes = std::max<std::int64_t>(0, nowMs - *lastSyncMs) / (60 * 1000);
    const int hours = static_cast<int>(minutes / 60);
    const int days = hours / 24;
    QString text;
    if (minutes < 1)
        text = QCoreApplication::translate("creditdesk::ui", "Synced just now");
    else if (minutes < 60)
        text = QCoreApplication::translate("creditdesk::ui", "Synced %n min ago", nullptr, int(minutes));
    else if (hours < 48)
        text = QCoreApplication::translate("creditdesk::ui", "Synced %n h ago", nullptr, hours);
    else
        text = QCoreApplication::translate("creditdesk::ui", "Synced %n days ago", nullptr, days);
    if (mirrorIsStale(lastSyncMs, nowMs))
        text += QCoreApplication::translate("creditdesk::ui", " — data may be out of date");
    return text;
}

} // namespace creditdesk::ui
