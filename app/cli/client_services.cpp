#include "app/cli/client_services.h"

#include "app/cli/format.h"
#include "core/api/api_errors.h"
#include "core/session/app_session.h"
#include "core/sync/sync_errors.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

void whenReachableOrOffline(CommandContext &context, bool requireSignIn,
                            std::function<void(session::AppSession &, bool offline)> next)
{
    session::AppSession *s = context.session();
    if (!s)
        return;
    if (auto server = s->requireServer(); !server)
        return context.fail(server.error());
    if (auto locked = s->lockProfile(); !locked)
        return context.fail(locked.error());
    s->restoreSignIn([&context, s, requireSignIn, next = std::move(next)](Result<void> restored) {
        if (restored)
            return next(*s, false);
        const sync::FailureKind kind = sync::classify(restored.error());
        if (kind == sync::FailureKind::Offline)
            return next(*s, true);
        if (!requireSignIn && kind == sync::FailureKind::SignedOut)
            return next(*s, false);
        context.fail(restored.error());
    });
}

QJsonArray seatsJson(const licensing::SeatList &seats)
{
    QJsonArray list;
    for (const licensing::Seat &seat : seats.seats)
        list.append(QJsonObject{{u"activation_id"_s, seat.activationId},
                                {u"device_name"_s, format::jsonText(seat.deviceName)},
                                {u"os_type"_s, format::jsonText(seat.osType)},
                                {u"os_version"_s, format::jsonText(seat.osVersion)},
                                {u"activated_at"_s, format::jsonTime(seat.activatedAtMs)},
                                {u"last_seen_at"_s, format::jsonTime(seat.lastSeenAtMs)},
                                {u"this_device"_s, seat.thisDevice}});
    return list;
}

QStringList seatsText(const licensing::SeatList &seats)
{
    format::Table table({u"ACTIVATION"_s, u"DEVICE"_s, u"OS"_s, u"ACTIVATED"_s, u"LAST SEEN"_s});
    for (const licensing::Seat &seat : seats.seats) {
        QString name = seat.deviceName.isEmpty() ? u"-"_s : seat.deviceName;
        if (seat.thisDevice)
            name += u" (this device)"_s;
        table.add({seat.activationId, name, QStringList{seat.osType, seat.osVersion}.join(u' ').trimmed(),
                   format::date(seat.activatedAtMs),
                   seat.lastSeenAtMs ? format::time(*seat.lastSeenAtMs) : u"-"_s});
    }
    QStringList text{u"%1 of %2 seats in use:"_s.arg(QString::number(seats.used()),
                                                     QString::number(seats.maxActivations))};
    text += table.render();
    return text;
}

} // namespace creditdesk::cli
