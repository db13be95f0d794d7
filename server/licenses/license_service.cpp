#include "server/licenses/license_service.h"

#include "core/domain/utc_time.h"
#include "server/db/connection.h"
#include "server/licenses/license_certificates.h"
#include "server/licenses/license_log.h"
#include "server/licenses/license_transaction_p.h"
#include "server/licenses/license_validation.h"
#include "server/server_environment.h"

#include <QDateTime>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

std::unexpected<Error> licenseNotFound()
{
    return fail(licerr::licenseNotFound, u"license not found"_s);
}

std::unexpected<Error> activationNotFound()
{
    return fail(licerr::activationNotFound, u"activation not found"_s);
}

QJsonValue nullable(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

// api-contract §10.2: the seats in use, stalest first.
QJsonArray seatList(const QList<ActivationRecord> &seats)
{
    QJsonArray devices;
    for (const ActivationRecord &a : seats) {
        devices.append(QJsonObject{{u"activation_id"_s, a.id},
                                   {u"device_name"_s, nullable(a.deviceName)},
                                   {u"os_type"_s, nullable(a.osType)},
                                   {u"last_seen_at"_s, toIsoUtc(a.lastSeenAtMs)},
                                   {u"activated_at"_s, toIsoUtc(a.activatedAtMs)}});
    }
    return devices;
}

// A seat the caller may act on: its license locked, owned by the caller.
struct OwnedSeat {
    LicenseRecord license;
    ActivationRecord activation;
};

Result<OwnedSeat> lockOwnedSeat(LicenseRepository &repo, const QString &activationId, const QString &userId)
{
    auto seat = repo.findActivation(activationId);
    if (!seat)
        return std::unexpected(seat.error());
    if (!*seat)
        return activationNotFound();
    auto license = repo.findLicenseById((*seat)->licenseId, true);
    if (!license)
        return std::unexpected(license.error());
    if (!*license || (*license)->userId != userId)
        return activationNotFound();
    // Re-read under the lock: another request may have changed the seat.
    auto fresh = repo.findActivation(activationId);
    if (!fresh)
        return std::unexpected(fresh.error());
    if (!*fresh)
        return activationNotFound();
    if (auto active = checkSeatActive((*fresh)->status); !active)
        return std::unexpected(licval::validationError(u"id"_s, active.error().code, active.error().message));
    return OwnedSeat{**license, **fresh};
}

} // namespace

LicenseService::LicenseService(const ServerEnvironment &env, Connection &db)
    : m_env(env)
    , m_db(db)
    , m_repo(db)
{}

std::int64_t LicenseService::nowMs() const
{
    return m_env.clock ? m_env.clock->nowMs() : QDateTime::currentMSecsSinceEpoch();
}

Result<LicenseRecord> LicenseService::readableLicense(const QString &rawKey, const Principal &caller)
{
    // A malformed key names no license (api-contract §8: 404 license_not_found).
    const auto key = normalizeLicenseKey(rawKey);
    if (!key)
        return licenseNotFound();
    auto license = m_repo.findLicenseByKey(*key);
    if (!license)
        return std::unexpected(license.error());
    if (!*license || (caller.isUser() && (*license)->userId != caller.userId))
        return licenseNotFound();
    return **license;
}

Result<void> LicenseService::recountSeats(LicenseRecord &license, std::int64_t now)
{
    auto count = m_repo.countActiveActivations(license.id);
    if (!count)
        return std::unexpected(count.error());
    license.currentActivations = *count;
    if (auto updated = m_repo.updateLicenseState(license, now); !updated)
        return updated;
    return m_repo.bumpLicenseVersion(license.userId, now);
}

Result<LicenseService::ActivationResult>
LicenseService::activateLocked(LicenseRecord &license, const DeviceInfo &device, std::int64_t now)
{
    auto activeCount = m_repo.countActiveActivations(license.id);
    if (!activeCount)
        return std::unexpected(activeCount.error());
    auto existing = m_repo.findActivationByFingerprint(license.id, device.fingerprint);
    if (!existing)
        return std::unexpected(existing.error());
    const bool fingerprintActive = *existing && (*existing)->status == ActivationStatus::Active;
    auto decision = decideActivation(license.effectiveStatus(now), *activeCount, license.maxActivations,
                                     fingerprintActive);
    if (!decision) {
        Error error = decision.error();
        if (error.is(errc::activationLimitReached)) {
            auto seats = m_repo.listActivations(license.id, true, LicenseRepository::Order::StalestFirst);
            if (!seats)
                return std::unexpected(seats.error());
            error.details.insert(u"max_activations"_s, license.maxActivations);
            error.details.insert(u"devices"_s, seatList(*seats));
        }
        return std::unexpected(error);
    }

    ActivationResult result;
    if (*decision == ActivationOutcome::Touch) {
        if (auto touched = m_repo.touchActivation((*existing)->id, now); !touched)
            return std::unexpected(touched.error());
        result.activation = **existing;
        result.activation.lastSeenAtMs = now;
    } else {
        ActivationRecord seat;
        seat.licenseId = license.id;
        seat.fingerprint = device.fingerprint;
        seat.deviceName = device.deviceName;
        seat.osType = device.osType;
        seat.osVersion = device.osVersion;
        seat.cpuInfo = device.cpuInfo;
        seat.status = ActivationStatus::Active;
        seat.activatedAtMs = now;
        seat.lastSeenAtMs = now;
        if (*existing) {
            // (license, fingerprint) is unique: a once-deactivated device takes its old row back.
            seat.id = (*existing)->id;
            if (auto reused = m_repo.reactivateActivation(seat.id, device, now); !reused)
                return std::unexpected(reused.error());
        } else {
            seat.id = sqlv::newUuid();
            if (auto inserted = m_repo.insertActivation(seat, now); !inserted)
                return std::unexpected(inserted.error());
        }
        if (license.status == LicenseStatus::Pending) {
            if (auto allowed = checkLicenseTransition(license.status, LicenseStatus::Active); !allowed)
                return std::unexpected(allowed.error());
            license.status = LicenseStatus::Active;
        }
        if (!license.activatedAtMs)
            license.activatedAtMs = now;
        if (auto counted = recountSeats(license, now); !counted)
            return std::unexpected(counted.error());
        result.activation = seat;
        result.isNew = true;
        qCDebug(lcServerLicenses).noquote()
            << "seat taken on" << maskLicenseKey(license.licenseKey) << "(" << license.currentActivations
            << "of" << license.maxActivations << ")";
    }
    result.license = license;
    if (liccert::enabled(m_env)) {
        auto certificate = liccert::issue(m_env, license, device.fingerprint, now);
        if (!certificate)
            return std::unexpected(certificate.error());
        result.certificate = *certificate;
    }
    return result;
}

Result<LicenseService::ActivationResult>
LicenseService::activate(const QString &rawKey, const DeviceInfo &device, const Principal &caller)
{
    const auto key = licval::licenseKey(rawKey);
    if (!key)
        return std::unexpected(key.error());
    if (auto checked = licval::deviceInfo(device, u"deviceInfo"_s); !checked)
        return std::unexpected(checked.error());
    return lictx::inTransaction(m_db, [&]() -> Result<ActivationResult> {
        auto license = m_repo.findLicenseByKey(*key, true);
        if (!license)
            return std::unexpected(license.error());
        if (!*license || (caller.isUser() && (*license)->userId != caller.userId))
            return licenseNotFound();
        return activateLocked(**license, device, nowMs());
    });
}

Result<void> LicenseService::deactivate(const QString &activationId, const QString &userId)
{
    if (!licval::isUuid(activationId))
        return activationNotFound();
    return lictx::inTransaction(m_db, [&]() -> Result<void> {
        auto seat = lockOwnedSeat(m_repo, activationId.toLower(), userId);
        if (!seat)
            return std::unexpected(seat.error());
        const std::int64_t now = nowMs();
        if (auto ended = m_repo.endActivation(seat->activation.id, ActivationStatus::Deactivated, {}, now);
            !ended)
            return ended;
        qCDebug(lcServerLicenses).noquote() << "seat freed on" << maskLicenseKey(seat->license.licenseKey);
        return recountSeats(seat->license, now);
    });
}

Result<LicenseService::ActivationResult>
LicenseService::replace(const QString &activationId, const DeviceInfo &device, const QString &userId)
{
    if (!licval::isUuid(activationId))
        return activationNotFound();
    if (auto checked = licval::deviceInfo(device, u"newDeviceInfo"_s); !checked)
        return std::unexpected(checked.error());
    return lictx::inTransaction(m_db, [&]() -> Result<ActivationResult> {
        auto seat = lockOwnedSeat(m_repo, activationId.toLower(), userId);
        if (!seat)
            return std::unexpected(seat.error());
        LicenseRecord &license = seat->license;
        const std::int64_t now = nowMs();
        // The license itself must still allow seats (revoked/suspended/expired → 403).
        if (auto allowed = decideActivation(license.effectiveStatus(now), 0, license.maxActivations, false);
            !allowed)
            return std::unexpected(allowed.error());
        auto existing = m_repo.findActivationByFingerprint(license.id, device.fingerprint);
        if (!existing)
            return std::unexpected(existing.error());
        if (*existing && (*existing)->status == ActivationStatus::Active)
            return fail(licerr::conflict, u"the new device already holds a seat of this license"_s,
                        QJsonObject{{u"newDeviceInfo.fingerprint"_s, u"already_active"_s}});
        ActivationRecord fresh;
        fresh.licenseId = license.id;
        fresh.fingerprint = device.fingerprint;
        fresh.deviceName = device.deviceName;
        fresh.osType = device.osType;
        fresh.osVersion = device.osVersion;
        fresh.cpuInfo = device.cpuInfo;
        fresh.activatedAtMs = now;
        fresh.lastSeenAtMs = now;
        if (*existing) {
            fresh.id = (*existing)->id;
            if (auto reused = m_repo.reactivateActivation(fresh.id, device, now); !reused)
                return std::unexpected(reused.error());
        } else {
            fresh.id = sqlv::newUuid();
            if (auto inserted = m_repo.insertActivation(fresh, now); !inserted)
                return std::unexpected(inserted.error());
        }
        if (auto ended = m_repo.endActivation(seat->activation.id, ActivationStatus::Replaced, fresh.id, now);
            !ended)
            return std::unexpected(ended.error());
        if (auto counted = recountSeats(license, now); !counted)
            return std::unexpected(counted.error());
        ActivationResult result{license, fresh, true, {}};
        if (liccert::enabled(m_env)) {
            auto certificate = liccert::issue(m_env, license, device.fingerprint, now);
            if (!certificate)
                return std::unexpected(certificate.error());
            result.certificate = *certificate;
        }
        qCDebug(lcServerLicenses).noquote() << "seat replaced on" << maskLicenseKey(license.licenseKey);
        return result;
    });
}

Result<LicenseService::Renewal> LicenseService::renewCertificate(const QString &userId,
                                                                 const QString &fingerprint)
{
    if (auto fp = validateFingerprint(fingerprint); !fp)
        return std::unexpected(
            licval::validationError(u"fingerprint"_s, fp.error().code, fp.error().message));
    auto seat = m_repo.findActiveActivationForUser(userId, fingerprint);
    if (!seat)
        return std::unexpected(seat.error());
    if (!*seat)
        return activationNotFound();
    auto license = m_repo.findLicenseById((*seat)->licenseId);
    if (!license)
        return std::unexpected(license.error());
    if (!*license)
        return activationNotFound();
    const std::int64_t now = nowMs();
    if (auto allowed =
            decideActivation((*license)->effectiveStatus(now), 0, (*license)->maxActivations, true);
        !allowed)
        return std::unexpected(allowed.error());
    if (auto touched = m_repo.touchActivation((*seat)->id, now); !touched)
        return std::unexpected(touched.error());
    auto certificate = liccert::issue(m_env, **license, fingerprint, now);
    if (!certificate)
        return std::unexpected(certificate.error());
    return Renewal{(*seat)->id, (*license)->id, *certificate};
}

} // namespace creditdesk::server
