#pragma once

#include "core/domain/error.h"
#include "core/store/mirror_types.h"

#include <QList>

#include <optional>

namespace creditdesk::store {

class MirrorDatabase;

// The signed-in user's account: profile, preferences, subscription, balance
// and credit sources. The mirror holds one user; each write replaces that
// user's row and drops any other, in one transaction (nested in the caller's
// transaction if one is open). Server wins.
// Who the mirror's user is, as the coupon endpoints want it (api-contract §9:
// the app sends its user id and tier from the mirror).
struct AccountFacts {
    QString userId;
    QString tier;           // "free" without a subscription
    QString subscriptionId; // empty without one
};

class AccountRepository {
public:
    explicit AccountRepository(MirrorDatabase &db)
        : m_db(db)
    {}

    [[nodiscard]] Result<void> upsertProfile(const UserProfile &profile);
    [[nodiscard]] Result<void> upsertPreferences(const UserPreferences &preferences);
    // nullopt = no subscription (404 no_active_subscription): the row is removed.
    [[nodiscard]] Result<void> replaceSubscription(const std::optional<Subscription> &subscription);
    [[nodiscard]] Result<void> upsertBalance(const CreditBalance &balance);
    // Replaces the whole set of grants.
    [[nodiscard]] Result<void> replaceSources(const QList<CreditSource> &sources);

    [[nodiscard]] Result<std::optional<UserProfile>> profile();
    [[nodiscard]] Result<std::optional<UserPreferences>> preferences();
    [[nodiscard]] Result<std::optional<Subscription>> subscription();
    [[nodiscard]] Result<std::optional<CreditBalance>> balance();
    // Consumption order (domain-rules §4): expires_at ascending with
    // never-expiring grants last, then granted_at, then id.
    [[nodiscard]] Result<QList<CreditSource>> sources();
    // From the profile and the subscription; nullopt while the mirror holds no profile.
    [[nodiscard]] Result<std::optional<AccountFacts>> facts();

private:
    MirrorDatabase &m_db;
};

} // namespace creditdesk::store
