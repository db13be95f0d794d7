#pragma once

#include "core/domain/error.h"

#include <QByteArray>
#include <QLatin1StringView>
#include <QString>

#include <functional>

namespace creditdesk {
class Clock;
}

namespace creditdesk::licensing {

enum class FingerprintSource {
    MachineId,      // the OS machine id (QSysInfo::machineUniqueId)
    InstallationId, // no machine id (Flatpak, containers): bound to this installation's profile
};

struct Fingerprint {
    QString hex; // 64 lower-case hex digits (domain-rules §7)
    FingerprintSource source = FingerprintSource::MachineId;
    // The installation id file was damaged, set aside and replaced: the
    // fingerprint differs from the one this installation had before.
    bool installationIdReplaced = false;
};

// Returns the raw OS machine id, or empty when there is none.
using MachineIdProvider = std::function<QByteArray()>;

// This device's fingerprint: lower-case hex SHA-256(machine id + app salt).
// Without a machine id, a random 32-byte installation id is created once in
// the profile directory (`installation-id.json`, mode 0600) and used instead.
// The raw machine id never leaves this class and is never logged.
class DeviceFingerprint {
public:
    static constexpr QLatin1StringView kAppSalt{"creditdesk.device.v1"};
    static constexpr QLatin1StringView kInstallationIdFileName{"installation-id.json"};
    static constexpr qsizetype kInstallationIdSize = 32;

    // QSysInfo::machineUniqueId().
    [[nodiscard]] static QByteArray systemMachineId();

    DeviceFingerprint(QString profileDir, const Clock &clock, MachineIdProvider machineId = systemMachineId,
                      QByteArray salt = QByteArray(kAppSalt.data(), kAppSalt.size()));

    // profile_file_io when the installation id is needed but cannot be read
    // or created (a file written by a newer CreditDesk: profile_file_too_new).
    [[nodiscard]] Result<Fingerprint> compute() const;

    [[nodiscard]] QString installationIdPath() const;

private:
    [[nodiscard]] Result<std::pair<QByteArray, bool>> installationId() const;

    QString m_profileDir;
    const Clock &m_clock;
    MachineIdProvider m_machineId;
    QByteArray m_salt;
};

} // namespace creditdesk::licensing
