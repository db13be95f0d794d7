#pragma once

#include "core/domain/enums.h"
#include "core/domain/error.h"

#include <QList>

#include <cstdint>
#include <optional>

namespace creditdesk {

// Subscription status rules (domain-rules §3).

struct SubscriptionTransition {
    std::optional<SubscriptionStatus> from; // nullopt: a new subscription
    SubscriptionStatus to = SubscriptionStatus::Active;
    SubscriptionTier tier = SubscriptionTier::Free;
    std::int64_t nowMs = 0;
    std::optional<std::int64_t> currentPeriodEndMs; // cancelled → active needs now < it
};

// new → trial (tiers with trial days) | active; trial → active | expired |
// cancelled; active → past_due | suspended | cancelled; past_due → active |
// suspended | cancelled; suspended → active | cancelled; cancelled → active
// only before current_period_end; expired is final. Free is always active:
// only new → active. Else `invalid_transition`.
[[nodiscard]] Result<void> checkSubscriptionTransition(const SubscriptionTransition &transition);

// Dunning after a failed renewal, counted in whole UTC calendar days from the
// first failure: retries on days 0 and 7, e-mail on day 3, suspended from day
// 14, cancelled from day 21.
enum class DunningAction { Retry, Email, Suspend, Cancel };

[[nodiscard]] std::int64_t dunningDay(std::int64_t firstFailureMs, std::int64_t nowMs);
[[nodiscard]] QList<DunningAction> dunningActions(std::int64_t day);
[[nodiscard]] SubscriptionStatus dunningStatus(std::int64_t day);

} // namespace creditdesk
