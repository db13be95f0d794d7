// LicenseManager: activation, seats and deactivation.
#include "core/api/api_errors.h"
#include "core/api/cloud_client.h"
#include "core/crypto/activation_certificate.h"
#include "core/domain/license_rules.h"
#include "core/licensing/license_key_format.h"
#include "core/licensing/license_manager.h"
#include "core/licensing/license_manager_p.h"
#include "core/licensing/licensing_errors.h"
#include "core/licensing/licensing_log.h"
#include "core/sync/outbox_entries.h"
#include "core/sync/outbox_replayer.h"
#include "core/sync/sync_errors.h"

#include <QSysInfo>

using namespace Qt::StringLiterals;

namespace creditdesk::licensing {

void LicenseManager::activate(const QString &licenseKey, const QString &deviceName, QObject *context,
                              Callback<ActivationResult> done)
{
    auto reply = detail::guarded(context, std::move(done));
    ensureEvaluated();
    auto key = checkLicenseKey(licenseKey);
    if (!key)
        return detail::failLater(this, reply, key.error());
    if (m_fingerprintError)
        return detail::failLater(this, reply, *m_fingerprintError);
    ensureKeys([this, key = *key, deviceName, reply](Result<void> ready) {
        if (!ready) {
            reply(std::unexpected(ready.error()));
            return;
        }
        sendActivation(key, deviceName, reply);
    });
}

void LicenseManager::activateFreeing(const QString &licenseKey, const QString &activationIdToFree,
                                     const QString &deviceName, QObject *context,
                                     Callback<ActivationResult> done)
{
    auto reply = detail::guarded(context, std::move(done));
    ensureEvaluated();
    auto key = checkLicenseKey(licenseKey);
    if (!key)
        return detail::failLater(this, reply, key.error());
    if (activationIdToFree.isEmpty())
        return detail::failLater(this, reply,
                                 makeError(creditdesk::errc::invalidArgument, u"choose the seat to free"_s));
    if (m_fingerprintError)
        return detail::failLater(this, reply, *m_fingerprintError);
    ensureKeys([this, key = *key, activationIdToFree, deviceName, reply](Result<void> ready) {
        if (!ready) {
            reply(std::unexpected(ready.error()));
            return;
        }
        m_client.deactivateDevice(activationIdToFree, api::IdempotencyKey::generate(), this,
                                  [this, key, activationIdToFree, deviceName, reply](Result<void> freed) {
                                      // validation_error: the seat is not active any more, so it is free
                                      // already.
                                      if (!freed && !freed.error().is(api::errc::validationError)) {
                                          reply(std::unexpected(freed.error()));
                                          return;
                                      }
                                      qCInfo(lcLicensing).noquote()
                                          << "seat" << activationIdToFree << "freed for this device";
                                      sendActivation(key, deviceName, reply);
                                  });
    });
}

void LicenseManager::sendActivation(const QString &key, const QString &deviceName,
                                    Callback<ActivationResult> reply)
{
    const api::DeviceInfo device{m_fingerprint, deviceName.isEmpty() ? m_options.device.name : deviceName,
                                 m_options.device.osType, QSysInfo::productVersion(),
                                 QSysInfo::currentCpuArchitecture()};
    m_client.activateLicense(key, device, api::IdempotencyKey::generate(), this,
                             [this, key, reply](Result<api::Activation> activation) {
                                 if (!activation) {
                                     if (activation.error().is(api::errc::activationLimitReached)) {
                                         reportSeatLimit(key, activation.error(), reply);
                                         return;
                                     }
                                     qCInfo(lcLicensing).noquote() << "activation of" << maskLicenseKey(key)
                                                                   << "failed:" << activation.error().code;
                                     reply(std::unexpected(activation.error()));
                                     return;
                                 }
                                 auto result = completeActivation(key, *activation);
                                 if (!result) {
                                     reply(std::move(result));
                                     return;
                                 }
                                 // The seat counts, so the state shows "2 of 3" at once.
                                 fetchSeats(key, [this, result = *result, reply](Result<SeatList>) mutable {
                                     result.state = m_snapshot;
                                     reply(std::move(result));
                                 });
                             });
}

Result<ActivationResult> LicenseManager::completeActivation(const QString &key,
                                                            const api::Activation &activation)
{
    const QString sha = crypto::licenseKeySha256(key);
    m_licenseKey = key;
    ActivationResult result;
    result.activationId = activation.activationId;
    result.newActivation = activation.isNewActivation.value_or(false);
    if (activation.certificate) {
        if (auto installed = installCertificate(*activation.certificate, activation.activationId, sha);
            !installed)
            return std::unexpected(installed.error());
    } else {
        result.onlineOnly = true;
        m_onlineOnly = true;
    }
    updateRecord(sha, [&](ActivationRecord &record) {
        record.maskedLicenseKey = maskLicenseKey(key);
        record.licenseId = activation.licenseId;
        record.activationId = activation.activationId;
        record.licenseStatus = LicenseStatus::Active;
        record.onlineOnly = !activation.certificate;
        record.lastCheckedMs = nowMs();
    });
    m_online = true;
    m_renewalProblem.reset();
    if (!activation.certificate)
        evaluate();
    if (m_started)
        scheduleNext();
    publish();
    qCInfo(lcLicensing).noquote() << "activated" << maskLicenseKey(key) << "on this device"
                                  << (result.newActivation ? "(new seat)" : "(seat already held)")
                                  << (result.onlineOnly ? "online-only" : "");
    result.state = m_snapshot;
    return result;
}

void LicenseManager::reportSeatLimit(const QString &key, const Error &error, Callback<ActivationResult> reply)
{
    qCInfo(lcLicensing).noquote() << "every seat of" << maskLicenseKey(key) << "is taken";
    const auto finish = [this, reply](SeatList seats) {
        ActivationResult result;
        result.outcome = ActivationResult::Outcome::SeatLimitReached;
        result.seats = std::move(seats);
        result.state = m_snapshot;
        reply(std::move(result));
    };
    if (auto seats = seatsFromLimitDetails(error.details, m_snapshot.activationId)) {
        noteSeats(key, *seats);
        finish(std::move(*seats));
        return;
    }
    // The real cloud names no seats: read them.
    m_client.fetchLicenseDevices(key, this,
                                 [this, key, error, reply, finish](Result<api::LicenseDevices> devices) {
                                     if (!devices) {
                                         reply(std::unexpected(error));
                                         return;
                                     }
                                     SeatList seats = seatsFromDevices(*devices, m_snapshot.activationId);
                                     noteSeats(key, seats);
                                     finish(std::move(seats));
                                 });
}

void LicenseManager::devices(const QString &licenseKey, QObject *context, Callback<SeatList> done)
{
    auto reply = detail::guarded(context, std::move(done));
    ensureEvaluated();
    if (!licenseKey.isEmpty()) {
        auto key = checkLicenseKey(licenseKey);
        if (!key)
            return detail::failLater(this, reply, key.error());
        m_licenseKey = *key;
        fetchSeats(*key, reply);
        return;
    }
    if (!m_licenseKey.isEmpty()) {
        fetchSeats(m_licenseKey, reply);
        return;
    }
    const Error keyRequired =
        makeError(errc::licenseKeyRequired, u"enter the license key: it is not known on this device"_s);
    if (!signedIn())
        return detail::failLater(this, reply, keyRequired);
    m_client.fetchMyLicense(this, [this, reply, keyRequired](Result<std::optional<api::MyLicense>> license) {
        if (!license) {
            reply(std::unexpected(license.error().is(api::errc::endpointUnavailable) ? keyRequired
                                                                                     : license.error()));
            return;
        }
        if (!*license) {
            reply(fail(api::errc::licenseNotFound, u"the signed-in user has no license"_s));
            return;
        }
        adoptMyLicense(*license);
        auto key = normalizeLicenseKey((*license)->licenseKey);
        if (!key) {
            reply(std::unexpected(key.error()));
            return;
        }
        fetchSeats(*key, reply);
    });
}

void LicenseManager::fetchSeats(const QString &key, Callback<SeatList> reply)
{
    m_client.fetchLicenseDevices(key, this, [this, key, reply](Result<api::LicenseDevices> devices) {
        if (!devices) {
            reply(std::unexpected(devices.error()));
            return;
        }
        SeatList seats = seatsFromDevices(*devices, m_snapshot.activationId);
        noteSeats(key, seats);
        reply(std::move(seats));
    });
}

void LicenseManager::noteSeats(const QString &key, const SeatList &seats)
{
    const QString sha = crypto::licenseKeySha256(key);
    if (!m_record || m_record->licenseKeySha256 != sha)
        return;
    updateRecord(sha, [&](ActivationRecord &record) {
        record.maskedLicenseKey = maskLicenseKey(key);
        record.seatsUsed = seats.used();
        record.seatsTotal = seats.maxActivations;
    });
    publish();
}

void LicenseManager::deactivate(const QString &activationId, QObject *context,
                                Callback<DeactivationResult> done)
{
    auto reply = detail::guarded(context, std::move(done));
    ensureEvaluated();
    const QString own = m_snapshot.activationId;
    const QString id = activationId.isEmpty() ? own : activationId;
    if (id.isEmpty())
        return detail::failLater(this, reply,
                                 makeError(errc::licenseNotActivated, u"this device holds no activation"_s));
    const bool self = id == own;
    const api::IdempotencyKey key = api::IdempotencyKey::generate();
    m_client.deactivateDevice(id, key, this, [this, id, self, key, reply](Result<void> freed) {
        DeactivationResult result;
        result.activationId = id;
        result.thisDevice = self;
        if (freed) {
            qCInfo(lcLicensing).noquote() << "seat" << id << "deactivated" << (self ? "(this device)" : "");
            if (self)
                forgetThisDevice();
            reply(std::move(result));
            return;
        }
        if (!m_outbox || sync::classify(freed.error()) != sync::FailureKind::Offline) {
            reply(std::unexpected(freed.error()));
            return;
        }
        // Offline: queued with this action's key, so a replay after a lost answer acts once.
        m_outbox->enqueue(sync::outbox::deviceDeactivation(id, key, nowMs()), this,
                          [this, result, self, reply](Result<qint64> queued) mutable {
                              if (!queued) {
                                  reply(std::unexpected(queued.error()));
                                  return;
                              }
                              qCInfo(lcLicensing).noquote() << "server unreachable: deactivation of seat"
                                                            << result.activationId << "queued";
                              if (self)
                                  forgetThisDevice();
                              result.outcome = DeactivationResult::Outcome::Queued;
                              result.outboxId = *queued;
                              reply(std::move(result));
                          });
    });
}

void LicenseManager::forgetThisDevice()
{
    if (auto cleared = m_store.clearCertificate(); !cleared)
        qCWarning(lcLicensing).noquote() << "certificate not removed:" << cleared.error().code;
    if (auto removed = ActivationRecord::remove(recordPath()); !removed)
        qCWarning(lcLicensing).noquote() << "license record not removed:" << removed.error().code;
    m_record.reset();
    m_renewalProblem.reset();
    m_storeProblem.reset();
    evaluate();
    publish();
}

} // namespace creditdesk::licensing
