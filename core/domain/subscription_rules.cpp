#include "core/domain/subscription_rules.h"

#include "core/domain/int_math.h"
#include "core/domain/tier_config.h"
#include "core/domain/utc_time.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace creditdesk {

namespace {

constexpr std::int64_t kSuspendDay = 14;
constexpr std::int64_t kCancelDay = 21;

bool allowed(const SubscriptionTransition &t)
{
    using S = SubscriptionStatus;
    const S to = t.to;
    if (t.tier == SubscriptionTier::Free)
        return !t.from && to == S::Active;
    if (!t.from)
        return to == S::Active || (to == S::Trial && tierConfig(t.tier).trialDays > 0);
    switch (*t.from) {
    case S::Trial:
        return to == S::Active || to == S::Expired || to == S::Cancelled;
    case S::Active:
        return to == S::PastDue || to == S::Suspended || to == S::Cancelled;
    case S::PastDue:
        return to == S::Active || to == S::Suspended || to == S::Cancelled;
    case S::Suspended:
        return to == S::Active || to == S::Cancelled;
    case S::Cancelled:
        return to == S::Active && t.currentPeriodEndMs && t.nowMs < *t.currentPeriodEndMs;
    case S::Expired:
        return false;
    }
    return false;
}

} // namespace

Result<void> checkSubscriptionTransition(const SubscriptionTransition &t)
{
    if (!allowed(t)) {
        return fail(errc::invalidTransition, u"subscription status change not allowed"_s,
                    QJsonObject{{u"from"_s, t.from ? toString(*t.from) : u"new"_s},
                                {u"to"_s, toString(t.to)},
                                {u"tier"_s, toString(t.tier)}});
    }
    return {};
}

std::int64_t dunningDay(std::int64_t firstFailureMs, std::int64_t nowMs)
{
    const Int128 firstDay = floorDiv(firstFailureMs, kMsPerDay);
    const Int128 today = floorDiv(nowMs, kMsPerDay);
    return today > firstDay ? static_cast<std::int64_t>(today - firstDay) : 0;
}

QList<DunningAction> dunningActions(std::int64_t day)
{
    switch (day) {
    case 0:
    case 7:
        return {DunningAction::Retry};
    case 3:
        return {DunningAction::Email};
    case kSuspendDay:
        return {DunningAction::Suspend};
    case kCancelDay:
        return {DunningAction::Cancel};
    default:
        return {};
    }
}

SubscriptionStatus dunningStatus(std::int64_t day)
{
    if (day >= kCancelDay)
        return SubscriptionStatus::Cancelled;
    if (day >= kSuspendDay)
        return SubscriptionStatus::Suspended;
    return SubscriptionStatus::PastDue;
}

} // namespace creditdesk
