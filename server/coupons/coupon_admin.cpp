#include "server/coupons/coupon_admin.h"

#include "core/domain/clock.h"
#include "core/domain/coupon_discount.h"
#include "core/domain/utc_time.h"
#include "server/cli/admin_commands.h"
#include "server/coupons/coupon_json.h"
#include "server/coupons/coupon_repository.h"
#include "server/db/connection.h"
#include "server/db/db_errors.h"
#include "server/db/sql_values.h"
#include "server/db/transaction.h"
#include "server/server_environment.h"

#include <QJsonArray>

#include <limits>

using namespace Qt::StringLiterals;

namespace creditdesk::server::coupon_admin {

namespace {

constexpr std::int64_t kMaxInt32 = std::numeric_limits<std::int32_t>::max();

std::unexpected<Error> badArgument(const QString &option, const QString &message)
{
    return fail(dberr::invalidArguments, u"--%1: %2"_s.arg(option, message), QJsonObject{{u"option"_s, option}});
}

// Plain decimal digits only ("12"), within [min, max].
Result<std::int64_t> integerOption(const QHash<QString, QString> &options, const QString &name, std::int64_t min,
                                   std::int64_t max)
{
    const QString text = options.value(name);
    bool ok = !text.isEmpty() && text.size() <= 18
        && std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; });
    const std::int64_t value = ok ? text.toLongLong(&ok) : 0;
    if (!ok || value < min || value > max)
        return badArgument(name, u"must be an integer from %1 to %2"_s.arg(min).arg(max));
    return value;
}

template <typename E, typename Parse>
Result<QList<E>> listOption(const QHash<QString, QString> &options, const QString &name, Parse parse)
{
    QList<E> values;
    for (const QString &item : options.value(name).split(u',', Qt::SkipEmptyParts)) {
        auto value = parse(item.trimmed());
        if (!value)
            return badArgument(name, u"unknown value '%1'"_s.arg(item.trimmed().left(40)));
        if (!values.contains(*value))
            values.append(*value);
    }
    if (values.isEmpty())
        return badArgument(name, u"needs at least one value"_s);
    return values;
}

Result<SubscriptionTier> parseAnyTier(QStringView text)
{
    auto tier = parseSubscriptionTier(text);
    return tier ? tier : parseWireTier(text);
}

Result<std::pair<SubscriptionTier, SubscriptionTier>> parseTransition(QStringView text)
{
    const qsizetype colon = text.indexOf(u':');
    auto from = colon < 0 ? Result<SubscriptionTier>(fail(errc::invalidArgument, {})) : parseAnyTier(text.first(colon));
    auto to = colon < 0 ? Result<SubscriptionTier>(fail(errc::invalidArgument, {})) : parseAnyTier(text.sliced(colon + 1));
    if (!from || !to || *from == *to)
        return fail(errc::invalidArgument, u"expected from:to"_s);
    return std::pair{*from, *to};
}

// "name" or "name=value"; values: specific_email_domain=a.com|b.org,
// minimum_credit_balance=CREDITS, exclude_refunded_users=DAYS.
Result<CustomRule> parseRule(QStringView text)
{
    const qsizetype eq = text.indexOf(u'=');
    const QStringView name = eq < 0 ? text : text.first(eq);
    const QString value = eq < 0 ? QString() : text.sliced(eq + 1).toString();
    const auto type = parseCustomRule(name);
    if (!type)
        return fail(errc::invalidArgument, u"unknown rule"_s);
    CustomRule rule{*type, QJsonValue(QJsonValue::Null)};
    bool ok = true;
    switch (*type) {
    case CustomRuleType::SpecificEmailDomain:
        ok = !value.isEmpty();
        rule.value = QJsonObject{{u"domains"_s, QJsonArray::fromStringList(value.toLower().split(u'|'))}};
        break;
    case CustomRuleType::MinimumCreditBalance:
        rule.value = QJsonObject{{u"credits"_s, value.toLongLong(&ok)}};
        break;
    case CustomRuleType::ExcludeRefundedUsers:
        rule.value = QJsonObject{{u"days"_s, value.isEmpty() ? 90 : value.toLongLong(&ok)}};
        break;
    case CustomRuleType::FirstTimeUserOnly:
    case CustomRuleType::RequirePaymentMethod:
        ok = value.isEmpty();
        break;
    }
    if (!ok)
        return fail(errc::invalidArgument, u"bad rule value"_s);
    return rule;
}

Result<std::int64_t> timeOption(const QHash<QString, QString> &options, const QString &name, std::int64_t fallback)
{
    if (!options.contains(name))
        return fallback;
    auto ms = parseIsoUtc(options.value(name));
    if (!ms)
        return badArgument(name, u"must be a UTC time like 2026-01-31T00:00:00.000Z"_s);
    return *ms;
}

Result<CouponRepository::NewCoupon> parseCoupon(const QHash<QString, QString> &o, std::int64_t nowMs)
{
    CouponRepository::NewCoupon c;
    c.id = sqlv::newUuid();
    c.nowMs = nowMs;
    auto code = normalizeCouponCode(o.value(u"code"_s));
    auto couponType = parseCouponType(o.value(u"coupon-type"_s));
    auto discountType = parseDiscountType(o.value(u"discount-type"_s));
    if (!code)
        return badArgument(u"code"_s, u"4-50 letters or digits"_s);
    if (!couponType)
        return badArgument(u"coupon-type"_s, u"one of percentage, fixed_amount, tier_specific, duration_bonus, "
                                             u"perpetual_migration (or the database names)"_s);
    if (!discountType)
        return badArgument(u"discount-type"_s, u"one of percentage, fixed_amount, credits, months_free"_s);
    c.code = *code;
    c.couponType = *couponType;
    c.discountType = *discountType;
    const std::int64_t maxValue = *discountType == DiscountType::Percentage ? 10'000
        : *discountType == DiscountType::MonthsFree                        ? 1'200
                                                                           : Money::kMaxCents;
    auto value = integerOption(o, u"value"_s, 1, maxValue);
    if (!value)
        return std::unexpected(value.error());
    c.value = *value;
    c.description = o.value(u"description"_s);
    if (o.contains(u"max-uses"_s)) {
        auto maxUses = integerOption(o, u"max-uses"_s, 1, kMaxInt32);
        if (!maxUses)
            return std::unexpected(maxUses.error());
        c.maxUses = *maxUses;
    }
    auto perUser = o.contains(u"max-uses-per-user"_s) ? integerOption(o, u"max-uses-per-user"_s, 1, kMaxInt32)
                                                      : Result<std::int64_t>(1);
    auto months = o.contains(u"months"_s) ? integerOption(o, u"months"_s, 1, 1'200) : Result<std::int64_t>(1);
    auto from = timeOption(o, u"valid-from"_s, nowMs);
    if (!perUser || !months || !from)
        return std::unexpected(!perUser ? perUser.error() : !months ? months.error() : from.error());
    auto until = timeOption(o, u"valid-until"_s, *from + 365 * kMsPerDay);
    if (!until)
        return std::unexpected(until.error());
    if (*until <= *from)
        return badArgument(u"valid-until"_s, u"must be after --valid-from"_s);
    c.maxUsesPerUser = *perUser;
    c.durationMonths = static_cast<int>(*months);
    c.validFromMs = *from;
    c.validUntilMs = *until;
    c.tiers = {SubscriptionTier::Free, SubscriptionTier::Pro, SubscriptionTier::ProMax,
               SubscriptionTier::EnterprisePro, SubscriptionTier::EnterpriseMax};
    if (o.contains(u"tiers"_s)) {
        auto tiers = listOption<SubscriptionTier>(o, u"tiers"_s, parseAnyTier);
        if (!tiers)
            return std::unexpected(tiers.error());
        c.tiers = *tiers;
    }
    c.cycles = allBillingIntervals();
    if (o.contains(u"cycles"_s)) {
        auto cycles = listOption<BillingInterval>(o, u"cycles"_s, parseBillingInterval);
        if (!cycles)
            return std::unexpected(cycles.error());
        c.cycles = *cycles;
    }
    if (o.contains(u"transitions"_s)) {
        auto transitions = listOption<std::pair<SubscriptionTier, SubscriptionTier>>(o, u"transitions"_s,
                                                                                   parseTransition);
        if (!transitions)
            return std::unexpected(transitions.error());
        c.transitions = *transitions;
    }
    if (o.contains(u"min-purchase-cents"_s)) {
        auto min = integerOption(o, u"min-purchase-cents"_s, 0, Money::kMaxCents);
        if (!min)
            return std::unexpected(min.error());
        c.minPurchaseCents = *min;
    }
    if (o.contains(u"active"_s)) {
        const QString active = o.value(u"active"_s);
        if (active != "true"_L1 && active != "false"_L1)
            return badArgument(u"active"_s, u"true or false"_s);
        c.active = active == "true"_L1;
    }
    return c;
}

Result<void> attachCampaign(CouponRepository &repo, const QHash<QString, QString> &o,
                            const CouponRepository::NewCoupon &c)
{
    const QString name = o.value(u"campaign"_s).trimmed();
    if (name.isEmpty() || name.size() > 200)
        return badArgument(u"campaign"_s, u"a name of 1-200 characters"_s);
    std::optional<std::int64_t> budget;
    if (o.contains(u"budget-cents"_s)) {
        auto cents = integerOption(o, u"budget-cents"_s, 0, 999'999'999'999);
        if (!cents)
            return std::unexpected(cents.error());
        budget = *cents;
    }
    auto campaignId = repo.findCampaignByName(name);
    if (!campaignId)
        return std::unexpected(campaignId.error());
    if (campaignId->isEmpty()) {
        *campaignId = sqlv::newUuid();
        if (auto created = repo.insertCampaign(*campaignId, name, c.validFromMs, c.validUntilMs, budget, c.nowMs);
            !created)
            return created;
    } else if (budget) {
        if (auto updated = repo.setCampaignBudget(*campaignId, *budget, c.nowMs); !updated)
            return updated;
    }
    return repo.linkCampaign(*campaignId, c.id, c.nowMs);
}

std::int64_t nowOf(const ServerEnvironment &env)
{
    static const SystemClock systemClock;
    return (env.clock ? env.clock : &systemClock)->nowMs();
}

} // namespace

Result<QJsonObject> createCoupon(Connection &db, const ServerEnvironment &env, const QHash<QString, QString> &options)
{
    if (options.contains(u"budget-cents"_s) && !options.contains(u"campaign"_s))
        return badArgument(u"budget-cents"_s, u"needs --campaign"_s);
    QList<CustomRule> rules;
    for (const QString &item : options.value(u"rules"_s).split(u',', Qt::SkipEmptyParts)) {
        auto rule = parseRule(item.trimmed());
        if (!rule)
            return badArgument(u"rules"_s, u"bad rule '%1'"_s.arg(item.trimmed().left(60)));
        rules.append(*rule);
    }
    auto coupon = parseCoupon(options, nowOf(env));
    if (!coupon)
        return std::unexpected(coupon.error());
    CouponRepository repo(db);
    auto tx = Transaction::begin(db);
    if (!tx)
        return std::unexpected(tx.error());
    auto taken = repo.couponCodeExists(coupon->code);
    if (!taken)
        return std::unexpected(taken.error());
    if (*taken)
        return fail("conflict"_L1, u"a coupon with this code exists"_s, QJsonObject{{u"code"_s, coupon->code}});
    for (const Result<void> &step :
         {repo.insertCoupon(*coupon), repo.insertUsageLimitRow(coupon->id, coupon->nowMs)}) {
        if (!step)
            return std::unexpected(step.error());
    }
    for (const CustomRule &rule : rules) {
        if (auto inserted = repo.insertRule(coupon->id, rule, coupon->nowMs); !inserted)
            return std::unexpected(inserted.error());
    }
    if (options.contains(u"campaign"_s)) {
        if (auto linked = attachCampaign(repo, options, *coupon); !linked)
            return std::unexpected(linked.error());
    }
    if (auto committed = tx->commit(); !committed)
        return std::unexpected(committed.error());
    auto stored = repo.findCouponByCode(coupon->code);
    if (!stored || !*stored)
        return fail(dberr::databaseError, u"the new coupon cannot be read back"_s);
    return coupon_json::coupon(**stored);
}

Result<QJsonObject> deleteCoupon(Connection &db, const ServerEnvironment &env, const QHash<QString, QString> &options)
{
    auto code = normalizeCouponCode(options.value(u"code"_s));
    if (!code)
        return badArgument(u"code"_s, u"4-50 letters or digits"_s);
    const std::int64_t now = nowOf(env);
    auto deleted = CouponRepository(db).softDeleteCoupon(*code, now);
    if (!deleted)
        return std::unexpected(deleted.error());
    if (!*deleted)
        return fail("coupon_not_found"_L1, u"no live coupon has this code"_s);
    return QJsonObject{{u"code"_s, *code}, {u"deleted_at"_s, toIsoUtc(now)}};
}

void registerCommands(AdminCommands &commands)
{
    commands.add(AdminCommands::Command{
        u"create-coupon"_s,
        {u"code"_s, u"coupon-type"_s, u"discount-type"_s, u"value"_s, u"max-uses"_s, u"max-uses-per-user"_s,
         u"valid-from"_s, u"valid-until"_s, u"tiers"_s, u"cycles"_s, u"months"_s, u"min-purchase-cents"_s,
         u"transitions"_s, u"rules"_s, u"active"_s, u"description"_s, u"campaign"_s, u"budget-cents"_s},
        u"create a coupon: --code C --coupon-type T --discount-type D --value N (percentage: hundredths of a "
        u"percent, 2500 = 25 %; fixed_amount: cents; credits: whole credits; months_free: months) [--max-uses N] "
        u"[--max-uses-per-user N] [--valid-from TS] [--valid-until TS] [--tiers a,b] [--months N] "
        u"[--campaign NAME --budget-cents N]"_s,
        false,
        [](AdminContext &context) { return createCoupon(context.db, context.env, context.options); },
    });
    commands.add(AdminCommands::Command{
        u"delete-coupon"_s,
        {u"code"_s},
        u"soft-delete a coupon (its redemption history stays): --code C"_s,
        false,
        [](AdminContext &context) { return deleteCoupon(context.db, context.env, context.options); },
    });
}

} // namespace creditdesk::server::coupon_admin
