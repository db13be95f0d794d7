#include "core/licensing/license_verifier.h"

#include "core/crypto/activation_certificate.h"
#include "core/domain/client_rules.h"
#include "core/domain/utc_time.h"
#include "core/licensing/certificate_store.h"
#include "core/licensing/clock_guard.h"
#include "core/licensing/licensing_errors.h"
#include "core/licensing/licensing_log.h"
#include "core/licensing/pinned_keys.h"

using namespace Qt::StringLiterals;

namespace creditdesk::licensing {

namespace {

using Kind = LicenseState::Kind;

// Signature by a pinned key, then device, license key and user.
Result<crypto::ActivationCertificatePayload>
verifyIdentity(const QJsonObject &certificate, const PinnedKeys &keys, const VerificationContext &context)
{
    auto payload = crypto::verifyCertificate(certificate, keys.keys());
    if (!payload)
        return payload;
    if (context.machineFingerprint.isEmpty() || payload->machineFingerprint != context.machineFingerprint)
        return fail(errc::certificateFingerprintMismatch, u"the certificate was issued for another device"_s);
    if (!context.licenseKeySha256.isEmpty() && payload->licenseKeySha256 != context.licenseKeySha256)
        return fail(errc::certificateLicenseKeyMismatch,
                    u"the certificate was issued for another license key"_s);
    if (!context.userId.isEmpty() && payload->userId != context.userId)
        return fail(errc::certificateUserMismatch, u"the certificate was issued to another user"_s);
    return payload;
}

Error rollbackReason(const ClockReading &reading)
{
    return makeError(errc::clockRollback,
                     u"the clock is %1 s behind the latest time seen (%2, %3)"_s.arg(reading.behindMs / 1000)
                         .arg(toIsoUtc(reading.highWaterMs), toString(reading.highWaterSource)),
                     {{u"now"_s, toIsoUtc(reading.nowMs)},
                      {u"high_water"_s, toIsoUtc(reading.highWaterMs)},
                      {u"behind_ms"_s, qint64{reading.behindMs}},
                      {u"source"_s, toString(reading.highWaterSource)}});
}

LicenseState classify(crypto::ActivationCertificatePayload payload, const ClockReading &reading,
                      const VerificationContext &context)
{
    LicenseState state;
    state.clock = reading;
    if (!context.appVersion.isEmpty()) {
        const auto eligible = isAppVersionEligible(context.appVersion, payload.eligibleMajorVersion);
        if (eligible)
            state.versionEligible = *eligible;
        else
            qCWarning(lcLicensing).noquote() << "app version not checked:" << eligible.error().code;
    }
    const CertificateState window = evaluateCertificate(payload.validUntilMs, reading.effectiveNowMs);
    state.shouldRenew = window.shouldRenew;
    state.certificate = std::move(payload);
    if (reading.rollback) {
        state.kind = Kind::ClockRollback;
        state.reason = rollbackReason(reading);
    } else if (window.locked) {
        state.kind = Kind::Locked;
    } else if (window.inGrace) {
        state.kind = Kind::Grace;
        state.graceRemainingMs = window.graceRemainingMs;
    } else {
        state.kind = window.shouldRenew ? Kind::RenewDue : Kind::Valid;
    }
    return state;
}

LicenseState invalid(Error reason, const ClockReading &reading)
{
    qCWarning(lcLicensing).noquote() << "activation certificate rejected:" << reason.code;
    LicenseState state;
    state.kind = Kind::Invalid;
    state.reason = std::move(reason);
    state.clock = reading;
    return state;
}

void logState(const LicenseState &state)
{
    if (state.certificate)
        qCInfo(lcLicensing).noquote() << "license state" << toString(state.kind) << "valid until"
                                      << toIsoUtc(state.certificate->validUntilMs);
    else
        qCInfo(lcLicensing).noquote() << "license state" << toString(state.kind);
}

} // namespace

LicenseVerifier::LicenseVerifier(const PinnedKeys &keys, ClockGuard &clock)
    : m_keys(keys)
    , m_clock(clock)
{}

LicenseState LicenseVerifier::evaluateAt(const QJsonObject &certificate, const VerificationContext &context,
                                         const ClockReading &reading) const
{
    auto payload = verifyIdentity(certificate, m_keys, context);
    if (!payload)
        return invalid(payload.error(), reading);
    return classify(std::move(*payload), reading, context);
}

LicenseState LicenseVerifier::evaluate(const QJsonObject &certificate, const VerificationContext &context)
{
    LicenseState state = evaluateAt(certificate, context, m_clock.check());
    logState(state);
    return state;
}

LicenseState LicenseVerifier::evaluateStored(CertificateStore &store, const VerificationContext &context)
{
    const ClockReading reading = m_clock.check();
    LicenseState state;
    state.clock = reading;
    if (auto loaded = store.load(); !loaded) {
        state.reason = loaded.error();
    } else if (const auto stored = store.certificate()) {
        state = evaluateAt(stored->certificate, context, reading);
        state.activationId = stored->activationId;
    }
    logState(state);
    return state;
}

Result<LicenseState> LicenseVerifier::install(CertificateStore &store, const QJsonObject &certificate,
                                              const QString &activationId, const VerificationContext &context)
{
    auto payload = verifyIdentity(certificate, m_keys, context);
    if (!payload) {
        qCWarning(lcLicensing).noquote() << "received certificate rejected:" << payload.error().code;
        return std::unexpected(payload.error());
    }
    if (auto saved = store.saveCertificate(certificate, activationId); !saved)
        return std::unexpected(saved.error());
    if (auto rebased = m_clock.rebase(payload->issuedAtMs); !rebased)
        qCWarning(lcLicensing).noquote() << "clock guard not rebased:" << rebased.error().code;
    LicenseState state = classify(std::move(*payload), m_clock.check(), context);
    state.activationId = activationId;
    logState(state);
    return state;
}

} // namespace creditdesk::licensing
