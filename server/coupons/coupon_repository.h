#pragma once

#include "core/domain/error.h"
#include "server/coupons/coupon_types.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace creditdesk::server {

class Connection;

// The SQL of the coupon area, for both dialects (values bound, dialect
// differences through sqlv::). No business rules: the service decides, this
// reads and writes. Methods that must run inside the caller's transaction say
// so; the rest work in autocommit too.
class CouponRepository {
public:
    explicit CouponRepository(Connection &db)
        : m_db(db)
    {}

    // --- coupons and campaigns (coupon_repository.cpp) ---
    // A live (not soft-deleted) coupon by its normalized code, with its campaign.
    [[nodiscard]] Result<std::optional<CouponRecord>> findCouponByCode(const QString &code);
    // Re-reads the coupon and locks its row (PostgreSQL FOR UPDATE; SQLite holds
    // the write lock already) and its campaign row. Transaction only.
    [[nodiscard]] Result<std::optional<CouponRecord>> lockCoupon(const QString &couponId);

    struct NewCoupon {
        QString id;
        QString code;
        CouponType couponType = CouponType::Percentage;
        DiscountType discountType = DiscountType::Percentage;
        std::int64_t value = 0;
        QString description;
        std::optional<std::int64_t> maxUses;
        std::int64_t maxUsesPerUser = 1;
        std::int64_t validFromMs = 0;
        std::int64_t validUntilMs = 0;
        QList<SubscriptionTier> tiers;
        QList<BillingInterval> cycles;
        QList<std::pair<SubscriptionTier, SubscriptionTier>> transitions;
        std::optional<std::int64_t> minPurchaseCents;
        int durationMonths = 1;
        bool active = true;
        std::int64_t nowMs = 0;
    };
    [[nodiscard]] Result<bool> couponCodeExists(const QString &code); // deleted ones too (unique)
    [[nodiscard]] Result<void> insertCoupon(const NewCoupon &coupon);
    [[nodiscard]] Result<void> insertUsageLimitRow(const QString &couponId, std::int64_t nowMs);
    [[nodiscard]] Result<void> insertRule(const QString &couponId, const CustomRule &rule, std::int64_t nowMs);
    [[nodiscard]] Result<QString> findCampaignByName(const QString &name); // "" when none
    [[nodiscard]] Result<void> insertCampaign(const QString &id, const QString &name, std::int64_t startsAtMs,
                                              std::int64_t endsAtMs, std::optional<std::int64_t> budgetCents,
                                              std::int64_t nowMs);
    [[nodiscard]] Result<void> setCampaignBudget(const QString &campaignId, std::int64_t budgetCents,
                                                 std::int64_t nowMs);
    [[nodiscard]] Result<void> linkCampaign(const QString &campaignId, const QString &couponId, std::int64_t nowMs);
    // Soft delete: deleted_at, is_active false. false when no live coupon has the code.
    [[nodiscard]] Result<bool> softDeleteCoupon(const QString &code, std::int64_t nowMs);
    [[nodiscard]] Result<QList<CustomRule>> activeRules(const QString &couponId);

    // --- history: counters, redemptions, fraud (coupon_history_repository.cpp) ---
    [[nodiscard]] Result<std::int64_t> totalUses(const QString &couponId);
    [[nodiscard]] Result<std::int64_t> userSuccesses(const QString &couponId, const QString &userId);
    // The user's redemptions (any status, any coupon) since `sinceMs`.
    [[nodiscard]] Result<std::int64_t> userRedemptionsSince(const QString &userId, std::int64_t sinceMs);
    [[nodiscard]] Result<std::int64_t> userSuccessesSince(const QString &userId, std::int64_t sinceMs);
    // Distinct IPs of the user's redemptions (since `sinceMs`; successful ones only
    // when `successOnly`), normalized text.
    [[nodiscard]] Result<QStringList> redemptionIps(const QString &userId, std::optional<std::int64_t> sinceMs,
                                                    bool successOnly);
    // An unreviewed, flagged, critical record for user + coupon.
    [[nodiscard]] Result<bool> hasCriticalFlag(const QString &userId, const QString &couponId);
    [[nodiscard]] Result<void> insertFraud(const FraudRecord &record);
    [[nodiscard]] Result<void> insertRedemption(const RedemptionRow &row);
    // uses + 1, unique users + (firstForUser), total discount, last used. Transaction only.
    [[nodiscard]] Result<void> bumpUsage(const QString &couponId, bool firstForUser, Money discount,
                                         std::int64_t nowMs);
    [[nodiscard]] Result<void> addCampaignSpend(const QString &campaignId, Money amount, std::int64_t nowMs);
    [[nodiscard]] Result<QList<RedemptionListItem>> listRedemptions(const QString &userId);

    // --- users, subscriptions, effects (coupon_effects_repository.cpp) ---
    [[nodiscard]] Result<bool> userExists(const QString &userId);
    // Serialises one user's redemptions (velocity across coupons): PostgreSQL
    // FOR NO KEY UPDATE on the users row, which foreign-key inserts elsewhere do
    // not wait for; SQLite already holds the write lock. Transaction only.
    [[nodiscard]] Result<void> lockUser(const QString &userId);
    [[nodiscard]] Result<QString> userEmail(const QString &userId); // "" when unknown
    // The user's current subscription (trial, active, past_due), newest period first.
    [[nodiscard]] Result<std::optional<SubscriptionRecord>> currentSubscription(const QString &userId);
    [[nodiscard]] Result<std::optional<SubscriptionRecord>> subscriptionById(const QString &id, bool lock);
    [[nodiscard]] Result<std::int64_t> paidSubscriptionCount(const QString &userId);
    [[nodiscard]] Result<bool> hasPaymentMethod(const QString &userId);
    [[nodiscard]] Result<std::int64_t> refundsSince(const QString &userId, std::int64_t sinceMs);
    [[nodiscard]] Result<Credits> cachedBalance(const QString &userId); // 0 without a row
    [[nodiscard]] Result<void> setPeriodEnd(const QString &subscriptionId, std::int64_t periodEndMs,
                                            std::int64_t nowMs);
    // The `coupon` grant: creates the balance row if missing, locks it, writes
    // the grant (linked, applied now) and its `coupon_promotion` source, then
    // sets the balance to Σ remaining of the live grants. Transaction only.
    // Returns the credit_allocation id.
    [[nodiscard]] Result<QString> grantCouponCredits(const QString &userId, Credits amount,
                                                     std::optional<std::int64_t> expiresAtMs, std::int64_t nowMs);
    [[nodiscard]] Result<bool> licenseKeyExists(const QString &key);
    [[nodiscard]] Result<QString> latestReleasedVersion(std::int64_t nowMs); // "" when none
    struct NewLicense {
        QString id;
        QString userId;
        QString key;
        Money price;
        QString purchasedVersion;
        QString eligibleUntilVersion;
        int maxActivations = 3;
        QString couponCode;
        std::int64_t nowMs = 0;
    };
    [[nodiscard]] Result<void> insertPendingLicense(const NewLicense &license);

    // api-contract §10.5: bump the named versions of user_sync_state
    // ("coupons", "balance", "subscription", "license") in the caller's transaction.
    [[nodiscard]] Result<void> bumpSyncVersions(const QString &userId, const QStringList &names, std::int64_t nowMs);

private:
    Connection &m_db;
};

} // namespace creditdesk::server
