#include "core/licensing/device_fingerprint.h"

#include "core/crypto/primitives.h"
#include "core/domain/clock.h"
#include "core/domain/utc_time.h"
#include "core/licensing/licensing_log.h"
#include "core/licensing/profile_json_file.h"

#include <QDir>
#include <QSysInfo>

using namespace Qt::StringLiterals;

namespace creditdesk::licensing {

namespace {

constexpr QLatin1StringView kInstallationIdKind{"creditdesk.installation-id"};
// Internal: a damaged id file is set aside and replaced, never reported as such.
constexpr QLatin1StringView kInstallationIdDamaged{"installation_id_damaged"};

QString fingerprintOf(const QByteArray &id, const QByteArray &salt)
{
    return crypto::sha256Hex(QByteArray(id + salt));
}

} // namespace

QByteArray DeviceFingerprint::systemMachineId()
{
    return QSysInfo::machineUniqueId();
}

DeviceFingerprint::DeviceFingerprint(QString profileDir, const Clock &clock, MachineIdProvider machineId,
                                     QByteArray salt)
    : m_profileDir(std::move(profileDir))
    , m_clock(clock)
    , m_machineId(std::move(machineId))
    , m_salt(std::move(salt))
{}

QString DeviceFingerprint::installationIdPath() const
{
    return QDir(m_profileDir).filePath(kInstallationIdFileName);
}

Result<Fingerprint> DeviceFingerprint::compute() const
{
    const QByteArray machineId = m_machineId ? m_machineId() : QByteArray();
    if (!machineId.isEmpty())
        return Fingerprint{fingerprintOf(machineId, m_salt), FingerprintSource::MachineId, false};

    auto id = installationId();
    if (!id)
        return std::unexpected(id.error());
    return Fingerprint{fingerprintOf(id->first, m_salt), FingerprintSource::InstallationId, id->second};
}

// The installation id and whether a damaged one was just replaced.
Result<std::pair<QByteArray, bool>> DeviceFingerprint::installationId() const
{
    const detail::ProfileJsonFile file(installationIdPath(), kInstallationIdKind, kInstallationIdDamaged);
    const std::int64_t now = m_clock.nowMs();
    bool replaced = false;
    auto body = file.read(now);
    if (!body && body.error().is(kInstallationIdDamaged)) {
        replaced = true; // damaged: set aside, a new id follows
    } else if (!body) {
        return std::unexpected(body.error());
    } else if (*body) {
        const auto raw = crypto::base64UrlDecode((*body)->value("id"_L1).toString());
        if (raw && raw->size() == kInstallationIdSize)
            return std::pair{*raw, false};
        const Error aside = file.setAside(u"id is not base64url of 32 bytes"_s, now);
        if (!aside.is(kInstallationIdDamaged))
            return std::unexpected(aside);
        replaced = true;
    }

    auto fresh = crypto::randomBytes(kInstallationIdSize);
    if (!fresh)
        return std::unexpected(fresh.error());
    if (auto written = file.write(
            QJsonObject{{u"id"_s, crypto::base64UrlEncode(*fresh)}, {u"created_at"_s, toIsoUtc(now)}});
        !written)
        return std::unexpected(written.error());
    qCInfo(lcLicensing) << "no OS machine id: created an installation id for the device fingerprint";
    return std::pair{*fresh, replaced};
}

} // namespace creditdesk::licensing
