#include "app/cli/mirror_json.h"

#include "app/cli/format.h"
#include "core/store/sync_state_repository.h"
#include "core/store/usage_export.h"
#include "core/sync/sync_types.h"

using namespace Qt::StringLiterals;

namespace creditdesk::cli::json {

using format::jsonCredits;
using format::jsonText;
using format::jsonTime;

namespace {

QJsonValue optionalCents(const std::optional<Money> &amount)
{
    if (!amount)
        return QJsonValue::Null;
    return static_cast<qint64>(amount->cents());
}

} // namespace

QJsonObject profile(const store::UserProfile &p)
{
    QString name = p.displayName;
    if (name.isEmpty())
        name = QStringList{p.firstName, p.lastName}.join(u' ').trimmed();
    return {{u"id"_s, p.id},
            {u"email"_s, p.email},
            {u"name"_s, jsonText(name)},
            {u"username"_s, jsonText(p.username)},
            {u"created_at"_s, jsonTime(p.createdAtMs)}};
}

QJsonObject subscription(const store::Subscription &s)
{
    return {{u"id"_s, s.id},
            {u"tier"_s, s.tier},
            {u"status"_s, s.status},
            {u"billing_interval"_s, s.billingInterval},
            {u"price_cents"_s, static_cast<qint64>(s.price.cents())},
            {u"credits_per_month"_s, jsonCredits(s.creditsPerMonth)},
            {u"current_period_start"_s, jsonTime(s.currentPeriodStartMs)},
            {u"current_period_end"_s, jsonTime(s.currentPeriodEndMs)},
            {u"trial_end"_s, jsonTime(s.trialEndMs)},
            {u"cancel_at_period_end"_s, s.cancelAtPeriodEnd}};
}

QJsonObject balance(const store::CreditBalance &b)
{
    QJsonObject out{{u"credits"_s, jsonCredits(b.amount)}, {u"updated_at"_s, jsonTime(b.updatedAtMs)}};
    if (b.periodStartMs || b.periodEndMs) {
        out.insert(u"period"_s, QJsonObject{{u"total"_s, jsonCredits(b.periodTotal)},
                                            {u"used"_s, jsonCredits(b.periodUsed)},
                                            {u"remaining"_s, jsonCredits(b.periodRemaining)},
                                            {u"start"_s, jsonTime(b.periodStartMs)},
                                            {u"end"_s, jsonTime(b.periodEndMs)}});
    } else {
        out.insert(u"period"_s, QJsonValue::Null);
    }
    return out;
}

QJsonObject source(const store::CreditSource &s)
{
    return {{u"id"_s, s.id},
            {u"source_type"_s, s.sourceType},
            {u"credit_type"_s, jsonText(s.creditType)},
            {u"amount"_s, jsonCredits(s.amount)},
            {u"remaining"_s, jsonCredits(s.remaining)},
            {u"granted_at"_s, jsonTime(s.grantedAtMs)},
            {u"expires_at"_s, jsonTime(s.expiresAtMs)}};
}

QJsonObject license(const store::License &l)
{
    return {{u"id"_s, l.id},
            {u"key_hint"_s, l.licenseKeyHint},
            {u"status"_s, l.status},
            {u"purchased_version"_s, l.purchasedVersion},
            {u"eligible_until_version"_s, l.eligibleUntilVersion},
            {u"max_activations"_s, l.maxActivations},
            {u"current_activations"_s, l.currentActivations},
            {u"byok_enabled"_s, l.byokEnabled},
            {u"purchase_price_cents"_s, optionalCents(l.purchasePrice)},
            {u"purchased_at"_s, jsonTime(l.purchasedAtMs)},
            {u"activated_at"_s, jsonTime(l.activatedAtMs)}};
}

QJsonObject device(const store::Device &d)
{
    return {{u"activation_id"_s, d.id},
            {u"device_name"_s, jsonText(d.deviceName)},
            {u"os_type"_s, jsonText(d.osType)},
            {u"os_version"_s, jsonText(d.osVersion)},
            {u"status"_s, d.status},
            {u"activated_at"_s, jsonTime(d.activatedAtMs)},
            {u"last_seen_at"_s, jsonTime(d.lastSeenAtMs)},
            {u"deactivated_at"_s, jsonTime(d.deactivatedAtMs)}};
}

QJsonObject upgrade(const store::VersionUpgrade &u)
{
    return {{u"id"_s, u.id},
            {u"from_version"_s, u.fromVersion},
            {u"to_version"_s, u.toVersion},
            {u"price_cents"_s, optionalCents(u.price)},
            {u"status"_s, u.status},
            {u"purchased_at"_s, jsonTime(u.purchasedAtMs)}};
}

QJsonObject redemption(const store::CouponRedemption &r)
{
    return {{u"id"_s, r.id},
            {u"coupon_code"_s, r.couponCode},
            {u"status"_s, r.status},
            {u"discount_applied_cents"_s, static_cast<qint64>(r.discountApplied.cents())},
            {u"original_amount_cents"_s, optionalCents(r.originalAmount)},
            {u"final_amount_cents"_s, optionalCents(r.finalAmount)},
            {u"redeemed_at"_s, jsonTime(r.redeemedAtMs)}};
}

QJsonObject invoice(const store::Invoice &i)
{
    return {{u"id"_s, i.id},
            {u"date"_s, jsonTime(i.dateMs)},
            {u"amount_cents"_s, static_cast<qint64>(i.amount.cents())},
            {u"currency"_s, i.currency},
            {u"status"_s, i.status},
            {u"description"_s, jsonText(i.description)},
            {u"invoice_url"_s, jsonText(i.invoiceUrl)},
            {u"pdf_url"_s, jsonText(i.pdfUrl)}};
}

QJsonObject usageRow(const store::UsageRow &r)
{
    return store::usageRowJson(r);
}

} // namespace creditdesk::cli::json

namespace creditdesk::cli {

Result<std::optional<std::int64_t>> lastSyncMs(store::MirrorDatabase &db)
{
    auto state = store::SyncStateRepository(db).streamState(QString(sync::stream::state));
    if (!state)
        return std::unexpected(state.error());
    if (!*state || (*state)->syncedAtMs <= 0)
        return std::optional<std::int64_t>();
    return std::optional<std::int64_t>((*state)->syncedAtMs);
}

} // namespace creditdesk::cli
