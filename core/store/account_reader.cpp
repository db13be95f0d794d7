#include "core/store/account_repository.h"
#include "core/store/mirror_database.h"
#include "core/store/sql_support.h"

#include <QScopeGuard>

using namespace Qt::StringLiterals;

namespace creditdesk::store {

Result<std::optional<UserProfile>> AccountRepository::profile()
{
    auto q = m_db.run(u"SELECT id, email, email_verified, username, first_name, last_name, display_name, "
                      u"profile_picture_url, created_at, last_login_at FROM users ORDER BY id LIMIT 1"_s);
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::nullopt;
    sql::RowReader r(*q);
    UserProfile p;
    p.id = r.text(0);
    p.email = r.text(1);
    p.emailVerified = r.boolean(2);
    p.username = r.text(3);
    p.firstName = r.text(4);
    p.lastName = r.text(5);
    p.displayName = r.text(6);
    p.profilePictureUrl = r.text(7);
    p.createdAtMs = r.integer(8);
    p.lastLoginAtMs = r.optInteger(9);
    return p;
}

Result<std::optional<UserPreferences>> AccountRepository::preferences()
{
    auto q = m_db.run(u"SELECT user_id, default_model_id, enable_streaming, max_tokens, temperature_milli, "
                      u"preferences_metadata, email_notifications, usage_alerts "
                      u"FROM user_preferences ORDER BY user_id LIMIT 1"_s);
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::nullopt;
    sql::RowReader r(*q);
    UserPreferences p;
    p.userId = r.text(0);
    p.defaultModelId = r.text(1);
    p.enableStreaming = r.boolean(2);
    p.maxTokens = static_cast<qint32>(r.integer(3));
    p.temperatureMilli = static_cast<qint32>(r.integer(4));
    p.preferencesMetadata = r.optJson(5);
    p.emailNotifications = r.optBoolean(6);
    p.usageAlerts = r.optBoolean(7);
    if (auto s = r.status(); !s)
        return std::unexpected(s.error());
    return p;
}

Result<std::optional<Subscription>> AccountRepository::subscription()
{
    auto q = m_db.run(u"SELECT id, user_id, tier, status, billing_interval, price_cents, credits_per_month, "
                      u"credits_rollover, current_period_start, current_period_end, trial_end, "
                      u"cancel_at_period_end, created_at, updated_at "
                      u"FROM subscription_monetization ORDER BY current_period_end DESC, id LIMIT 1"_s);
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::nullopt;
    sql::RowReader r(*q);
    Subscription s;
    s.id = r.text(0);
    s.userId = r.text(1);
    s.tier = r.text(2);
    s.status = r.text(3);
    s.billingInterval = r.text(4);
    s.price = r.money(5);
    s.creditsPerMonth = r.credits(6);
    s.creditsRollover = r.boolean(7);
    s.currentPeriodStartMs = r.integer(8);
    s.currentPeriodEndMs = r.integer(9);
    s.trialEndMs = r.optInteger(10);
    s.cancelAtPeriodEnd = r.boolean(11);
    s.createdAtMs = r.integer(12);
    s.updatedAtMs = r.optInteger(13);
    if (auto st = r.status(); !st)
        return std::unexpected(st.error());
    return s;
}

Result<std::optional<CreditBalance>> AccountRepository::balance()
{
    // The balance is read on every repaint of the overview and the tray.
    auto q =
        m_db.runCached(u"SELECT user_id, amount, period_id, total_credits, used_credits, remaining_credits, "
                       u"billing_period_start, billing_period_end, updated_at "
                       u"FROM user_credit_balance ORDER BY user_id LIMIT 1"_s);
    if (!q)
        return std::unexpected(q.error());
    const auto finished = qScopeGuard([&q] { q->finish(); });
    if (!q->next())
        return std::nullopt;
    sql::RowReader r(*q);
    CreditBalance b;
    b.userId = r.text(0);
    b.amount = r.credits(1);
    b.periodId = r.text(2);
    b.periodTotal = r.credits(3);
    b.periodUsed = r.credits(4);
    b.periodRemaining = r.credits(5);
    b.periodStartMs = r.optInteger(6);
    b.periodEndMs = r.optInteger(7);
    b.updatedAtMs = r.integer(8);
    if (auto s = r.status(); !s)
        return std::unexpected(s.error());
    return b;
}

Result<QList<CreditSource>> AccountRepository::sources()
{
    auto q = m_db.run(u"SELECT id, credit_type, source_type, amount, remaining, granted_at, expires_at "
                      u"FROM credit_allocation "
                      u"ORDER BY expires_at IS NULL, expires_at, granted_at, id"_s);
    if (!q)
        return std::unexpected(q.error());
    QList<CreditSource> sources;
    while (q->next()) {
        sql::RowReader r(*q);
        CreditSource s;
        s.id = r.text(0);
        s.creditType = r.text(1);
        s.sourceType = r.text(2);
        s.amount = r.credits(3);
        s.remaining = r.credits(4);
        s.grantedAtMs = r.integer(5);
        s.expiresAtMs = r.optInteger(6);
        if (auto st = r.status(); !st)
            return std::unexpected(st.error());
        sources.append(std::move(s));
    }
    if (auto st = sql::iterationStatus(*q, "read credit sources"_L1); !st)
        return std::unexpected(st.error());
    return sources;
}

Result<std::optional<AccountFacts>> AccountRepository::facts()
{
    auto user = profile();
    if (!user)
        return std::unexpected(user.error());
    if (!*user)
        return std::optional<AccountFacts>();
    auto plan = subscription();
    if (!plan)
        return std::unexpected(plan.error());
    AccountFacts facts;
    facts.userId = (*user)->id;
    facts.tier = *plan ? (*plan)->tier : QStringLiteral("free");
    facts.subscriptionId = *plan ? (*plan)->id : QString();
    return std::optional<AccountFacts>(facts);
}

} // namespace creditdesk::store
