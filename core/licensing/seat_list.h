#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::api {
struct LicenseDevices;
}

namespace creditdesk::licensing {

// An active device seat of a license.
struct Seat {
    QString activationId;
    QString deviceName; // empty when the device sent none
    QString osType;
    QString osVersion;
    std::int64_t activatedAtMs = 0;
    std::optional<std::int64_t> lastSeenAtMs;
    bool thisDevice = false;

    friend bool operator==(const Seat &, const Seat &) = default;
};

struct SeatList {
    int maxActivations = 0;
    QList<Seat> seats; // active seats only

    [[nodiscard]] int used() const { return static_cast<int>(seats.size()); }
    friend bool operator==(const SeatList &, const SeatList &) = default;
};

// The details of activation_limit_reached (api-contract §10.2:
// {max_activations, devices:[{activation_id, device_name|null, os_type|null,
// last_seen_at, activated_at}]}, stalest first). nullopt when they carry no
// usable seat list (the real cloud sends none): read the seat list instead.
[[nodiscard]] std::optional<SeatList> seatsFromLimitDetails(const QJsonObject &details,
                                                            const QString &thisActivationId);
// GET /api/licenses/:key/devices.
[[nodiscard]] SeatList seatsFromDevices(const api::LicenseDevices &devices, const QString &thisActivationId);

} // namespace creditdesk::licensing
