#include "core/store/account_repository.h"

#include "core/store/mirror_database.h"
#include "core/store/sql_support.h"

using namespace Qt::StringLiterals;

namespace creditdesk::store {

namespace {

const QString &upsertUser()
{
    static const QString statement = sql::upsertStatement(
        "users"_L1,
        {"id"_L1, "email"_L1, "email_verified"_L1, "username"_L1, "first_name"_L1, "last_name"_L1,
         "display_name"_L1, "profile_picture_url"_L1, "created_at"_L1, "last_login_at"_L1},
        "id"_L1);
    return statement;
}

const QString &upsertPreferencesStatement()
{
    static const QString statement = sql::upsertStatement(
        "user_preferences"_L1,
        {"user_id"_L1, "default_model_id"_L1, "enable_streaming"_L1, "max_tokens"_L1, "temperature_milli"_L1,
         "preferences_metadata"_L1, "email_notifications"_L1, "usage_alerts"_L1},
        "user_id"_L1);
    return statement;
}

const QString &upsertSubscription()
{
    static const QString statement = sql::upsertStatement(
        "subscription_monetization"_L1,
        {"id"_L1, "user_id"_L1, "tier"_L1, "status"_L1, "billing_interval"_L1, "price_cents"_L1,
         "credits_per_month"_L1, "credits_rollover"_L1, "current_period_start"_L1, "current_period_end"_L1,
         "trial_end"_L1, "cancel_at_period_end"_L1, "created_at"_L1, "updated_at"_L1},
        "id"_L1);
    return statement;
}

const QString &upsertBalanceStatement()
{
    static const QString statement = sql::upsertStatement(
        "user_credit_balance"_L1,
        {"user_id"_L1, "amount"_L1, "period_id"_L1, "total_credits"_L1, "used_credits"_L1, "remaining_credits"_L1,
         "billing_period_start"_L1, "billing_period_end"_L1, "updated_at"_L1},
        "user_id"_L1);
    return statement;
}

const QString &insertSource()
{
    static const QString statement =
        u"INSERT INTO credit_allocation (id, credit_type, source_type, amount, remaining, granted_at, expires_at) "
        u"VALUES (?, ?, ?, ?, ?, ?, ?)"_s;
    return statement;
}

} // namespace

Result<void> AccountRepository::upsertProfile(const UserProfile &p)
{
    return m_db.transact([&]() -> Result<void> {
        // One user per mirror: another account's row (and its preferences) goes.
        if (auto r = m_db.write(u"DELETE FROM users WHERE id <> ?"_s, {p.id}); !r)
            return r;
        return m_db.write(upsertUser(),
                          {p.id, p.email, sql::boolean(p.emailVerified), sql::text(p.username),
                           sql::text(p.firstName), sql::text(p.lastName), sql::text(p.displayName),
                           sql::text(p.profilePictureUrl), sql::integer(p.createdAtMs),
                           sql::integer(p.lastLoginAtMs)});
    });
}

Result<void> AccountRepository::upsertPreferences(const UserPreferences &p)
{
    return m_db.transact([&]() -> Result<void> {
        if (auto r = m_db.write(u"DELETE FROM user_preferences WHERE user_id <> ?"_s, {p.userId}); !r)
            return r;
        return m_db.write(upsertPreferencesStatement(),
                          {p.userId, sql::text(p.defaultModelId), sql::boolean(p.enableStreaming),
                           sql::integer(qint64{p.maxTokens}), sql::integer(qint64{p.temperatureMilli}),
                           sql::json(p.preferencesMetadata), sql::boolean(p.emailNotifications),
                           sql::boolean(p.usageAlerts)});
    });
}

Result<void> AccountRepository::replaceSubscription(const std::optional<Subscription> &subscription)
{
    return m_db.transact([&]() -> Result<void> {
        if (!subscription)
            return m_db.write(u"DELETE FROM subscription_monetization"_s);
        const Subscription &s = *subscription;
        if (auto r = m_db.write(u"DELETE FROM subscription_monetization WHERE id <> ?"_s, {s.id}); !r)
            return r;
        return m_db.write(upsertSubscription(),
                          {s.id, s.userId, s.tier, s.status, s.billingInterval, sql::cents(s.price),
                           sql::units(s.creditsPerMonth), sql::boolean(s.creditsRollover),
                           sql::integer(s.currentPeriodStartMs), sql::integer(s.currentPeriodEndMs),
                           sql::integer(s.trialEndMs), sql::boolean(s.cancelAtPeriodEnd),
                           sql::integer(s.createdAtMs), sql::integer(s.updatedAtMs)});
    });
}

Result<void> AccountRepository::upsertBalance(const CreditBalance &b)
{
    return m_db.transact([&]() -> Result<void> {
        if (auto r = m_db.write(u"DELETE FROM user_credit_balance WHERE user_id <> ?"_s, {b.userId}); !r)
            return r;
        return m_db.write(upsertBalanceStatement(),
                          {b.userId, sql::units(b.amount), sql::text(b.periodId), sql::units(b.periodTotal),
                           sql::units(b.periodUsed), sql::units(b.periodRemaining), sql::integer(b.periodStartMs),
                           sql::integer(b.periodEndMs), sql::integer(b.updatedAtMs)});
    });
}

Result<void> AccountRepository::replaceSources(const QList<CreditSource> &sources)
{
    return m_db.transact([&]() -> Result<void> {
        if (auto r = m_db.write(u"DELETE FROM credit_allocation"_s); !r)
            return r;
        auto insert = m_db.prepare(insertSource());
        if (!insert)
            return std::unexpected(insert.error());
        for (const CreditSource &s : sources) {
            auto r = m_db.exec(*insert,
                               {s.id, sql::text(s.creditType), s.sourceType, sql::units(s.amount),
                                sql::units(s.remaining), sql::integer(s.grantedAtMs), sql::integer(s.expiresAtMs)},
                               MirrorDatabase::Access::Write);
            if (!r)
                return r;
        }
        return {};
    });
}

} // namespace creditdesk::store
