// CouponService::redeem: the redemption transaction (domain-rules §8 "Redemption").
#include "server/coupons/coupon_service.h"

#include "core/domain/coupon_discount.h"
#include "core/domain/credit_ledger.h"
#include "core/domain/license_rules.h"
#include "server/coupons/coupon_fraud.h"
#include "server/coupons/coupon_internal.h"
#include "server/coupons/coupon_log.h"
#include "server/db/connection.h"
#include "server/db/db_errors.h"
#include "server/db/sql_values.h"
#include "server/db/transaction.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QThread>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

constexpr int kMaxAttempts = 10;
constexpr int kMaxLicenseKeyDraws = 8;
constexpr auto kDefaultVersion = "1.0.0"_L1;

std::unexpected<Error> redemptionFailed(const CouponValidation &validation)
{
    QJsonObject details{{u"reasons"_s, QJsonArray::fromStringList(validation.errorCodes())}};
    if (!validation.expiredReason.isEmpty())
        details.insert(u"reason"_s, validation.expiredReason);
    QStringList warnings;
    for (CouponReason warning : validation.warnings)
        warnings.append(toString(warning));
    if (!warnings.isEmpty())
        details.insert(u"warnings"_s, QJsonArray::fromStringList(warnings));
    return fail(cpnerr::redemptionFailed, u"the coupon cannot be redeemed"_s, details);
}

// PostgreSQL serialization failures / deadlocks and SQLite's busy lock: the
// whole transaction may run again.
bool isRetryable(const Error &error)
{
    if (isRetryableConflict(error))
        return true;
    const QString native = error.details.value(u"native_code"_s).toString();
    return native == "5"_L1 || native == "517"_L1 || native == "6"_L1
        || error.message.contains("database is locked"_L1) || error.message.contains("database table is locked"_L1);
}

// The coupon needs a subscription to apply to: free months always, invoice
// discounts unless the caller names the amount (a checkout).
bool needsSubscription(const CouponRecord &coupon, const RedeemRequest &request)
{
    if (coupon.couponType == CouponType::PerpetualMigration || coupon.couponType == CouponType::TierSpecific)
        return false; // a license price / the target tier's price
    switch (coupon.discountType) {
    case DiscountType::MonthsFree:
        return true;
    case DiscountType::Percentage:
    case DiscountType::FixedAmount:
        return !request.originalAmount;
    case DiscountType::Credits:
        return false;
    }
    return false;
}

} // namespace

Result<CouponCaller> CouponService::resolveRedeemCaller(const RedeemRequest &request)
{
    CouponCaller caller;
    caller.userId = request.userId;
    auto exists = m_repo.userExists(request.userId);
    if (!exists)
        return std::unexpected(exists.error());
    if (!*exists)
        return fail(cpnerr::notFound, u"the signed-in user no longer exists"_s);
    caller.known = true;
    Result<std::optional<SubscriptionRecord>> subscription = request.subscriptionId.isEmpty()
        ? m_repo.currentSubscription(request.userId)
        : m_repo.subscriptionById(request.subscriptionId, false);
    if (!subscription)
        return std::unexpected(subscription.error());
    if (!request.subscriptionId.isEmpty() && (!*subscription || (*subscription)->userId != request.userId))
        return fail(cpnerr::subscriptionNotFound, u"no such subscription of the caller"_s); // ours: owner only
    caller.subscription = *subscription;
    if (caller.subscription) {
        caller.tier = caller.subscription->tier;
        caller.interval = caller.subscription->interval;
    }
    return caller;
}

Result<RedeemOutcome> CouponService::redeem(const RedeemRequest &request)
{
    const auto code = normalizeCouponCode(request.rawCode);
    if (!code)
        return fail(cpnerr::couponNotFound, u"no coupon has this code"_s);
    auto coupon = m_repo.findCouponByCode(*code);
    if (!coupon)
        return std::unexpected(coupon.error());
    if (!*coupon)
        return fail(cpnerr::couponNotFound, u"no coupon has this code"_s);
    auto caller = resolveRedeemCaller(request);
    if (!caller)
        return std::unexpected(caller.error());

    // Every step first, outside the transaction (fraud records must stay even
    // when the redemption is refused), then steps 6–8 again under the locks.
    auto judged = judge(**coupon, *caller, request.originalAmount, request.ipAddress, request.userAgent, {});
    if (!judged)
        return std::unexpected(judged.error());
    coupons_detail::applyStrictBudget(judged->validation);
    if (needsSubscription(**coupon, request) && !caller->subscription) {
        judged->validation.errors.append(CouponReason::ValidationError);
        auto failed = redemptionFailed(judged->validation);
        failed.error().details.insert(u"subscription"_s, u"required"_s);
        return failed;
    }
    if (!judged->validation.isValid())
        return redemptionFailed(judged->validation);

    for (int attempt = 1;; ++attempt) {
        auto outcome = redeemOnce(**coupon, *caller, request, judged->facts);
        if (!outcome && outcome.error().is(cpnerr::redemptionFailed)
            && outcome.error().details.value(u"reasons"_s).toArray().contains(
                toString(CouponReason::VelocityLimitExceeded))) {
            // Refused under the lock by a redemption that raced this one: record it now.
            const FraudContext context{caller->userId, caller->known, (*coupon)->id, request.ipAddress,
                                       request.userAgent, {}, nowMs()};
            if (auto logged = CouponFraudGuard(m_repo).logVelocity(context); !logged)
                return std::unexpected(logged.error());
        }
        if (outcome || attempt == kMaxAttempts || !isRetryable(outcome.error()))
            return outcome;
        qCDebug(lcServerCoupons) << "redemption conflict, retrying:" << outcome.error().message;
        QThread::msleep(QRandomGenerator::global()->bounded(1U, 4U << std::min(attempt, 6)));
    }
}

Result<RedeemOutcome> CouponService::redeemOnce(const CouponRecord &coupon, const CouponCaller &caller,
                                                const RedeemRequest &request, const CouponFacts &preFacts)
{
    const std::int64_t now = nowMs();
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return std::unexpected(tx.error());
    auto locked = m_repo.lockCoupon(coupon.id);
    if (!locked)
        return std::unexpected(locked.error());
    if (!*locked)
        return fail(cpnerr::couponNotFound, u"no coupon has this code"_s);
    const CouponRecord &current = **locked;
    if (auto row = m_repo.insertUsageLimitRow(current.id, now); !row)
        return std::unexpected(row.error());

    // Steps 6–8 on fresh counters, under the coupon (and campaign) row lock,
    // and velocity under the user's lock (it spans coupons).
    if (auto user = m_repo.lockUser(caller.userId); !user)
        return std::unexpected(user.error());
    const FraudContext context{caller.userId, caller.known, current.id, request.ipAddress, request.userAgent, {}, now};
    CouponFraudGuard guard(m_repo);
    auto preview = coupons_detail::previewDiscount(current, caller, request.originalAmount);
    auto uses = m_repo.totalUses(current.id);
    auto mine = m_repo.userSuccesses(current.id, caller.userId);
    auto recent = guard.recentRedemptions(context);
    if (!preview || !uses || !mine || !recent)
        return std::unexpected(!preview ? preview.error()
                               : !uses  ? uses.error()
                               : !mine  ? mine.error()
                                        : recent.error());
    CouponFacts facts = preFacts;
    facts.nowMs = now;
    facts.totalUses = *uses;
    facts.userSuccesses = *mine;
    facts.redemptionsLastHour = *recent;
    facts.campaignSpent = current.campaignSpent;
    facts.discount = preview->budgetCost;
    facts.cartTotal = preview->original;
    CouponValidation validation = validateCoupon(coupons_detail::rulesFor(current), facts);
    coupons_detail::applyStrictBudget(validation);
    if (!validation.isValid())
        return redemptionFailed(validation);

    RedemptionRow row;
    row.id = sqlv::newUuid();
    row.couponId = current.id;
    row.couponCode = current.code;
    row.userId = caller.userId;
    row.subscriptionId = caller.subscription ? caller.subscription->id : QString();
    row.redeemedAtMs = now;
    row.original = preview->original;
    row.discount = preview->discount;
    row.final = preview->final;
    row.tierBefore = caller.tier;
    const auto transition = coupons_detail::transitionFor(current, caller.tier);
    row.tierAfter = current.couponType == CouponType::TierSpecific && transition ? transition->second : caller.tier;
    row.cycleBefore = caller.interval;
    row.cycleAfter = caller.interval;
    row.ipAddress = request.ipAddress;
    row.userAgent = request.userAgent.left(512);
    QStringList changed{u"coupons"_s};

    if (current.couponType == CouponType::PerpetualMigration) {
        QString key;
        for (int draw = 0; draw < kMaxLicenseKeyDraws && key.isEmpty(); ++draw) {
            const QString candidate = coupons_detail::newLicenseKey();
            auto taken = m_repo.licenseKeyExists(candidate);
            if (!taken)
                return std::unexpected(taken.error());
            if (!*taken)
                key = candidate;
        }
        if (key.isEmpty())
            return fail(dberr::databaseError, u"could not draw a free license key"_s);
        auto version = m_repo.latestReleasedVersion(now);
        if (!version)
            return std::unexpected(version.error());
        const QString purchased = version->isEmpty() ? QString(kDefaultVersion) : *version;
        auto semver = parseSemVer(purchased);
        CouponRepository::NewLicense license{sqlv::newUuid(), caller.userId, key, preview->final, purchased,
                                             eligibleUntilVersion(semver ? semver->major : 1), kMaxActivations,
                                             current.code, now};
        if (auto inserted = m_repo.insertPendingLicense(license); !inserted)
            return std::unexpected(inserted.error());
        row.licenseId = license.id;
        changed.append(u"license"_s);
    } else if (current.discountType == DiscountType::Credits) {
        auto expiry = defaultExpiry(ExpiryInput{CreditType::Coupon, now, std::nullopt, std::nullopt});
        if (!expiry)
            return std::unexpected(expiry.error());
        auto allocation = m_repo.grantCouponCredits(caller.userId, preview->credits, *expiry, now);
        if (!allocation)
            return std::unexpected(allocation.error());
        row.creditAllocationId = *allocation;
        changed.append(u"balance"_s);
    } else if (current.discountType == DiscountType::MonthsFree) {
        auto subscription = m_repo.subscriptionById(caller.subscription->id, true);
        if (!subscription)
            return std::unexpected(subscription.error());
        if (!*subscription)
            return fail(cpnerr::subscriptionNotFound, u"the subscription was deleted"_s);
        auto end = extendPeriodEnd((*subscription)->currentPeriodEndMs, current.spec());
        if (!end)
            return std::unexpected(end.error());
        if (auto extended = m_repo.setPeriodEnd((*subscription)->id, *end, now); !extended)
            return std::unexpected(extended.error());
        row.monthsAdded = preview->bonusMonths;
        changed.append(u"subscription"_s);
    }

    if (auto inserted = m_repo.insertRedemption(row); !inserted)
        return std::unexpected(inserted.error());
    if (auto bumped = m_repo.bumpUsage(current.id, facts.userSuccesses == 0, preview->discount, now); !bumped)
        return std::unexpected(bumped.error());
    if (!current.campaignId.isEmpty() && !preview->budgetCost.isZero()) {
        if (auto spent = m_repo.addCampaignSpend(current.campaignId, preview->budgetCost, now); !spent)
            return std::unexpected(spent.error());
    }
    if (auto versions = m_repo.bumpSyncVersions(caller.userId, changed, now); !versions)
        return std::unexpected(versions.error());
    if (auto logged = guard.logAfterRedemption(context, row.id); !logged)
        return std::unexpected(logged.error());
    if (auto committed = tx->commit(); !committed)
        return std::unexpected(committed.error());

    qCInfo(lcServerCoupons).noquote() << "coupon" << current.code << "redeemed by" << caller.userId << "redemption"
                                      << row.id << "discount" << row.discount.toDecimalString();
    RedeemOutcome outcome;
    outcome.redemptionId = row.id;
    outcome.discountApplied = row.discount;
    outcome.finalAmount = row.final;
    outcome.creditAllocationId = row.creditAllocationId;
    outcome.licenseId = row.licenseId;
    outcome.monthsAdded = row.monthsAdded;
    return outcome;
}

} // namespace creditdesk::server
