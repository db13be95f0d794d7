#include "core/licensing/renewal_policy.h"

#include "core/licensing/certificate_store.h"
#include "core/licensing/license_state.h"

using namespace Qt::StringLiterals;

namespace creditdesk::licensing {

QString toString(EnumArg<RenewalDecision> decision)
{
    switch (decision.value) {
    case RenewalDecision::RenewNow:
        return u"renew_now"_s;
    case RenewalDecision::NotDue:
        return u"not_due"_s;
    case RenewalDecision::Offline:
        return u"offline"_s;
    case RenewalDecision::AttemptedRecently:
        return u"attempted_recently"_s;
    case RenewalDecision::NeedsActivation:
        return u"needs_activation"_s;
    }
    return {};
}

RenewalPolicy::RenewalPolicy(CertificateStore &store)
    : m_store(store)
{}

RenewalDecision RenewalPolicy::decide(const LicenseState &state, bool online)
{
    if (!state.hasCertificate())
        return RenewalDecision::NeedsActivation;
    if (!state.shouldRenew && state.kind != LicenseState::Kind::ClockRollback)
        return RenewalDecision::NotDue;
    if (!online)
        return RenewalDecision::Offline;
    const auto last = m_store.lastRenewalAttemptMs();
    const std::int64_t now = state.clock.effectiveNowMs;
    // A last attempt "in the future" comes from a clock since corrected: not a reason to wait.
    if (last && now >= *last && now - *last < kMinIntervalMs)
        return RenewalDecision::AttemptedRecently;
    return RenewalDecision::RenewNow;
}

Result<void> RenewalPolicy::recordAttempt(std::int64_t atMs)
{
    return m_store.setLastRenewalAttemptMs(atMs);
}

std::optional<std::int64_t> RenewalPolicy::nextAttemptAtMs()
{
    const auto last = m_store.lastRenewalAttemptMs();
    if (!last)
        return std::nullopt;
    return *last + kMinIntervalMs;
}

} // namespace creditdesk::licensing
