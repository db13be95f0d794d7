#include "core/byok/byok_entitlement.h"

#include "core/domain/enums.h"
#include "core/licensing/license_state.h"

#include <QJsonArray>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace creditdesk::byok {

namespace {

bool tierHasByok(SubscriptionTier tier)
{
    return tier == SubscriptionTier::ProMax || tier == SubscriptionTier::EnterprisePro ||
           tier == SubscriptionTier::EnterpriseMax;
}

bool statusKeepsByok(SubscriptionStatus status)
{
    return status == SubscriptionStatus::Trial || status == SubscriptionStatus::Active ||
           status == SubscriptionStatus::PastDue;
}

// The subscription as the domain sees it: none = free/active; a tier
// without a slot (pro_plus) or an unreadable one has no tier BYOK.
std::optional<SubscriptionEntitlement> subscriptionOf(const std::optional<store::Subscription> &row)
{
    if (!row)
        return SubscriptionEntitlement{SubscriptionTier::Free, SubscriptionStatus::Active};
    auto tier = parseWireTier(row->tier);
    auto status = parseWireSubscriptionStatus(row->status);
    if (!tier || !status)
        return std::nullopt;
    return SubscriptionEntitlement{*tier, *status};
}

QStringList notEntitledReasons(const EntitlementFacts &facts,
                               const std::optional<SubscriptionEntitlement> &sub,
                               const LicensingSnapshot &licensing)
{
    QStringList reasons;
    const bool tierEntitles = sub && tierHasByok(sub->tier) && statusKeepsByok(sub->status);
    bool licenseEntitles = false;
    if (!sub || !tierHasByok(sub->tier))
        reasons.append(u"tier_without_byok"_s);
    else if (!statusKeepsByok(sub->status))
        reasons.append(u"subscription_inactive"_s);
    if (facts.license) {
        const bool active = facts.license->status == "active"_L1;
        const bool enabled = facts.license->byokEnabled &&
                             (!licensing.certificateValidUntilMs || licensing.certificateByokEnabled);
        if (!active)
            reasons.append(u"license_not_active"_s);
        if (!enabled)
            reasons.append(u"license_byok_disabled"_s);
        if (!licensing.certificateValidUntilMs)
            reasons.append(u"device_not_activated"_s);
        else if (!licensing.versionEligible)
            reasons.append(u"license_version_not_eligible"_s);
        licenseEntitles = active && enabled && licensing.versionEligible;
    }
    // Entitled in principle, but this device holds no certificate (and the
    // tier was never confirmed by a sync).
    if ((tierEntitles || licenseEntitles) && !licensing.certificateValidUntilMs &&
        !(tierEntitles && facts.subscriptionConfirmedAtMs))
        return {u"no_certificate"_s};
    return reasons;
}

} // namespace

LicensingSnapshot snapshotOf(const licensing::LicenseState &state)
{
    LicensingSnapshot s;
    if (state.certificate) {
        s.certificateValidUntilMs = state.certificate->validUntilMs;
        s.certificateByokEnabled = state.certificate->byokEnabled;
    }
    s.versionEligible = state.versionEligible.value_or(true);
    s.nowMs = state.clock.nowMs;
    s.highWaterMs = state.clock.highWaterMs;
    return s;
}

Result<ByokSource> evaluateByok(const EntitlementFacts &facts, const LicensingSnapshot &licensing)
{
    const std::optional<SubscriptionEntitlement> sub = subscriptionOf(facts.subscription);
    ByokInputs inputs;
    inputs.subscription = sub;
    if (facts.license) {
        auto status = parseLicenseStatus(facts.license->status);
        inputs.license = LicenseEntitlement{status.value_or(LicenseStatus::Suspended),
                                            facts.license->byokEnabled && licensing.certificateByokEnabled &&
                                                licensing.versionEligible,
                                            licensing.certificateValidUntilMs.has_value()};
    }
    inputs.certificateValidUntilMs = licensing.certificateValidUntilMs;
    inputs.subscriptionConfirmedAtMs = facts.subscriptionConfirmedAtMs;
    inputs.nowMs = licensing.nowMs;
    inputs.highWaterMs = licensing.highWaterMs;

    Result<ByokSource> allowed = byokEntitlement(inputs);
    if (allowed)
        return allowed;
    Error error = allowed.error();
    if (error.is(creditdesk::errc::byokLocked)) {
        const ClockCheck clock = checkClock(licensing.nowMs, licensing.highWaterMs);
        if (clock.rollback) {
            error.details.insert(u"reason"_s, u"clock_rollback"_s);
            error.details.insert(u"behind_ms"_s,
                                 static_cast<qint64>(licensing.highWaterMs - licensing.nowMs));
        } else {
            error.details.insert(u"reason"_s, u"certificate_grace_over"_s);
            const std::int64_t validUntil =
                licensing.certificateValidUntilMs
                    ? *licensing.certificateValidUntilMs
                    : facts.subscriptionConfirmedAtMs.value_or(0) + kCertificateValidityMs;
            error.details.insert(u"valid_until_ms"_s, static_cast<qint64>(validUntil));
        }
        return std::unexpected(error);
    }
    const QStringList reasons = notEntitledReasons(facts, sub, licensing);
    error.details.insert(u"reasons"_s, QJsonArray::fromStringList(reasons));
    if (!reasons.isEmpty())
        error.details.insert(u"reason"_s, reasons.constFirst());
    error.details.insert(u"tier"_s, facts.subscription ? facts.subscription->tier : u"free"_s);
    error.details.insert(u"subscription_status"_s,
                         facts.subscription ? facts.subscription->status : u"active"_s);
    if (facts.license)
        error.details.insert(u"license_status"_s, facts.license->status);
    error.details.insert(u"has_certificate"_s, licensing.certificateValidUntilMs.has_value());
    return std::unexpected(error);
}

} // namespace creditdesk::byok
