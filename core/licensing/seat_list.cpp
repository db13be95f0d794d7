#include "core/licensing/seat_list.h"

#include "core/api/license_types.h"
#include "core/domain/utc_time.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::licensing {

namespace {

constexpr qint64 kMaxSeats = 100'000;

int clampedCount(std::int64_t n)
{
    return static_cast<int>(std::clamp<std::int64_t>(n, 0, kMaxSeats));
}

} // namespace

std::optional<SeatList> seatsFromLimitDetails(const QJsonObject &details, const QString &thisActivationId)
{
    const QJsonValue devices = details.value("devices"_L1);
    const qint64 max = details.value("max_activations"_L1).toInteger(-1);
    if (!devices.isArray() || max < 0)
        return std::nullopt;
    SeatList list;
    list.maxActivations = clampedCount(max);
    for (const QJsonValue &value : devices.toArray()) {
        const QJsonObject device = value.toObject();
        const QString id = device.value("activation_id"_L1).toString();
        const auto activatedAt = parseIsoUtc(device.value("activated_at"_L1).toString());
        if (id.isEmpty() || !activatedAt)
            return std::nullopt;
        Seat seat;
        seat.activationId = id;
        seat.deviceName = device.value("device_name"_L1).toString();
        seat.osType = device.value("os_type"_L1).toString();
        seat.activatedAtMs = *activatedAt;
        if (const auto lastSeen = parseIsoUtc(device.value("last_seen_at"_L1).toString()))
            seat.lastSeenAtMs = *lastSeen;
        seat.thisDevice = !thisActivationId.isEmpty() && id == thisActivationId;
        list.seats.append(seat);
    }
    return list;
}

SeatList seatsFromDevices(const api::LicenseDevices &devices, const QString &thisActivationId)
{
    SeatList list;
    list.maxActivations = clampedCount(devices.maxActivations);
    for (const api::LicenseDevice &device : devices.devices) {
        Seat seat;
        seat.activationId = device.id;
        seat.deviceName = device.deviceName;
        seat.osType = device.osType;
        seat.osVersion = device.osVersion;
        seat.activatedAtMs = device.activatedAtMs;
        if (device.lastSeenAtMs > 0)
            seat.lastSeenAtMs = device.lastSeenAtMs;
        seat.thisDevice = !thisActivationId.isEmpty() && device.id == thisActivationId;
        list.seats.append(seat);
    }
    return list;
}

} // namespace creditdesk::licensing
