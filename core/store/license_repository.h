#pragma once

#include "core/domain/error.h"
#include "core/store/mirror_types.h"

#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace creditdesk::store {

class MirrorDatabase;

// Lower-case hex SHA-256 of the normalized key (trimmed, upper-cased, no
// spaces): the certificate's license_key_sha256.
[[nodiscard]] QString licenseKeySha256(QStringView licenseKey);
// "REPHLO-••••-••••-••••-WXYZ": enough to recognise a key, not to use it.
[[nodiscard]] QString licenseKeyHint(QStringView licenseKey);

// The user's perpetual license, its device seats and version upgrades.
class LicenseRepository {
public:
    explicit LicenseRepository(MirrorDatabase &db) : m_db(db) {}

    // Replaces the mirrored license with `license` (nullopt = none: every
    // license row and, by cascade, its seats and upgrades go), and its seats
    // and upgrades with the given sets, in one transaction.
    [[nodiscard]] Result<void> replaceLicense(const std::optional<License> &license, const QList<Device> &devices,
                                              const QList<VersionUpgrade> &upgrades);
    // One seat, e.g. the result of an activation, written at once.
    [[nodiscard]] Result<void> upsertDevice(const Device &device);

    [[nodiscard]] Result<std::optional<License>> license();
    // Active seats first, then most recently seen, then id.
    [[nodiscard]] Result<QList<Device>> devices(const QString &licenseId);
    // Newest first.
    [[nodiscard]] Result<QList<VersionUpgrade>> upgrades(const QString &licenseId);

private:
    MirrorDatabase &m_db;
};

} // namespace creditdesk::store
