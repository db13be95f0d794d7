#include "core/licensing/license_status.h"

#include <algorithm>
#include <cstdlib>

using namespace Qt::StringLiterals;

namespace creditdesk::licensing {

namespace {

using Status = LicenseStatusSnapshot::Status;
using Kind = LicenseState::Kind;

bool recordApplies(const LicenseState &state, const std::optional<ActivationRecord> &record)
{
    if (!record)
        return false;
    return !state.certificate || record->licenseKeySha256 == state.certificate->licenseKeySha256;
}

Status statusOf(const LicenseState &state, bool onlineOnly)
{
    switch (state.kind) {
    case Kind::NoCertificate:
        return onlineOnly ? Status::OnlineOnly : Status::None;
    case Kind::Valid:
        return Status::Valid;
    case Kind::RenewDue:
        return Status::RenewDue;
    case Kind::Grace:
        return Status::Grace;
    case Kind::Locked:
        return Status::Locked;
    case Kind::ClockRollback:
        return Status::ClockRollback;
    case Kind::Invalid:
        return Status::Invalid;
    }
    return Status::None;
}

bool stillValid(Status status)
{
    return status == Status::Valid || status == Status::RenewDue;
}

} // namespace

QString toString(EnumArg<LicenseStatusSnapshot::Status> status)
{
    switch (status.value) {
    case Status::None:
        return u"none"_s;
    case Status::Valid:
        return u"valid"_s;
    case Status::RenewDue:
        return u"renew_due"_s;
    case Status::Grace:
        return u"grace"_s;
    case Status::Locked:
        return u"locked"_s;
    case Status::ClockRollback:
        return u"clock_rollback"_s;
    case Status::Invalid:
        return u"invalid"_s;
    case Status::OnlineOnly:
        return u"online_only"_s;
    }
    return {};
}

std::optional<LicenseStatus> knownLicenseStatus(const LicenseState &state,
                                                const std::optional<ActivationRecord> &record)
{
    if (recordApplies(state, record) && record->licenseStatus)
        return record->licenseStatus;
    if (state.certificate)
        return LicenseStatus::Active;
    return std::nullopt;
}

LicenseStatusSnapshot buildSnapshot(const LicenseState &state, const std::optional<ActivationRecord> &record,
                                    const CheckFacts &check)
{
    const bool applies = recordApplies(state, record);
    const bool onlineOnlyRecord = applies && record->onlineOnly && !state.certificate;

    LicenseStatusSnapshot s;
    s.status = statusOf(state, check.onlineOnly || onlineOnlyRecord);
    if (state.reason)
        s.problem = state.reason;
    else if (check.keyProblem)
        s.problem = check.keyProblem;
    else if (check.renewalProblem && state.certificate && !stillValid(s.status))
        s.problem = check.renewalProblem;

    if (applies) {
        s.maskedLicenseKey = record->maskedLicenseKey;
        s.licenseId = record->licenseId;
        s.activationId = record->activationId;
        s.seatsUsed = record->seatsUsed;
        s.seatsTotal = record->seatsTotal;
        s.lastCheckedMs = record->lastCheckedMs;
    }
    // A record that outlived its certificate or belongs to another key does
    // not make this device activated, except on a server without certificates.
    if (!state.certificate && !onlineOnlyRecord)
        s.activationId.clear();
    if (!state.activationId.isEmpty())
        s.activationId = state.activationId;
    s.licenseStatus = knownLicenseStatus(state, record);

    if (state.certificate) {
        const auto &c = *state.certificate;
        s.licenseId = c.licenseId;
        s.tier = c.tier;
        s.issuedAtMs = c.issuedAtMs;
        s.validUntilMs = c.validUntilMs;
        s.versionEligible = state.versionEligible;
        s.byokEnabled = c.byokEnabled && state.versionEligible.value_or(true);
    } else if (onlineOnlyRecord) {
        s.byokEnabled = record->byokEnabled.value_or(false);
    }
    s.graceRemainingMs = state.kind == Kind::Grace ? state.graceRemainingMs : 0;

    s.clockBehindMs = state.clock.behindMs;
    s.serverSkewMs = check.skewMs;
    const bool skewed = check.skewMs && std::abs(*check.skewMs) > kClockRollbackToleranceMs;
    s.clockWarning = state.clock.rollback || skewed;

    s.online = check.online;
    s.serverOnlineOnly = check.onlineOnly;
    s.nextCheckAtMs = check.nextCheckAtMs;
    return s;
}

ByokInputs licenseByokInputs(const LicenseState &state, const std::optional<ActivationRecord> &record,
                             std::int64_t nowMs, std::int64_t highWaterMs)
{
    ByokInputs inputs;
    inputs.nowMs = nowMs;
    inputs.highWaterMs = highWaterMs;
    if (const auto status = knownLicenseStatus(state, record)) {
        const bool onlineOnlyRecord =
            recordApplies(state, record) && record->onlineOnly && !state.certificate;
        const bool byok = state.certificate
                              ? state.certificate->byokEnabled && state.versionEligible.value_or(true)
                              : onlineOnlyRecord && record->byokEnabled.value_or(false);
        inputs.license = LicenseEntitlement{*status, byok, state.hasCertificate() || onlineOnlyRecord};
    }
    if (state.certificate)
        inputs.certificateValidUntilMs = state.certificate->validUntilMs;
    return inputs;
}

std::int64_t nextCheckAtMs(const LicenseState &state, bool online, std::int64_t nowMs,
                           std::optional<std::int64_t> nextRenewalAttemptAtMs)
{
    if (!online)
        return nowMs + kOfflineRetryMs;
    std::int64_t next = nowMs + kLicenseCheckIntervalMs;
    const auto consider = [&](std::int64_t at) {
        if (at > nowMs)
            next = std::min(next, at);
    };
    if (state.certificate) {
        const std::int64_t validUntil = state.certificate->validUntilMs;
        consider(validUntil - kCertificateRenewWindowMs);
        consider(validUntil);
        consider(validUntil + kCertificateGraceMs);
        if ((state.shouldRenew || state.kind == Kind::ClockRollback) && nextRenewalAttemptAtMs)
            consider(*nextRenewalAttemptAtMs);
    }
    return std::max(next, nowMs + kMinCheckDelayMs);
}

} // namespace creditdesk::licensing
