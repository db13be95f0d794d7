#include "core/sync/sync_mapping.h"

#include "core/api/api_errors.h"
#include "core/store/license_repository.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace creditdesk::sync {

namespace {

Result<Credits> wholeCredits(std::int64_t credits, QLatin1StringView field)
{
    auto c = Credits::fromWhole(credits);
    if (!c)
        return fail(api::errc::invalidResponse, u"%1 is out of range"_s.arg(field),
                    {{u"field"_s, QString(field)}});
    return c;
}

qint32 clampedInt32(std::int64_t value)
{
    return static_cast<qint32>(std::clamp<std::int64_t>(value, std::numeric_limits<qint32>::min(),
                                                        std::numeric_limits<qint32>::max()));
}

} // namespace

store::UserProfile mirrorProfile(const api::UserProfile &user, const api::AccountProfile &account)
{
    store::UserProfile p;
    p.id = user.id;
    p.email = user.email;
    p.emailVerified = user.emailVerified;
    p.username = user.username;
    p.firstName = user.firstName;
    p.lastName = user.lastName;
    p.displayName = account.displayName;
    p.profilePictureUrl = user.profilePictureUrl;
    p.createdAtMs = user.createdAtMs;
    p.lastLoginAtMs = user.lastLoginAtMs;
    return p;
}

store::UserPreferences mirrorPreferences(const QString &userId, const api::Preferences &preferences,
                                         const std::optional<api::AccountProfile> &account)
{
    store::UserPreferences p;
    p.userId = userId;
    p.defaultModelId = preferences.defaultModelId;
    p.enableStreaming = preferences.enableStreaming;
    // Out-of-range values are kept out of range (clamped past the CHECK), so
    // the mirror refuses them instead of storing a changed value.
    p.maxTokens = clampedInt32(preferences.maxTokens);
    p.temperatureMilli = clampedInt32(preferences.temperatureMilli);
    p.preferencesMetadata = preferences.metadata;
    if (account) {
        p.emailNotifications = account->emailNotifications;
        p.usageAlerts = account->usageAlerts;
    }
    return p;
}

Result<store::Subscription> mirrorSubscription(const api::Subscription &s)
{
    auto perMonth = wholeCredits(s.creditsPerMonth, "credits_per_month"_L1);
    if (!perMonth)
        return std::unexpected(perMonth.error());
    store::Subscription m;
    m.id = s.id;
    m.userId = s.userId;
    m.tier = s.tier;
    m.status = s.status;
    m.billingInterval = s.billingInterval;
    m.price = s.price;
    m.creditsPerMonth = *perMonth;
    m.creditsRollover = s.creditsRollover;
    m.currentPeriodStartMs = s.currentPeriodStartMs;
    m.currentPeriodEndMs = s.currentPeriodEndMs;
    m.trialEndMs = s.trialEndMs;
    m.cancelAtPeriodEnd = s.cancelAtPeriodEnd.value_or(false);
    m.createdAtMs = s.createdAtMs;
    m.updatedAtMs = s.updatedAtMs;
    return m;
}

Result<store::CreditBalance> mirrorBalance(const QString &userId, const api::CreditSummary &summary,
                                           const std::optional<api::CreditPeriod> &period)
{
    auto amount = wholeCredits(summary.totalAvailable, "totalAvailable"_L1);
    if (!amount)
        return std::unexpected(amount.error());
    store::CreditBalance b;
    b.userId = userId;
    b.amount = *amount;
    b.updatedAtMs = summary.lastUpdatedMs;
    if (period) {
        auto total = wholeCredits(period->totalCredits, "totalCredits"_L1);
        auto used = wholeCredits(period->usedCredits, "usedCredits"_L1);
        auto remaining = wholeCredits(period->remainingCredits, "remainingCredits"_L1);
        if (!total || !used || !remaining)
            return std::unexpected(!total ? total.error() : !used ? used.error() : remaining.error());
        b.periodId = period->id;
        b.periodTotal = *total;
        b.periodUsed = *used;
        b.periodRemaining = *remaining;
        b.periodStartMs = period->billingPeriodStartMs;
        b.periodEndMs = period->billingPeriodEndMs;
    }
    return b;
}

QList<store::CreditSource> mirrorSources(const QList<api::CreditSource> &sources)
{
    QList<store::CreditSource> out;
    out.reserve(sources.size());
    for (const api::CreditSource &s : sources) {
        store::CreditSource m;
        m.id = s.id;
        m.sourceType = s.sourceType;
        m.amount = s.amount;
        m.remaining = s.remaining;
        m.grantedAtMs = s.grantedAtMs;
        m.expiresAtMs = s.expiresAtMs;
        out.append(m);
    }
    return out;
}

MirroredLicense mirrorLicense(const QString &userId, const api::MyLicense &mine,
                              const api::LicenseDetails &details, const api::LicenseDevices &devices,
                              const QList<store::Device> &known)
{
    MirroredLicense out;
    store::License &l = out.license;
    l.id = mine.id;
    l.userId = userId;
    l.licenseKeySha256 = store::licenseKeySha256(mine.licenseKey);
    l.licenseKeyHint = store::licenseKeyHint(mine.licenseKey);
    l.status = mine.status;
    l.purchasedVersion = mine.purchasedVersion;
    l.eligibleUntilVersion = mine.eligibleUntilVersion;
    l.maxActivations = clampedInt32(mine.maxActivations);
    // current_activations can drift on the real cloud: count the active seats (§8).
    l.currentActivations = clampedInt32(devices.devices.size());
    l.byokEnabled = mine.byokEnabled.value_or(true);
    l.purchasedAtMs = mine.purchasedAtMs;
    l.activatedAtMs = details.activatedAtMs;

    QHash<QString, const store::Device *> knownById;
    for (const store::Device &d : known)
        knownById.insert(d.id, &d);
    QHash<QString, const api::LicenseDevice *> activeById;
    for (const api::LicenseDevice &d : devices.devices)
        activeById.insert(d.id, &d);

    QSet<QString> seen;
    auto add = [&](store::Device d) {
        if (const api::LicenseDevice *active = activeById.value(d.id)) {
            d.osVersion = active->osVersion;
            d.cpuInfo = active->cpuInfo;
            d.lastSeenAtMs = active->lastSeenAtMs;
            if (d.deviceName.isEmpty())
                d.deviceName = active->deviceName;
            if (d.osType.isEmpty())
                d.osType = active->osType;
        }
        if (const store::Device *k = knownById.value(d.id)) {
            d.machineFingerprint = k->machineFingerprint;
            if (d.status != "active"_L1)
                d.deactivatedAtMs = k->deactivatedAtMs;
        }
        seen.insert(d.id);
        out.devices.append(std::move(d));
    };
    for (const api::LicenseActivationSummary &a : details.activations) {
        store::Device d;
        d.id = a.id;
        d.licenseId = mine.id;
        d.deviceName = a.deviceName;
        d.osType = a.osType;
        d.status = a.status;
        d.activatedAtMs = a.activatedAtMs;
        add(std::move(d));
    }
    for (const api::LicenseDevice &a : devices.devices) {
        if (seen.contains(a.id))
            continue;
        store::Device d;
        d.id = a.id;
        d.licenseId = mine.id;
        d.deviceName = a.deviceName;
        d.osType = a.osType;
        d.status = u"active"_s;
        d.activatedAtMs = a.activatedAtMs;
        add(std::move(d));
    }
    for (const api::VersionUpgrade &u : details.versionUpgrades) {
        store::VersionUpgrade m;
        m.id = u.id;
        m.licenseId = mine.id;
        m.fromVersion = u.fromVersion;
        m.toVersion = u.toVersion;
        m.price = u.upgradePrice;
        m.status = u.status;
        m.purchasedAtMs = u.purchasedAtMs;
        out.upgrades.append(m);
    }
    return out;
}

QList<store::CouponRedemption> mirrorRedemptions(const QList<api::RedemptionRecord> &history,
                                                 const QList<store::CouponRedemption> &known)
{
    QHash<QString, const store::CouponRedemption *> knownById;
    for (const store::CouponRedemption &r : known)
        knownById.insert(r.id, &r);
    QList<store::CouponRedemption> out;
    out.reserve(history.size());
    for (const api::RedemptionRecord &h : history) {
        store::CouponRedemption m;
        if (const store::CouponRedemption *k = knownById.value(h.id)) {
            m.subscriptionId = k->subscriptionId;
            m.originalAmount = k->originalAmount;
            m.finalAmount = k->finalAmount;
        }
        m.id = h.id;
        m.couponCode = h.couponCode;
        m.discountApplied = h.discountApplied;
        m.status = h.status;
        m.redeemedAtMs = h.redeemedAtMs;
        out.append(m);
    }
    return out;
}

QList<store::ProrationEvent> mirrorProrationEvents(const QList<api::ProrationEvent> &events)
{
    QList<store::ProrationEvent> out;
    out.reserve(events.size());
    for (const api::ProrationEvent &e : events) {
        store::ProrationEvent m;
        m.id = e.id;
        m.subscriptionId = e.subscriptionId;
        m.fromTier = e.fromTier;
        m.toTier = e.toTier;
        m.changeType = e.changeType;
        m.netCharge = e.netCharge;
        m.status = e.status;
        m.effectiveAtMs = e.effectiveDateMs;
        out.append(m);
    }
    return out;
}

QList<store::Invoice> mirrorInvoices(const QList<api::Invoice> &invoices)
{
    QList<store::Invoice> out;
    out.reserve(invoices.size());
    for (const api::Invoice &i : invoices) {
        store::Invoice m;
        m.id = i.id;
        m.dateMs = i.dateMs;
        m.amount = i.amount;
        m.currency = i.currency;
        m.status = i.status;
        m.invoiceUrl = i.invoiceUrl;
        m.pdfUrl = i.pdfUrl;
        m.description = i.description;
        out.append(m);
    }
    return out;
}

store::UsageRow mirrorUsageRow(const api::LedgerRow &r)
{
    store::UsageRow m;
    m.id = r.id;
    m.requestId = r.requestId;
    m.modelId = r.modelId;
    m.provider = r.provider;
    m.requestType = r.requestType;
    m.inputTokens = r.inputTokens;
    m.outputTokens = r.outputTokens;
    m.cachedInputTokens = r.cachedInputTokens;
    m.creditsDeducted = r.creditsDeducted;
    m.byok = r.isByok;
    m.status = r.status;
    m.reversesId = r.reversesId;
    m.occurredAtMs = r.occurredAtMs;
    m.createdAtMs = r.createdAtMs;
    m.updatedAtMs = r.updatedAtMs;
    return m;
}

store::UsageRow mirrorUsageItem(const api::UsageItem &item)
{
    store::UsageRow m;
    m.id = item.id;
    m.modelId = item.modelId;
    const bool isRequestType =
        item.operation == "completion"_L1 || item.operation == "streaming"_L1 || item.operation == "batch"_L1;
    if (isRequestType)
        m.requestType = item.operation;
    m.inputTokens = item.inputTokens;
    m.outputTokens = item.outputTokens;
    m.cachedInputTokens = std::max<std::int64_t>(0, item.totalTokens - item.inputTokens - item.outputTokens);
    m.creditsDeducted = item.creditsUsed;
    m.occurredAtMs = item.createdAtMs;
    m.createdAtMs = item.createdAtMs;
    return m;
}

} // namespace creditdesk::sync
