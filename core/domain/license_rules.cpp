#include "core/domain/license_rules.h"

#include "core/domain/utc_time.h"

#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace creditdesk {

namespace {

constexpr qsizetype kGroups = 4;
constexpr qsizetype kGroupLength = 4;
constexpr qsizetype kFingerprintLength = 64;

bool isKeySymbol(QChar c)
{
    return kLicenseKeyAlphabet.contains(c);
}

bool isLowerHex(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f');
}

bool isDigits(QStringView s)
{
    return !s.isEmpty() && std::all_of(s.begin(), s.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

Result<std::int64_t> parseNumber(QStringView s, QStringView whole)
{
    // SemVer: no leading zeros, at most 9 digits keeps it far inside int64.
    if (!isDigits(s) || (s.size() > 1 && s.front() == u'0') || s.size() > 9) {
        return fail(errc::invalidVersion, u"not a semantic version"_s,
                    QJsonObject{{u"version"_s, whole.left(64).toString()}});
    }
    return s.toLongLong();
}

Money percentOf(std::int64_t cents, std::int64_t percent)
{
    return Money::fromCents(cents).value().mulDivHalfUp(percent, 100).value();
}

} // namespace

Result<QString> normalizeLicenseKey(QStringView raw)
{
    QString key = raw.trimmed().toString().toUpper();
    key.remove(u' ');
    const qsizetype expected = kLicenseKeyPrefix.size() + kGroups * (kGroupLength + 1);
    bool ok = key.size() == expected && key.startsWith(kLicenseKeyPrefix);
    for (qsizetype g = 0; ok && g < kGroups; ++g) {
        const qsizetype dash = kLicenseKeyPrefix.size() + g * (kGroupLength + 1);
        ok = key[dash] == u'-';
        for (qsizetype i = 1; ok && i <= kGroupLength; ++i)
            ok = isKeySymbol(key[dash + i]);
    }
    if (!ok)
        return fail(errc::licenseKeyMalformed, u"license key is not REPHLO-XXXX-XXXX-XXXX-XXXX"_s);
    return key;
}

QString maskLicenseKey(QStringView normalizedKey)
{
    const qsizetype expected = kLicenseKeyPrefix.size() + kGroups * (kGroupLength + 1);
    if (normalizedKey.size() != expected)
        return u"REPHLO-****"_s;
    return kLicenseKeyPrefix + u"-****-****-****-"_s + normalizedKey.right(kGroupLength);
}

Result<QString> validateFingerprint(QStringView fingerprint)
{
    if (fingerprint.size() != kFingerprintLength ||
        !std::all_of(fingerprint.begin(), fingerprint.end(), isLowerHex)) {
        return fail(errc::invalidFingerprint, u"fingerprint must be 64 lower-case hex digits"_s);
    }
    return fingerprint.toString();
}

Result<SemVer> parseSemVer(QStringView text)
{
    QStringView core = text;
    const qsizetype plus = core.indexOf(u'+');
    if (plus >= 0)
        core = core.left(plus);
    QString preRelease;
    const qsizetype dash = core.indexOf(u'-');
    if (dash >= 0) {
        preRelease = core.mid(dash + 1).toString();
        core = core.left(dash);
        if (preRelease.isEmpty())
            return fail(errc::invalidVersion, u"empty pre-release"_s);
    }
    const auto parts = core.split(u'.');
    if (parts.size() != 3)
        return fail(errc::invalidVersion, u"not a semantic version"_s,
                    QJsonObject{{u"version"_s, text.left(64).toString()}});
    SemVer v;
    std::int64_t *fields[] = {&v.major, &v.minor, &v.patch};
    for (int i = 0; i < 3; ++i) {
        auto n = parseNumber(parts[i], text);
        if (!n)
            return std::unexpected(n.error());
        *fields[i] = *n;
    }
    v.preRelease = preRelease;
    return v;
}

QString eligibleUntilVersion(std::int64_t major)
{
    return QString::number(major) + u".99.99"_s;
}

Result<bool> isVersionEligible(QStringView requested, QStringView eligibleUntil)
{
    auto req = parseSemVer(requested);
    if (!req)
        return std::unexpected(req.error());
    auto until = parseSemVer(eligibleUntil);
    if (!until)
        return std::unexpected(until.error());
    return req->major <= until->major;
}

Result<void> checkLicenseTransition(LicenseStatus from, LicenseStatus to)
{
    using S = LicenseStatus;
    const bool allowed =
        (from == S::Pending && (to == S::Active || to == S::Revoked || to == S::Expired)) ||
        (from == S::Active && (to == S::Suspended || to == S::Revoked || to == S::Expired)) ||
        (from == S::Suspended && (to == S::Active || to == S::Revoked || to == S::Expired));
    if (!allowed) {
        return fail(errc::invalidTransition, u"license status change not allowed"_s,
                    QJsonObject{{u"from"_s, toString(from)}, {u"to"_s, toString(to)}});
    }
    return {};
}

bool licenseAllowsByok(LicenseStatus status)
{
    return status == LicenseStatus::Active;
}

Result<ActivationOutcome> decideActivation(LicenseStatus status, int activeCount, int maxActivations,
                                           bool fingerprintActive)
{
    switch (status) {
    case LicenseStatus::Revoked:
        return fail(errc::licenseRevoked, u"license revoked"_s);
    case LicenseStatus::Suspended:
        return fail(errc::licenseSuspended, u"license suspended"_s);
    case LicenseStatus::Expired:
        return fail(errc::licenseExpired, u"license expired"_s);
    case LicenseStatus::Pending:
    case LicenseStatus::Active:
        break;
    }
    if (fingerprintActive)
        return ActivationOutcome::Touch;
    if (activeCount >= maxActivations) {
        return fail(errc::activationLimitReached, u"all seats are in use"_s,
                    QJsonObject{{u"max_activations"_s, maxActivations}});
    }
    return ActivationOutcome::Activate;
}

Result<void> checkSeatActive(ActivationStatus status)
{
    if (status != ActivationStatus::Active)
        return fail(errc::activationNotActive, u"activation is not active"_s);
    return {};
}

UpgradePrice majorUpgradePrice(std::int64_t nowMs, std::int64_t targetReleaseMs, bool hasCompletedUpgrade)
{
    UpgradePrice p;
    p.base = Money::fromCents(kMajorUpgradeBaseCents).value();
    const bool earlyBird = days(targetReleaseMs, nowMs) <= kEarlyBirdDays;
    if (hasCompletedUpgrade) {
        p.loyaltyDiscount = percentOf(kMajorUpgradeBaseCents, 30);
        p.reason = UpgradeDiscount::Loyalty;
    } else if (earlyBird) {
        p.earlyBirdDiscount = percentOf(kMajorUpgradeBaseCents, 20);
        p.reason = UpgradeDiscount::EarlyBird;
    }
    p.finalPrice =
        Money::fromCents(p.base.cents() - p.earlyBirdDiscount.cents() - p.loyaltyDiscount.cents()).value();
    return p;
}

} // namespace creditdesk
