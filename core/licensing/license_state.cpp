#include "core/licensing/license_state.h"

#include "core/domain/license_rules.h"
#include "core/licensing/licensing_errors.h"

using namespace Qt::StringLiterals;

namespace creditdesk::licensing {

QString toString(EnumArg<LicenseState::Kind> kind)
{
    using Kind = LicenseState::Kind;
    switch (kind.value) {
    case Kind::NoCertificate:
        return u"no_certificate"_s;
    case Kind::Valid:
        return u"valid"_s;
    case Kind::RenewDue:
        return u"renew_due"_s;
    case Kind::Grace:
        return u"grace"_s;
    case Kind::Locked:
        return u"locked"_s;
    case Kind::ClockRollback:
        return u"clock_rollback"_s;
    case Kind::Invalid:
        return u"invalid"_s;
    }
    return {};
}

Result<bool> isAppVersionEligible(QStringView appVersion, int eligibleMajorVersion)
{
    return isVersionEligible(appVersion, eligibleUntilVersion(eligibleMajorVersion));
}

Result<ByokSource> byokAllowed(const LicenseState &state, const ByokContext &context)
{
    ByokInputs inputs;
    if (context.licenseStatus)
        inputs.license = LicenseEntitlement{*context.licenseStatus,
                                            state.byokEnabled() && state.versionEligible.value_or(true),
                                            state.hasCertificate()};
    inputs.subscription = context.subscription;
    if (state.certificate)
        inputs.certificateValidUntilMs = state.certificate->validUntilMs;
    inputs.nowMs = state.clock.nowMs;
    inputs.highWaterMs = state.clock.highWaterMs;

    auto allowed = byokEntitlement(inputs);
    if (allowed || !allowed.error().is(creditdesk::errc::byokNotEntitled) || state.versionEligible != false ||
        !inputs.license)
        return allowed;
    // Would the license entitle BYOK if it covered this version?
    inputs.license->byokEnabled = state.byokEnabled();
    if (byokEntitlement(inputs))
        return fail(licensing::errc::licenseVersionNotEligible,
                    u"the license does not cover this version of CreditDesk"_s,
                    {{u"eligible_major_version"_s, state.eligibleMajorVersion()}});
    return allowed;
}

} // namespace creditdesk::licensing
