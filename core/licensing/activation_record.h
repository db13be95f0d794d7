#pragma once

#include "core/domain/enums.h"
#include "core/domain/error.h"

#include <QLatin1StringView>
#include <QString>

#include <cstdint>
#include <optional>

namespace creditdesk::licensing {

// What this device remembers about its license besides the certificate
// (`license.json` in the profile): enough for the status line after a
// restart without a network, and this device's seat on a server that issues
// no certificates. Holds the key's hash and masked form, never the key.
struct ActivationRecord {
    static constexpr QLatin1StringView kFileName{"license.json"};

    QString licenseKeySha256;
    QString maskedLicenseKey; // "REPHLO-****-****-****-WXYZ"
    QString licenseId;
    QString activationId; // this device's seat
    std::optional<LicenseStatus> licenseStatus;
    std::optional<bool> byokEnabled;
    std::optional<int> seatsUsed;
    std::optional<int> seatsTotal;
    bool onlineOnly = false; // activated on a server without activation certificates
    std::optional<std::int64_t> lastCheckedMs;

    friend bool operator==(const ActivationRecord &, const ActivationRecord &) = default;

    // nullopt when there is no file. license_record_corrupt (moved aside),
    // profile_file_io, profile_file_too_new.
    [[nodiscard]] static Result<std::optional<ActivationRecord>> load(const QString &path,
                                                                      std::int64_t nowMs);
    // Atomic, mode 0600; profile_file_io.
    [[nodiscard]] Result<void> save(const QString &path) const;
    // No file is not an error; profile_file_io.
    [[nodiscard]] static Result<void> remove(const QString &path);
};

} // namespace creditdesk::licensing
