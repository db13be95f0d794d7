// Lazy renewal (domain-rules §3, §4): periods that ended are renewed through
// the payment gateway and each monthly credit window gets its allocation,
// after the ending window's rollover, the first time the user's subscription
// or credits are read or used after the boundary.
#include "server/billing/subscription_service.h"

#include "core/domain/credit_ledger.h"
#include "core/domain/subscription_rules.h"
#include "server/billing/billing_errors.h"
#include "server/billing/billing_json.h"
#include "server/billing/billing_log.h"
#include "server/billing/billing_sql.h"
#include "server/billing/credit_grants.h"
#include "server/billing/credit_repository.h"
#include "server/billing/payment_gateway.h"
#include "server/billing/subscription_windows.h"
#include "server/billing/sync_versions.h"
#include "server/billing/user_repository.h"
#include "server/db/connection.h"
#include "server/server_environment.h"

#include <vector>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

constexpr int kMaxRenewals = 120; // ten years of monthly catch-up at most

bool hasWindowGrant(const QList<GrantRow> &grants, const QString &subscriptionId, std::int64_t windowStartMs)
{
    for (const GrantRow &row : grants) {
        if (row.grant.type == CreditType::Subscription && row.subscriptionId == subscriptionId
            && row.periodStartMs == windowStartMs)
            return true;
    }
    return false;
}

} // namespace

Result<bool> SubscriptionService::needsCatchUp(const SubscriptionRow &row, std::int64_t nowMs)
{
    if (!isServingStatus(row.status))
        return false;
    if (nowMs >= row.periodEndMs)
        return row.status != SubscriptionStatus::PastDue || row.cancelAtPeriodEnd;
    if (row.status != SubscriptionStatus::Active || row.monthlyAllocation.floorWhole() <= 0)
        return false;
    auto window = creditWindowAt(row, nowMs);
    if (!window)
        return std::unexpected(window.error());
    auto grants = CreditRepository(m_db).allGrants(row.userId);
    if (!grants)
        return std::unexpected(grants.error());
    return !hasWindowGrant(*grants, row.id, window->startMs);
}

Result<bool> SubscriptionService::catchUp(const QString &userId)
{
    const std::int64_t now = billing::nowMs(m_env);
    auto peek = SubscriptionRepository(m_db).current(userId);
    if (!peek)
        return std::unexpected(peek.error());
    if (!*peek)
        return false;
    auto needed = needsCatchUp(**peek, now);
    if (!needed || !*needed)
        return needed;
    if (auto loaded = loadCatalog(); !loaded)
        return std::unexpected(loaded.error());
    return billing::inTransaction(m_db, [&]() -> Result<bool> {
        auto user = UserRepository(m_db).find(userId);
        if (!user || !*user)
            return user ? Result<bool>(false) : Result<bool>(std::unexpect, user.error());
        if (auto locked = CreditRepository(m_db).lockBalance(userId); !locked)
            return std::unexpected(locked.error());
        auto current = SubscriptionRepository(m_db).current(userId, true);
        if (!current)
            return std::unexpected(current.error());
        if (!*current || !isServingStatus((*current)->status))
            return false;
        SubscriptionRow row = **current;
        bool changed = false;
        for (int i = 0; i < kMaxRenewals && now >= row.periodEndMs; ++i) {
            const std::int64_t boundary = row.periodEndMs;
            auto ending = [&](SubscriptionStatus to) -> Result<void> {
                row.status = to;
                row.endedAtMs = boundary;
                row.cancelledAtMs = row.cancelledAtMs.value_or(boundary);
                if (auto closed = closeSubscriptionGrants(m_db, userId, row.id, now); !closed)
                    return std::unexpected(closed.error());
                return {};
            };
            if (row.cancelAtPeriodEnd) {
                if (auto ended = ending(SubscriptionStatus::Cancelled); !ended)
                    return std::unexpected(ended.error());
                changed = true;
                break;
            }
            if (row.status == SubscriptionStatus::PastDue)
                break; // dunning decides
            const TierConfig &config = m_catalog.config(row.tier);
            const Money price = config.cyclePrice(row.interval);
            auto end = cycleEnd(boundary, row.interval);
            if (!end)
                return std::unexpected(end.error());
            Result<ChargeResult> charged = ChargeResult{};
            if (price.cents() > 0) {
                ChargeRequest charge{userId,
                                     (*user)->email,
                                     row.id,
                                     price,
                                     u"CreditDesk %1 (%2) renewal"_s.arg(m_catalog.info(row.tier).displayName,
                                                                        toString(row.interval)),
                                     boundary,
                                     *end,
                                     m_env.publicBaseUrl.toString(QUrl::StripTrailingSlash)};
                charged = defaultPaymentGateway().charge(m_db, charge, boundary);
                if (!charged && !charged.error().is(billerr::paymentError))
                    return std::unexpected(charged.error());
            }
            changed = true;
            if (!charged) {
                // trial → expired (unpaid conversion), active → past_due
                const bool trial = row.status == SubscriptionStatus::Trial;
                if (trial) {
                    if (auto ended = ending(SubscriptionStatus::Expired); !ended)
                        return std::unexpected(ended.error());
                } else {
                    row.status = SubscriptionStatus::PastDue;
                }
                qCInfo(lcBilling) << "renewal declined; subscription now" << toString(row.status);
                break;
            }
            if (row.status == SubscriptionStatus::Trial) {
                row.status = SubscriptionStatus::Active;
                row.startedAtMs = boundary; // the monthly windows start at conversion
            }
            row.basePrice = price;
            row.priceCents = price.cents();
            row.periodStartMs = boundary;
            row.periodEndMs = *end;
        }
        row.updatedAtMs = now;
        if (row.status == SubscriptionStatus::Active && row.monthlyAllocation.floorWhole() > 0) {
            auto window = creditWindowAt(row, now);
            auto grants = CreditRepository(m_db).allGrants(userId);
            if (!window || !grants)
                return std::unexpected(!window ? window.error() : grants.error());
            if (!hasWindowGrant(*grants, row.id, window->startMs)) {
                // Rollover of the window that ended at this window's start.
                Credits ending;
                std::vector<CreditGrant> plain;
                for (const GrantRow &g : std::as_const(*grants)) {
                    plain.push_back(g.grant);
                    if (g.grant.type == CreditType::Subscription && g.subscriptionId == row.id
                        && g.periodEndMs == window->startMs)
                        ending = ending.plus(g.grant.remaining).value_or(ending);
                }
                auto rollover = planRollover(row.tier, ending, plain, window->startMs);
                if (!rollover)
                    return std::unexpected(rollover.error());
                if (*rollover && (*rollover)->expiresAtMs > now) {
                    GrantRequest grant;
                    grant.userId = userId;
                    grant.type = CreditType::Bonus;
                    grant.wholeCredits = (*rollover)->amount.floorWhole();
                    grant.source = QString(kRolloverSource);
                    grant.subscriptionId = row.id;
                    grant.expiresAtMs = (*rollover)->expiresAtMs;
                    if (auto granted = grantCredits(m_db, grant, now); !granted)
                        return std::unexpected(granted.error());
                }
                if (auto allocated = allocateWindow(row, now); !allocated)
                    return std::unexpected(allocated.error());
                changed = true;
            }
        }
        if (!changed)
            return false;
        if (auto updated = SubscriptionRepository(m_db).update(row); !updated)
            return std::unexpected(updated.error());
        if (auto bumped = bumpSyncVersion(m_db, userId, SyncStream::Subscription, now); !bumped)
            return std::unexpected(bumped.error());
        return true;
    });
}

} // namespace creditdesk::server
