// Validation facts of the coupon service: the coupon as CouponRules, the
// discount preview, counters and custom rules (domain-rules §8 steps 1–10).
#include "server/coupons/coupon_internal.h"

#include "core/domain/coupon_discount.h"
#include "core/domain/license_rules.h"
#include "core/domain/tier_config.h"
#include "core/domain/utc_time.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::server::coupons_detail {

namespace {

// The JSON forms an admin may store in rule_value: a bare value, or an
// object with one of the given keys.
QJsonValue ruleValue(const QJsonValue &value, std::initializer_list<QString> keys)
{
    if (!value.isObject())
        return value;
    const QJsonObject object = value.toObject();
    for (const QString &key : keys) {
        if (object.contains(key))
            return object.value(key);
    }
    return QJsonValue(QJsonValue::Undefined);
}

Result<bool> rulePasses(CouponRepository &repo, const CustomRule &rule, const QString &userId, std::int64_t nowMs)
{
    switch (rule.type) {
    case CustomRuleType::FirstTimeUserOnly: {
        // Real cloud: no subscription yet; ours ignores the free tier every user has.
        auto paid = repo.paidSubscriptionCount(userId);
        if (!paid)
            return std::unexpected(paid.error());
        return *paid == 0;
    }
    case CustomRuleType::SpecificEmailDomain: {
        auto email = repo.userEmail(userId);
        if (!email)
            return std::unexpected(email.error());
        const QString domain = email->section(u'@', -1).toLower();
        const QJsonValue allowed = ruleValue(rule.value, {u"domains"_s, u"domain"_s});
        QStringList domains;
        if (allowed.isArray()) {
            for (const QJsonValue &d : allowed.toArray())
                domains.append(d.toString().toLower());
        } else {
            domains.append(allowed.toString().toLower());
        }
        return !domain.isEmpty() && domains.contains(domain);
    }
    case CustomRuleType::MinimumCreditBalance: {
        const QJsonValue minimum = ruleValue(rule.value, {u"credits"_s, u"minimum"_s, u"amount"_s});
        auto required = Credits::fromWhole(minimum.toInteger(0));
        auto balance = repo.cachedBalance(userId);
        if (!required || !balance)
            return std::unexpected(required ? balance.error() : required.error());
        return *balance >= *required;
    }
    case CustomRuleType::ExcludeRefundedUsers: {
        const std::int64_t days = std::clamp<std::int64_t>(ruleValue(rule.value, {u"days"_s}).toInteger(90), 1, 3650);
        auto refunds = repo.refundsSince(userId, nowMs - days * kMsPerDay);
        if (!refunds)
            return std::unexpected(refunds.error());
        return *refunds == 0;
    }
    case CustomRuleType::RequirePaymentMethod:
        return repo.hasPaymentMethod(userId);
    }
    return false;
}

Result<bool> customRulesPass(CouponRepository &repo, const CouponRecord &coupon, const CouponCaller &caller,
                             std::int64_t nowMs)
{
    auto rules = repo.activeRules(coupon.id);
    if (!rules)
        return std::unexpected(rules.error());
    if (rules->isEmpty())
        return true;
    if (!caller.known)
        return false; // nothing to check them against
    for (const CustomRule &rule : *rules) {
        auto passes = rulePasses(repo, rule, caller.userId, nowMs);
        if (!passes || !*passes)
            return passes;
    }
    return true;
}

} // namespace

CouponRules rulesFor(const CouponRecord &coupon)
{
    CouponRules rules;
    const bool hasCampaign = !coupon.campaignId.isEmpty();
    rules.active = coupon.active && (!hasCampaign || coupon.campaignActive);
    rules.validFromMs = hasCampaign ? std::max(coupon.validFromMs, coupon.campaignStartsAtMs) : coupon.validFromMs;
    rules.validUntilMs = hasCampaign ? std::min(coupon.validUntilMs, coupon.campaignEndsAtMs) : coupon.validUntilMs;
    rules.tierEligibility = coupon.tierEligibility;
    const QList<BillingInterval> every = allBillingIntervals();
    const bool allCycles = std::all_of(every.cbegin(), every.cend(),
                                       [&](BillingInterval i) { return coupon.billingCycles.contains(i); });
    if (!allCycles)
        rules.billingCycles = coupon.billingCycles;
    rules.maxUses = coupon.maxUses;
    rules.maxUsesPerUser = coupon.maxUsesPerUser;
    rules.campaignBudget = coupon.campaignBudget;
    rules.minPurchase = coupon.minPurchase;
    return rules;
}

std::optional<std::pair<SubscriptionTier, SubscriptionTier>> transitionFor(const CouponRecord &coupon,
                                                                           SubscriptionTier tier)
{
    for (const auto &transition : coupon.tierTransitions) {
        if (transition.first == tier)
            return transition;
    }
    return std::nullopt;
}

Result<DiscountPreview> previewDiscount(const CouponRecord &coupon, const CouponCaller &caller,
                                        std::optional<Money> explicitAmount)
{
    const CouponDiscountSpec spec = coupon.spec();
    const bool migration = coupon.couponType == CouponType::PerpetualMigration;
    std::optional<std::pair<SubscriptionTier, SubscriptionTier>> transition;
    if (coupon.couponType == CouponType::TierSpecific)
        transition = transitionFor(coupon, caller.tier);

    Result<Money> price = Money();
    if (migration)
        price = Money::fromCents(tierConfig(SubscriptionTier::Perpetual).oneTimePriceCents);
    else if (explicitAmount)
        price = *explicitAmount;
    else if (transition)
        price = tierConfig(transition->second).cyclePrice(caller.interval.value_or(BillingInterval::Monthly));
    else if (caller.subscription)
        price = caller.subscription->price;
    if (!price)
        return std::unexpected(price.error());

    DiscountPreview preview;
    preview.original = *price;
    preview.final = *price;
    auto invoice = invoiceDiscount(spec, InvoiceContext{*price, 0, transition});
    if (invoice) {
        preview.discount = invoice->discount;
        preview.final = invoice->pay;
    } else if (!invoice.error().is(errc::tierNotEligible)) {
        return std::unexpected(invoice.error()); // TIER_NOT_ELIGIBLE reports the other case
    }
    if (migration) {
        preview.budgetCost = preview.discount;
        return preview;
    }
    switch (coupon.discountType) {
    case DiscountType::Percentage:
    case DiscountType::FixedAmount:
        preview.budgetCost = preview.discount;
        break;
    case DiscountType::Credits: {
        auto credits = couponCreditGrant(spec);
        auto faceValue = Money::fromCents(coupon.discountValue); // 1 credit = $0.01
        if (!credits || !faceValue)
            return std::unexpected(credits ? faceValue.error() : credits.error());
        preview.credits = *credits;
        preview.budgetCost = *faceValue;
        break;
    }
    case DiscountType::MonthsFree: {
        preview.bonusMonths = static_cast<int>(std::clamp<std::int64_t>(coupon.discountValue, 0, 1'200));
        auto faceValue = tierConfig(caller.tier).monthlyPrice().times(preview.bonusMonths);
        if (!faceValue)
            return std::unexpected(faceValue.error());
        preview.budgetCost = *faceValue;
        break;
    }
    }
    return preview;
}

Result<CouponFacts> gatherFacts(CouponRepository &repo, const CouponRecord &coupon, const CouponCaller &caller,
                                const DiscountPreview &preview, std::int64_t nowMs)
{
    CouponFacts facts;
    facts.nowMs = nowMs;
    facts.tier = caller.tier;
    facts.billingInterval = caller.interval;
    auto uses = repo.totalUses(coupon.id);
    if (!uses)
        return std::unexpected(uses.error());
    facts.totalUses = *uses;
    if (caller.known) {
        auto mine = repo.userSuccesses(coupon.id, caller.userId);
        if (!mine)
            return std::unexpected(mine.error());
        facts.userSuccesses = *mine;
    }
    facts.campaignSpent = coupon.campaignSpent;
    facts.discount = preview.budgetCost;
    facts.cartTotal = preview.original;
    auto rules = customRulesPass(repo, coupon, caller, nowMs);
    if (!rules)
        return std::unexpected(rules.error());
    facts.customRulesPassed = *rules;
    return facts;
}

void applyStrictBudget(CouponValidation &validation)
{
    if (!validation.warnings.removeOne(CouponReason::CampaignBudgetLow))
        return;
    validation.errors.append(CouponReason::CampaignBudgetExceeded);
    std::sort(validation.errors.begin(), validation.errors.end()); // enum order = report order
}

QString newLicenseKey()
{
    QString key = kLicenseKeyPrefix;
    QRandomGenerator *random = QRandomGenerator::system(); // CSPRNG
    const auto symbols = static_cast<quint32>(kLicenseKeyAlphabet.size());
    for (int group = 0; group < 4; ++group) {
        key += u'-';
        for (int i = 0; i < 4; ++i)
            key += kLicenseKeyAlphabet[static_cast<qsizetype>(random->bounded(symbols))];
    }
    return key;
}

} // namespace creditdesk::server::coupons_detail
