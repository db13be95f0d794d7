// LicenseManager: the online check and the silent renewal.
#include "core/api/api_errors.h"
#include "core/api/cloud_client.h"
#include "core/crypto/activation_certificate.h"
#include "core/domain/license_rules.h"
#include "core/licensing/license_manager.h"
#include "core/licensing/licensing_log.h"
#include "core/sync/sync_errors.h"

#include <QSysInfo>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::licensing {

namespace {

bool isOffline(const Error &error)
{
    return sync::classify(error) == sync::FailureKind::Offline;
}

std::optional<LicenseStatus> statusFromRefusal(const Error &error)
{
    if (error.is(api::errc::licenseSuspended))
        return LicenseStatus::Suspended;
    if (error.is(api::errc::licenseRevoked))
        return LicenseStatus::Revoked;
    if (error.is(api::errc::licenseExpired))
        return LicenseStatus::Expired;
    return std::nullopt;
}

} // namespace

void LicenseManager::checkNow()
{
    if (!m_started) {
        start(); // verifies locally, then comes back here
        return;
    }
    if (m_checking) {
        m_checkAgain = true;
        return;
    }
    m_checking = true;
    m_timer.stop();
    evaluate();
    // The key list is the probe: no sign-in needed, it tells whether the
    // server is reachable, whether it issues certificates and with which key.
    m_client.fetchPublicKeys(
        this, [this](Result<QList<api::PublicKeyInfo>> keys) { onServerKeys(std::move(keys)); });
}

void LicenseManager::onServerKeys(Result<QList<api::PublicKeyInfo>> keys)
{
    if (!keys) {
        const Error &error = keys.error();
        if (isOffline(error)) {
            finishCheck(false);
            return;
        }
        if (error.is(api::errc::extensionUnavailable)) {
            if (!m_onlineOnly)
                qCInfo(lcLicensing)
                    << "the server issues no activation certificates: licensing is online-only";
            m_onlineOnly = true;
            m_keyProblem.reset();
        } else {
            qCWarning(lcLicensing).noquote() << "the server's keys were not read:" << error.code;
        }
    } else {
        m_onlineOnly = keys->isEmpty();
        if (auto adopted = adoptServerKeys(*keys); !adopted)
            m_keyProblem = adopted.error();
        else
            m_keyProblem.reset();
    }
    m_online = true;
    fetchLicenseInfo();
}

void LicenseManager::fetchLicenseInfo()
{
    if (!signedIn()) {
        renewIfDue();
        return;
    }
    m_client.fetchMyLicense(this, [this](Result<std::optional<api::MyLicense>> license) {
        if (license) {
            adoptMyLicense(*license);
        } else if (isOffline(license.error())) {
            finishCheck(false);
            return;
        } else {
            qCDebug(lcLicensing).noquote() << "the user's license was not read:" << license.error().code;
        }
        renewIfDue();
    });
}

void LicenseManager::adoptMyLicense(const std::optional<api::MyLicense> &license)
{
    if (!license)
        return;
    const auto key = normalizeLicenseKey(license->licenseKey);
    if (!key) {
        qCWarning(lcLicensing) << "the server sent a malformed license key";
        return;
    }
    const QString sha = crypto::licenseKeySha256(*key);
    const bool thisDevicesLicense = (m_record && m_record->licenseKeySha256 == sha) ||
                                    (m_state.certificate && m_state.certificate->licenseKeySha256 == sha);
    if (m_licenseKey.isEmpty() || thisDevicesLicense)
        m_licenseKey = *key;
    if (!thisDevicesLicense)
        return;
    const auto status = parseLicenseStatus(license->status);
    updateRecord(sha, [&](ActivationRecord &record) {
        record.maskedLicenseKey = maskLicenseKey(*key);
        record.licenseId = license->id;
        if (status)
            record.licenseStatus = *status;
        if (license->byokEnabled)
            record.byokEnabled = *license->byokEnabled;
        record.seatsUsed = static_cast<int>(std::clamp<std::int64_t>(license->activeDeviceCount, 0, 100'000));
        record.seatsTotal = static_cast<int>(std::clamp<std::int64_t>(license->maxActivations, 0, 100'000));
        record.lastCheckedMs = nowMs();
    });
}

void LicenseManager::renewIfDue()
{
    const RenewalDecision decision = m_renewal.decide(m_state, true);
    if (decision != RenewalDecision::RenewNow || m_onlineOnly || m_keyProblem) {
        qCDebug(lcLicensing).noquote() << "renewal:" << toString(decision);
        finishCheck(true);
        return;
    }
    if (auto recorded = m_renewal.recordAttempt(m_state.clock.effectiveNowMs); !recorded)
        qCWarning(lcLicensing).noquote() << "renewal attempt not recorded:" << recorded.error().code;
    qCInfo(lcLicensing).noquote() << "renewing the activation certificate (" << toString(m_state.kind) << ")";
    if (!signedIn()) {
        reactivate();
        return;
    }
    m_client.renewCertificate(m_fingerprint, this, [this](Result<api::CertificateRenewal> renewal) {
        if (renewal) {
            onRenewed(renewal->certificate, renewal->activationId, {});
            return;
        }
        if (renewal.error().is(api::errc::signInRequired) && !m_licenseKey.isEmpty()) {
            reactivate();
            return;
        }
        onRenewalFailed(renewal.error());
    });
}

// Without a usable sign-in the certificate is refreshed by activating again
// with the key of this session: the server answers 200 for an active seat.
void LicenseManager::reactivate()
{
    if (m_licenseKey.isEmpty()) {
        onRenewalFailed(makeError(api::errc::signInRequired,
                                  u"renewing the certificate needs a sign-in or the license key"_s));
        return;
    }
    const api::DeviceInfo device{m_fingerprint, m_options.device.name, m_options.device.osType,
                                 QSysInfo::productVersion(), QSysInfo::currentCpuArchitecture()};
    const QString key = m_licenseKey;
    m_client.activateLicense(
        key, device, api::IdempotencyKey::generate(), this, [this, key](Result<api::Activation> activation) {
            if (!activation) {
                onRenewalFailed(activation.error());
            } else if (!activation->certificate) {
                onRenewalFailed(
                    makeError(api::errc::extensionUnavailable, u"the server sent no certificate"_s));
            } else {
                onRenewed(*activation->certificate, activation->activationId, crypto::licenseKeySha256(key));
            }
        });
}

void LicenseManager::onRenewed(const QJsonObject &certificate, const QString &activationId,
                               const QString &licenseKeySha256)
{
    if (auto installed = installCertificate(certificate, activationId, licenseKeySha256); !installed) {
        onRenewalFailed(installed.error());
        return;
    }
    m_renewalProblem.reset();
    qCInfo(lcLicensing) << "activation certificate renewed";
    finishCheck(true);
}

void LicenseManager::onRenewalFailed(const Error &error)
{
    if (isOffline(error)) {
        finishCheck(false);
        return;
    }
    if (const auto status = statusFromRefusal(error); status && m_state.certificate) {
        updateRecord(m_state.certificate->licenseKeySha256, [&](ActivationRecord &record) {
            record.licenseStatus = *status;
            record.lastCheckedMs = nowMs();
        });
    }
    if (error.is(api::errc::extensionUnavailable))
        m_onlineOnly = true;
    const bool valid =
        m_state.kind == LicenseState::Kind::Valid || m_state.kind == LicenseState::Kind::RenewDue;
    if (valid)
        qCInfo(lcLicensing).noquote() << "renewal failed, the certificate is still valid:" << error.code;
    else
        qCWarning(lcLicensing).noquote() << "renewal failed:" << error.code;
    m_renewalProblem = error;
    finishCheck(true);
}

void LicenseManager::finishCheck(bool online)
{
    m_online = online;
    m_checking = false;
    scheduleNext();
    publish();
    emit checkFinished();
    if (m_checkAgain) {
        m_checkAgain = false;
        checkNow();
    }
}

} // namespace creditdesk::licensing
