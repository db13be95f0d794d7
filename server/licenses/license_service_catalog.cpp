// LicenseService: reads, purchases, versions and upgrades, admin status changes.
#include "core/domain/utc_time.h"
#include "server/db/connection.h"
#include "server/db/db_errors.h"
#include "server/licenses/license_key_generator.h"
#include "server/licenses/license_log.h"
#include "server/licenses/license_service.h"
#include "server/licenses/license_transaction_p.h"
#include "server/licenses/license_validation.h"

#include <QMap>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

constexpr int kKeyDraws = 8;

// Upgrade pricing needs the target's release date; a version the catalogue
// does not know (and no release of its major) gets no early-bird discount.
std::int64_t releaseOf(const QList<AppRelease> &releases, const SemVer &target, const QString &targetText,
                       std::int64_t nowMs)
{
    std::optional<std::int64_t> firstOfMajor;
    for (const AppRelease &r : releases) {
        if (r.version == targetText)
            return r.releasedAtMs;
        if (r.major == target.major && !firstOfMajor)
            firstOfMajor = r.releasedAtMs;
    }
    if (firstOfMajor)
        return *firstOfMajor;
    return nowMs - (kEarlyBirdDays + 1) * kMsPerDay;
}

std::int64_t majorOf(const QString &version)
{
    const auto parsed = parseSemVer(version);
    return parsed ? parsed->major : 0;
}

} // namespace

Result<std::optional<LicenseService::LicenseView>> LicenseService::currentLicense(const QString &userId)
{
    auto license = m_repo.findCurrentLicenseForUser(userId);
    if (!license)
        return std::unexpected(license.error());
    if (!*license)
        return std::optional<LicenseView>();
    auto count = m_repo.countActiveActivations((*license)->id);
    if (!count)
        return std::unexpected(count.error());
    return std::optional<LicenseView>(LicenseView{**license, *count});
}

Result<LicenseService::LicenseDetails> LicenseService::details(const QString &rawKey, const Principal &caller)
{
    auto license = readableLicense(rawKey, caller);
    if (!license)
        return std::unexpected(license.error());
    auto activations = m_repo.listActivations(license->id, false, LicenseRepository::Order::NewestFirst);
    if (!activations)
        return std::unexpected(activations.error());
    auto upgrades = m_repo.listUpgrades(license->id);
    if (!upgrades)
        return std::unexpected(upgrades.error());
    LicenseDetails d{*license, 0, *activations, *upgrades};
    for (const ActivationRecord &a : d.activations)
        d.activeDevices += a.status == ActivationStatus::Active ? 1 : 0;
    return d;
}

Result<LicenseService::LicenseDetails> LicenseService::devices(const QString &rawKey, const Principal &caller)
{
    auto license = readableLicense(rawKey, caller);
    if (!license)
        return std::unexpected(license.error());
    auto seats = m_repo.listActivations(license->id, true, LicenseRepository::Order::NewestFirst);
    if (!seats)
        return std::unexpected(seats.error());
    return LicenseDetails{*license, static_cast<int>(seats->size()), *seats, {}};
}

Result<LicenseService::Eligibility>
LicenseService::versionEligibility(const QString &rawKey, const QString &version, const Principal &caller)
{
    auto license = readableLicense(rawKey, caller);
    if (!license)
        return std::unexpected(license.error());
    auto eligible = isVersionEligible(version, license->eligibleUntilVersion);
    if (!eligible)
        return std::unexpected(eligible.error()); // invalid_version (400)
    return Eligibility{*license, *eligible};
}

Result<LicenseService::UpgradeOffers> LicenseService::availableUpgrades(const QString &rawKey,
                                                                        const Principal &caller)
{
    auto license = readableLicense(rawKey, caller);
    if (!license)
        return std::unexpected(license.error());
    auto releases = m_repo.listReleases();
    if (!releases)
        return std::unexpected(releases.error());
    auto loyal = m_repo.hasCompletedUpgrade(license->id);
    if (!loyal)
        return std::unexpected(loyal.error());
    const std::int64_t now = nowMs();
    const std::int64_t currentMajor = majorOf(license->eligibleUntilVersion);
    // One offer per released major above the license's, at that major's first
    // release; without any, the next major (as the real cloud offers).
    QMap<std::int64_t, AppRelease> firstByMajor;
    for (const AppRelease &r : *releases) {
        const auto parsed = parseSemVer(r.version);
        if (r.major > currentMajor && parsed && parsed->preRelease.isEmpty() &&
            !firstByMajor.contains(r.major))
            firstByMajor.insert(r.major, r);
    }
    UpgradeOffers result{*license, {}};
    for (const AppRelease &r : std::as_const(firstByMajor))
        result.offers.append(
            {license->eligibleUntilVersion, r.version, majorUpgradePrice(now, r.releasedAtMs, *loyal)});
    if (result.offers.isEmpty()) {
        const QString next = QString::number(currentMajor + 1) + u".0.0"_s;
        result.offers.append({license->eligibleUntilVersion, next,
                              majorUpgradePrice(now, now - (kEarlyBirdDays + 1) * kMsPerDay, *loyal)});
    }
    return result;
}

Result<LicenseService::UpgradePurchase> LicenseService::purchaseUpgrade(const QString &rawKey,
                                                                        const QString &targetVersion,
                                                                        const QString &paymentIntentId,
                                                                        const QString &userId)
{
    Principal owner;
    owner.kind = Principal::Kind::User;
    owner.userId = userId;
    auto license = readableLicense(rawKey, owner);
    if (!license)
        return std::unexpected(license.error());
    if (auto checked = licval::version(targetVersion, u"targetVersion"_s); !checked)
        return std::unexpected(checked.error());
    const SemVer target = *parseSemVer(targetVersion);
    auto included = isVersionEligible(targetVersion, license->eligibleUntilVersion);
    if (!included)
        return std::unexpected(included.error());
    if (*included)
        return std::unexpected(licval::validationError(u"targetVersion"_s, u"already_included"_s,
                                                       u"this version is already included in the license"_s));
    if (const LicenseStatus s = license->effectiveStatus(nowMs());
        s == LicenseStatus::Revoked || s == LicenseStatus::Expired)
        return fail(s == LicenseStatus::Revoked ? errc::licenseRevoked : errc::licenseExpired,
                    u"the license cannot be upgraded"_s);
    return lictx::inTransaction(m_db, [&]() -> Result<UpgradePurchase> {
        auto locked = m_repo.findLicenseById(license->id, true);
        if (!locked)
            return std::unexpected(locked.error());
        if (!*locked)
            return fail(licerr::licenseNotFound, u"license not found"_s);
        auto releases = m_repo.listReleases();
        if (!releases)
            return std::unexpected(releases.error());
        auto loyal = m_repo.hasCompletedUpgrade(license->id);
        if (!loyal)
            return std::unexpected(loyal.error());
        const std::int64_t now = nowMs();
        const UpgradePrice price =
            majorUpgradePrice(now, releaseOf(*releases, target, targetVersion, now), *loyal);
        UpgradeRecord upgrade;
        upgrade.id = sqlv::newUuid();
        upgrade.licenseId = license->id;
        upgrade.fromVersion = (*locked)->eligibleUntilVersion;
        upgrade.toVersion = targetVersion;
        upgrade.basePrice = price.base;
        upgrade.earlyBirdDiscount = price.earlyBirdDiscount;
        upgrade.loyaltyDiscount = price.loyaltyDiscount;
        upgrade.upgradePrice = price.finalPrice;
        upgrade.discountReason = price.reason == UpgradeDiscount::EarlyBird ? u"early_bird"_s
                                 : price.reason == UpgradeDiscount::Loyalty ? u"loyalty"_s
                                                                            : QString();
        upgrade.status = u"pending"_s;
        upgrade.paymentIntentId = paymentIntentId;
        upgrade.purchasedAtMs = now;
        if (auto inserted = m_repo.insertUpgrade(upgrade, now); !inserted)
            return std::unexpected(inserted.error());
        return UpgradePurchase{**locked, upgrade, price};
    });
}

Result<LicenseRecord> LicenseService::purchase(const QString &userId, const PurchaseOptions &options)
{
    if (auto checked = licval::version(options.purchasedVersion, u"purchasedVersion"_s); !checked)
        return std::unexpected(checked.error());
    if (options.maxActivations < 1 || options.maxActivations > 1000)
        return std::unexpected(licval::validationError(u"max_activations"_s, u"out_of_range"_s));
    const SemVer version = *parseSemVer(options.purchasedVersion);
    for (int attempt = 0;; ++attempt) {
        auto created = lictx::inTransaction(m_db, [&]() -> Result<LicenseRecord> {
            LicenseRecord license;
            for (int draw = 0; license.licenseKey.isEmpty(); ++draw) {
                if (draw == kKeyDraws)
                    return fail(dberr::databaseError, u"no free license key after repeated draws"_s);
                auto key = generateLicenseKey();
                if (!key)
                    return std::unexpected(key.error());
                auto taken = m_repo.licenseKeyExists(*key);
                if (!taken)
                    return std::unexpected(taken.error());
                if (!*taken)
                    license.licenseKey = *key; // else redraw (domain-rules §7)
            }
            const std::int64_t now = nowMs();
            license.id = sqlv::newUuid();
            license.userId = userId;
            license.status = LicenseStatus::Pending;
            license.purchasePrice = Money::fromCents(kLicensePriceCents).value();
            license.purchasedVersion = options.purchasedVersion;
            license.eligibleUntilVersion = eligibleUntilVersion(version.major);
            license.maxActivations = options.maxActivations;
            license.byokEnabled = options.byokEnabled;
            license.purchasedAtMs = now;
            if (auto inserted = m_repo.insertLicense(license, now); !inserted)
                return std::unexpected(inserted.error());
            if (auto bumped = m_repo.bumpLicenseVersion(userId, now); !bumped)
                return std::unexpected(bumped.error());
            return license;
        });
        // A key drawn by a concurrent purchase between our check and insert: draw again.
        if (!created && isUniqueViolation(created.error()) && attempt < 2)
            continue;
        if (created)
            qCDebug(lcServerLicenses).noquote() << "license created" << maskLicenseKey(created->licenseKey);
        return created;
    }
}

Result<LicenseRecord> LicenseService::setStatus(const QString &rawKey, LicenseStatus status)
{
    const auto key = licval::licenseKey(rawKey, u"key"_s);
    if (!key)
        return std::unexpected(key.error());
    return lictx::inTransaction(m_db, [&]() -> Result<LicenseRecord> {
        auto license = m_repo.findLicenseByKey(*key, true);
        if (!license)
            return std::unexpected(license.error());
        if (!*license)
            return fail(licerr::licenseNotFound, u"license not found"_s);
        LicenseRecord l = **license;
        if (auto allowed = checkLicenseTransition(l.status, status); !allowed)
            return std::unexpected(allowed.error());
        const std::int64_t now = nowMs();
        l.status = status;
        if (status == LicenseStatus::Revoked) {
            l.revokedAtMs = now;
            if (auto ended = m_repo.endAllActivations(l.id, now); !ended)
                return std::unexpected(ended.error());
        }
        if (auto counted = recountSeats(l, now); !counted)
            return std::unexpected(counted.error());
        qCInfo(lcServerLicenses).noquote()
            << "license" << maskLicenseKey(l.licenseKey) << "now" << toString(status);
        return l;
    });
}

} // namespace creditdesk::server
