// `admin seed-demo`: one demo account with every kind of data.
#include "core/domain/clock.h"
#include "core/domain/utc_time.h"
#include "server/auth/auth_users.h"
#include "server/auth/oauth_clients.h"
#include "server/auth/token_service.h"
#include "server/billing/billing_admin.h"
#include "server/billing/billing_errors.h"
#include "server/billing/billing_json.h"
#include "server/billing/billing_sql.h"
#include "server/billing/credit_grants.h"
#include "server/billing/payment_gateway.h"
#include "server/billing/proration_service.h"
#include "server/billing/subscription_service.h"
#include "server/billing/usage_generator.h"
#include "server/billing/user_repository.h"
#include "server/cli/admin_commands.h"
#include "server/coupons/coupon_admin.h"
#include "server/coupons/coupon_service.h"
#include "server/db/connection.h"
#include "server/db/transaction.h"
#include "server/licenses/license_service.h"
#include "server/server_environment.h"

#include <QCryptographicHash>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace creditdesk::server::billing_admin {

namespace {

// A signed-in desktop session for the demo user (what `issue-token` does and prints).
Result<QJsonObject> issueSession(Connection &db, const ServerEnvironment &env, const auth::AuthUser &user)
{
    if (auto seeded = auth::ensureDesktopClient(db, env); !seeded)
        return std::unexpected(seeded.error());
    auto client = auth::findClient(db, env.oauthClientId);
    if (!client)
        return std::unexpected(client.error());
    if (!*client)
        return fail(billerr::notFound, u"the OAuth client is missing"_s);
    const QString scope = auth::desktopClientScopes().join(u' ');
    const std::int64_t now = billing::nowMs(env);
    return billing::inTransaction(db, [&]() -> Result<QJsonObject> {
        auto grantId = auth::createGrant(db, user.id, (*client)->rowId, scope, env.apiAudience, now);
        if (!grantId)
            return std::unexpected(grantId.error());
        auth::GrantSubject subject{*grantId, user.id, user.email, user.emailVerified, (*client)->clientId,
                                   scope};
        auto tokens = auth::issueTokens(db, env, subject, QString(), QString(), now);
        if (!tokens)
            return std::unexpected(tokens.error());
        return QJsonObject{{u"access_token"_s, tokens->accessToken},
                           {u"refresh_token"_s, tokens->refreshToken},
                           {u"token_type"_s, u"Bearer"_s},
                           {u"expires_in"_s, static_cast<qint64>(tokens->expiresIn)}};
    });
}

// Earlier monthly invoices of the pro_max plan, as if renewed before the downgrade.
Result<void> pastInvoices(Connection &db, const ServerEnvironment &env, const auth::AuthUser &user,
                          const QString &subscriptionId, std::int64_t firstStartMs)
{
    return billing::inTransaction(db, [&]() -> Result<void> {
        for (int k = -3; k < 0; ++k) {
            auto start = addMonths(firstStartMs, k);
            auto end = addMonths(firstStartMs, k + 1);
            if (!start || !end)
                return std::unexpected(!start ? start.error() : end.error());
            ChargeRequest charge;
            charge.userId = user.id;
            charge.email = user.email;
            charge.subscriptionId = subscriptionId;
            charge.amount = tierConfig(SubscriptionTier::ProMax).monthlyPrice();
            charge.description = u"CreditDesk Pro Max (monthly)"_s;
            charge.periodStartMs = *start;
            charge.periodEndMs = *end;
            charge.invoiceBaseUrl = env.publicBaseUrl.toString(QUrl::StripTrailingSlash);
            if (auto charged = defaultPaymentGateway().charge(db, charge, *start); !charged)
                return std::unexpected(charged.error());
        }
        return {};
    });
}

Result<QJsonObject> grantSources(Connection &db, const ServerEnvironment &env, const QString &userId)
{
    const std::int64_t now = billing::nowMs(env);
    struct Source {
        CreditType type;
        std::int64_t credits;
        QString source;
        QString sourceType;
        std::optional<std::int64_t> expires;
    };
    const QList<Source> sources{
        {CreditType::Bonus, 300, u"promotion"_s, {}, std::nullopt},   // +3 months
        {CreditType::Referral, 250, u"referral"_s, {}, std::nullopt}, // +365 days
        {CreditType::AdminGrant, 100, u"refund"_s, u"refund"_s, now + 10 * kMsPerDay},
        {CreditType::Bonus, 150, u"promotion"_s, u"bonus"_s, now + 3 * kMsPerDay},
        {CreditType::AdminGrant, 500, u"admin"_s, {}, std::nullopt}, // never expires
    };
    QJsonArray granted;
    for (const Source &s : sources) {
        auto done = billing::inTransaction(db, [&]() {
            return server::grantCredits(db,
                                        GrantRequest{userId,
                                                     s.type,
                                                     s.credits,
                                                     s.source,
                                                     s.sourceType,
                                                     {},
                                                     s.expires,
                                                     std::nullopt,
                                                     std::nullopt},
                                        now);
        });
        if (!done)
            return std::unexpected(done.error());
        granted.append(QJsonObject{{u"grant_id"_s, done->grantId},
                                   {u"type"_s, toString(s.type)},
                                   {u"amount"_s, static_cast<qint64>(s.credits)}});
    }
    return QJsonObject{{u"grants"_s, granted}};
}

// Coupons for the user to try: WELCOME20 is valid for pro, SUMMER2025 has expired.
Result<QJsonArray> tryableCoupons(Connection &db, const ServerEnvironment &env)
{
    const std::int64_t now = billing::nowMs(env);
    const QList<QHash<QString, QString>> coupons{
        {{u"code"_s, u"WELCOME20"_s},
         {u"coupon-type"_s, u"percentage"_s},
         {u"discount-type"_s, u"percentage"_s},
         {u"value"_s, u"20"_s},
         {u"tiers"_s, u"pro"_s},
         {u"max-uses-per-user"_s, u"1"_s},
         {u"description"_s, u"Demo: 20% off Pro"_s}},
        {{u"code"_s, u"SUMMER2025"_s},
         {u"coupon-type"_s, u"percentage"_s},
         {u"discount-type"_s, u"percentage"_s},
         {u"value"_s, u"15"_s},
         {u"valid-from"_s, toIsoUtc(now - 180 * kMsPerDay)},
         {u"valid-until"_s, toIsoUtc(now - 90 * kMsPerDay)},
         {u"description"_s, u"Demo: an expired summer offer"_s}},
    };
    QJsonArray codes;
    for (const auto &options : coupons) {
        auto created = coupon_admin::createCoupon(db, env, options);
        if (!created && !created.error().is("conflict"_L1))
            return std::unexpected(created.error());
        codes.append(options.value(u"code"_s));
    }
    return codes;
}

Result<QJsonObject> licenseAndCoupon(Connection &db, const ServerEnvironment &env, const QString &userId,
                                     const QString &email)
{
    auto license = LicenseService(env, db).purchase(userId, LicenseService::PurchaseOptions{});
    if (!license)
        return std::unexpected(license.error());
    Principal owner;
    owner.kind = Principal::Kind::User;
    owner.userId = userId;
    owner.email = email;
    // Two of the license's three seats taken.
    QStringList activationIds;
    const QList<std::pair<QString, QString>> devices{{u"demo-laptop"_s, u"Demo Laptop"_s},
                                                     {u"demo-desktop"_s, u"Demo Desktop"_s}};
    for (const auto &[tag, name] : devices) {
        const QString fingerprint = QString::fromLatin1(
            QCryptographicHash::hash(QByteArray("creditdesk-" + tag.toUtf8() + ':' + userId.toUtf8()),
                                     QCryptographicHash::Sha256)
                .toHex());
        auto activation = LicenseService(env, db).activate(
            license->licenseKey, DeviceInfo{fingerprint, name, u"linux"_s, u"Debian 12"_s, u"x86_64"_s},
            owner);
        if (!activation)
            return std::unexpected(activation.error());
        activationIds.append(activation->activation.id);
    }

    // A credit coupon, created once, redeemed by the demo user.
    const QString code = u"DEMOCREDITS"_s;
    auto created = coupon_admin::createCoupon(db, env,
                                              {{u"code"_s, code},
                                               {u"coupon-type"_s, u"duration_bonus"_s},
                                               {u"discount-type"_s, u"credits"_s},
                                               {u"value"_s, u"2000"_s},
                                               {u"max-uses-per-user"_s, u"1"_s},
                                               {u"description"_s, u"Demo: 2,000 bonus credits"_s}});
    if (!created && !created.error().is("conflict"_L1))
        return std::unexpected(created.error());
    RedeemRequest redeem;
    redeem.userId = userId;
    redeem.rawCode = code;
    redeem.ipAddress = u"127.0.0.1"_s;
    redeem.userAgent = u"creditdesk-server seed-demo"_s;
    auto redeemed = CouponService(env, db).redeem(redeem);
    if (!redeemed)
        return std::unexpected(redeemed.error());
    auto offers = tryableCoupons(db, env);
    if (!offers)
        return std::unexpected(offers.error());
    return QJsonObject{{u"license_key"_s, license->licenseKey},
                       {u"activation_id"_s, activationIds.first()},
                       {u"activation_ids"_s, QJsonArray::fromStringList(activationIds)},
                       {u"coupon_code"_s, code},
                       {u"redemption_id"_s, redeemed->redemptionId},
                       {u"coupons_to_try"_s, *offers}};
}

} // namespace

Result<QJsonObject> seedDemo(AdminContext &context)
{
    Connection &db = context.db;
    const ServerEnvironment &env = context.env;
    const QString email = auth::normalizeEmail(context.optional(u"email"_s, u"demo@creditdesk.local"_s));
    const QString password = context.optional(u"password"_s, u"creditdesk-demo"_s);
    const QString rowsText = context.optional(u"rows"_s, u"5000"_s);
    bool rowsOk = false;
    const qlonglong rows = rowsText.toLongLong(&rowsOk);
    if (!rowsOk || rows < 0 || rows > 10'000'000)
        return fail("invalid_arguments"_L1, u"--rows must be 0 to 10000000"_s);
    const std::int64_t now = billing::nowMs(env);

    auto existing = auth::findUserByEmail(db, email);
    if (!existing)
        return std::unexpected(existing.error());
    if (*existing) {
        // Seeded before: a fresh session only.
        auto session = issueSession(db, env, **existing);
        if (!session)
            return std::unexpected(session.error());
        QJsonObject out = *session;
        out.insert(u"email"_s, email);
        out.insert(u"user_id"_s, (*existing)->id);
        out.insert(u"already_seeded"_s, true);
        return out;
    }
    auto user = auth::createUser(db, email, password, now);
    if (!user)
        return std::unexpected(user.error());
    {
        const UserRepository users(db);
        auto row = users.find(user->id);
        if (row && *row) {
            UserRow named = **row;
            named.firstName = u"Demo"_s;
            named.lastName = u"User"_s;
            (void)users.updateNames(named, now);
        }
    }

    // Pro Max since the 1st day of a cycle 12 days ago, then pro today (proration).
    ManualClock past(now - 12 * kMsPerDay);
    ServerEnvironment then = env;
    then.clock = &past;
    auto pro = SubscriptionService(then, db).create(
        {user->id, SubscriptionTier::ProMax, BillingInterval::Monthly, SubscriptionStatus::Active});
    if (!pro)
        return std::unexpected(pro.error());
    if (auto invoices = pastInvoices(db, env, *user, pro->id, pro->periodStartMs); !invoices)
        return std::unexpected(invoices.error());
    auto upgrade = ProrationService(env, db).apply(user->id, pro->id, u"pro"_s, ChangeDirection::Downgrade);
    if (!upgrade)
        return std::unexpected(upgrade.error());
    auto extras = licenseAndCoupon(db, env, user->id, email);
    if (!extras)
        return std::unexpected(extras.error());

    GenerateUsageRequest usage;
    usage.email = email;
    usage.rows = rows;
    usage.days = 90;
    usage.byokPercent = 20;
    QJsonValue usageResult(QJsonValue::Null);
    if (rows > 0) {
        auto generated = server::generateUsage(db, env, usage);
        if (!generated)
            return std::unexpected(generated.error());
        usageResult = *generated;
    }
    // After the usage, which spends the soonest-expiring credits first: the
    // grants that expire in days stay whole for the user to see.
    auto sources = grantSources(db, env, user->id);
    if (!sources)
        return std::unexpected(sources.error());
    auto session = issueSession(db, env, *user);
    if (!session)
        return std::unexpected(session.error());
    QJsonObject out = *session;
    out.insert(u"email"_s, email);
    out.insert(u"password"_s, password);
    out.insert(u"user_id"_s, user->id);
    out.insert(u"subscription_id"_s, pro->id);
    out.insert(u"proration_event_id"_s, upgrade->value(u"proration_event_id"_s));
    out.insert(u"credit_sources"_s, sources->value(u"grants"_s));
    for (auto it = extras->constBegin(); it != extras->constEnd(); ++it)
        out.insert(it.key(), it.value());
    out.insert(u"usage"_s, usageResult);
    return out;
}

} // namespace creditdesk::server::billing_admin
