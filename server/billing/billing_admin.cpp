#include "server/billing/billing_admin.h"

#include "core/domain/utc_time.h"
#include "server/billing/billing_errors.h"
#include "server/billing/billing_json.h"
#include "server/billing/billing_sql.h"
#include "server/billing/credit_grants.h"
#include "server/billing/subscription_repository.h"
#include "server/billing/subscription_service.h"
#include "server/billing/subscription_windows.h"
#include "server/billing/usage_generator.h"
#include "server/billing/user_repository.h"
#include "server/cli/admin_commands.h"
#include "server/db/db_errors.h"
#include "server/module.h"

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace billing_admin {

namespace {

Result<std::int64_t> integerOption(const AdminContext &context, const QString &name, std::int64_t fallback,
                                   std::int64_t min, std::int64_t max)
{
    const QString text = context.optional(name).trimmed();
    if (text.isEmpty())
        return fallback;
    bool ok = false;
    const qlonglong value = text.toLongLong(&ok);
    if (!ok || value < min || value > max)
        return fail(dberr::invalidArguments, u"--%1 must be an integer from %2 to %3"_s.arg(name).arg(min).arg(max));
    return value;
}

struct GrantType {
    CreditType type = CreditType::AdminGrant;
    QString source;
    QString sourceType;
};

std::optional<GrantType> parseGrantType(const QString &text)
{
    if (auto type = parseCreditType(text))
        return GrantType{*type, {}, {}};
    static const QHash<QString, GrantType> wire{
        {u"monthly_allocation"_s, {CreditType::Subscription, u"monthly_allocation"_s, u"monthly_allocation"_s}},
        {u"referral_reward"_s, {CreditType::Referral, u"referral"_s, u"referral_reward"_s}},
        {u"coupon_promotion"_s, {CreditType::Coupon, u"coupon"_s, u"coupon_promotion"_s}},
        {u"refund"_s, {CreditType::AdminGrant, u"refund"_s, u"refund"_s}}};
    if (auto it = wire.constFind(text); it != wire.constEnd())
        return *it;
    return std::nullopt;
}

} // namespace

Result<QJsonObject> setSubscription(AdminContext &context)
{
    auto email = context.required(u"email"_s);
    auto tier = context.required(u"tier"_s);
    auto status = context.required(u"status"_s);
    if (!email || !tier || !status)
        return std::unexpected(!email ? email.error() : !tier ? tier.error() : status.error());
    return SubscriptionService(context.env, context.db)
        .adminSet(*email, *tier, *status, context.optional(u"interval"_s).trimmed());
}

Result<QJsonObject> grantCredits(AdminContext &context)
{
    auto email = context.required(u"email"_s);
    auto typeText = context.required(u"type"_s);
    if (!email || !typeText)
        return std::unexpected(!email ? email.error() : typeText.error());
    auto amount = integerOption(context, u"amount"_s, 0, 1, 99'999'999);
    if (!amount)
        return std::unexpected(amount.error());
    if (*amount == 0)
        return fail(dberr::invalidArguments, u"--amount is required (whole credits)"_s);
    const auto type = parseGrantType(*typeText);
    if (!type)
        return fail(dberr::invalidArguments, u"--type: subscription, bonus, referral, coupon, admin_grant, "
                                             "monthly_allocation, referral_reward, coupon_promotion or refund"_s);
    std::optional<std::int64_t> expires;
    if (const QString text = context.optional(u"expires"_s).trimmed(); !text.isEmpty()) {
        auto at = parseIsoUtc(text);
        if (!at)
            return fail(dberr::invalidArguments, u"--expires must be an ISO 8601 UTC time"_s);
        expires = *at;
    }
    Connection &db = context.db;
    const std::int64_t now = billing::nowMs(context.env);
    return billing::inTransaction(db, [&]() -> Result<QJsonObject> {
        auto user = UserRepository(db).findByEmail(*email);
        if (!user)
            return std::unexpected(user.error());
        if (!*user)
            return fail(billerr::notFound, u"no user with that e-mail"_s);
        GrantRequest grant;
        grant.userId = (*user)->id;
        grant.type = type->type;
        grant.wholeCredits = *amount;
        grant.source = type->source.isEmpty() ? u"admin"_s : type->source;
        grant.sourceType = type->sourceType;
        grant.expiresAtMs = expires;
        if (type->type == CreditType::Subscription) {
            auto current = SubscriptionRepository(db).current(grant.userId);
            if (!current)
                return std::unexpected(current.error());
            if (!*current)
                return fail(dberr::invalidArguments, u"a subscription grant needs a current subscription"_s);
            auto window = creditWindowAt(**current, now);
            if (!window)
                return std::unexpected(window.error());
            grant.subscriptionId = (*current)->id;
            grant.windowStartMs = window->startMs;
            grant.windowEndMs = window->endMs;
        }
        auto granted = server::grantCredits(db, grant, now);
        if (!granted)
            return std::unexpected(granted.error());
        return QJsonObject{{u"user_id"_s, grant.userId},
                           {u"email"_s, (*user)->email},
                           {u"grant_id"_s, granted->grantId},
                           {u"type"_s, toString(grant.type)},
                           {u"amount"_s, static_cast<qint64>(*amount)},
                           {u"expires_at"_s, billing::tsJson(granted->expiresAtMs)},
                           {u"balance"_s, billing::creditsJson(granted->balanceAfter)}};
    });
}

Result<QJsonObject> generateUsage(AdminContext &context)
{
    auto email = context.required(u"email"_s);
    if (!email)
        return std::unexpected(email.error());
    GenerateUsageRequest request;
    request.email = *email;
    auto rows = integerOption(context, u"rows"_s, 1000, 1, 50'000'000);
    auto days = integerOption(context, u"days"_s, 30, 1, 3650);
    auto byok = integerOption(context, u"byok-percent"_s, 15, 0, 100);
    auto seed = integerOption(context, u"seed"_s, 42, 0, INT64_MAX);
    if (!rows || !days || !byok || !seed)
        return std::unexpected(!rows ? rows.error() : !days ? days.error() : !byok ? byok.error() : seed.error());
    request.rows = *rows;
    request.days = static_cast<int>(*days);
    request.byokPercent = static_cast<int>(*byok);
    request.seed = static_cast<std::uint64_t>(*seed);
    return server::generateUsage(context.db, context.env, request);
}

} // namespace billing_admin

void registerBillingAdminCommands(AdminCommands &commands)
{
    commands.add({u"set-subscription"_s, {u"email"_s, u"tier"_s, u"status"_s, u"interval"_s},
                  u"Create or change the user's current subscription and its monthly allocation."_s, false,
                  billing_admin::setSubscription});
    commands.add({u"grant-credits"_s, {u"email"_s, u"amount"_s, u"type"_s, u"expires"_s},
                  u"Grant whole credits of a type (optional expiry); prints the grant and the balance."_s, false,
                  billing_admin::grantCredits});
    commands.add({u"generate-usage"_s, {u"email"_s, u"rows"_s, u"days"_s, u"byok-percent"_s, u"seed"_s},
                  u"Record N realistic usage rows over D days through the deduction path."_s, false,
                  billing_admin::generateUsage});
    commands.add({u"seed-demo"_s, {u"email"_s, u"password"_s, u"rows"_s},
                  u"Create a demo account with every kind of data; prints its credentials and a token."_s, false,
                  billing_admin::seedDemo});
}

} // namespace creditdesk::server
