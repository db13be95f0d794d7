#include "app/cli/error_text.h"

#include "core/api/api_errors.h"
#include "core/api/signin/signin_errors.h"
#include "core/byok/byok_errors.h"
#include "core/licensing/licensing_errors.h"
#include "core/secrets/secret_errors.h"
#include "core/session/session_errors.h"
#include "core/store/mirror_errors.h"

#include <QHash>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace creditdesk::cli {

namespace {

QString orServer(const QString &server)
{
    return server.isEmpty() ? u"the server"_s : server;
}

// Why BYOK is refused (byok_entitlement.h's reasons) in words.
QString byokReason(const QString &reason)
{
    static const QHash<QString, QString> words{
        {u"tier_without_byok"_s, u"your plan does not include BYOK"_s},
        {u"subscription_inactive"_s, u"your subscription is not active"_s},
        {u"license_not_active"_s, u"your license is not active"_s},
        {u"license_byok_disabled"_s, u"your license does not include BYOK"_s},
        {u"license_version_not_eligible"_s, u"your license does not cover this version"_s},
        {u"device_not_activated"_s, u"this device is not activated ('creditdesk activate KEY')"_s},
        {u"no_certificate"_s, u"this device holds no license certificate ('creditdesk activate KEY')"_s},
        {u"clock_rollback"_s, u"the system clock was set back; go online to re-check"_s},
        {u"certificate_grace_over"_s, u"the license certificate expired; go online to renew it"_s},
    };
    return words.value(reason, reason);
}

// Licensing and BYOK errors, or empty.
QString describeLicensing(const Error &error)
{
    namespace lic = creditdesk::licensing::errc;
    const QString &c = error.code;
    if (c == creditdesk::errc::byokNotEntitled || c == creditdesk::errc::byokLocked) {
        QJsonArray reasons = error.details.value(u"reasons"_s).toArray();
        if (reasons.isEmpty() && error.details.contains(u"reason"_s))
            reasons.append(error.details.value(u"reason"_s));
        QStringList words;
        for (const QJsonValue &reason : std::as_const(reasons))
            words.append(byokReason(reason.toString()));
        const QString why = words.isEmpty() ? error.message : words.join(u"; "_s);
        return c == creditdesk::errc::byokLocked ? u"BYOK is locked: %1."_s.arg(why)
                                                 : u"BYOK is not available: %1."_s.arg(why);
    }
    if (c == creditdesk::errc::licenseKeyMalformed)
        return u"This is not a license key (expected REPHLO-XXXX-XXXX-XXXX-XXXX)."_s;
    if (c == api::errc::licenseNotFound)
        return u"The server knows no license with this key."_s;
    if (c == lic::licenseNotActivated)
        return u"This device is not activated."_s;
    if (c == lic::offlineNoPendingRequest)
        return u"This profile has no pending offline request: run 'creditdesk offline-request' first."_s;
    if (c == lic::offlineNonceMismatch)
        return u"The response answers another offline request, not this profile's latest one."_s;
    if (c == lic::offlineFingerprintMismatch)
        return u"The response was made for another device."_s;
    if (c == lic::offlineFileIo)
        return u"The offline file cannot be read or written: %1"_s.arg(error.message);
    if (c == "offline_file_malformed"_L1 || c == "offline_format_unsupported"_L1)
        return u"The file is not a readable offline activation response: %1"_s.arg(error.message);
    if (c == "certificate_bad_signature"_L1 || c == "certificate_malformed"_L1)
        return u"The certificate in the response is damaged or was altered; it was refused."_s;
    if (c == "certificate_unknown_key"_L1)
        return u"The certificate is signed by a key this device does not trust."_s;
    if (c == lic::noPinnedKeys)
        return u"This device does not know the server's signing key yet; it needs one online contact "
               u"(e.g. 'creditdesk activate') first."_s;
    if (c == byok::errc::providerKeyMissing)
        return u"No key is stored for this provider."_s;
    return {};
}

} // namespace

QString couponReason(const QString &reason)
{
    static const QHash<QString, QString> words{
        {u"COUPON_NOT_FOUND"_s, u"no coupon has this code"_s},
        {u"COUPON_INACTIVE"_s, u"the coupon is not active"_s},
        {u"COUPON_EXPIRED"_s, u"the coupon has expired or is not valid yet"_s},
        {u"TIER_NOT_ELIGIBLE"_s, u"your plan is not eligible"_s},
        {u"BILLING_CYCLE_NOT_ELIGIBLE"_s, u"your billing cycle is not eligible"_s},
        {u"MAX_USES_EXCEEDED"_s, u"the coupon has been used up"_s},
        {u"MAX_USER_USES_EXCEEDED"_s, u"you have already used this coupon"_s},
        {u"CAMPAIGN_BUDGET_EXCEEDED"_s, u"the campaign's budget is spent"_s},
        {u"MIN_PURCHASE_NOT_MET"_s, u"the purchase is below the coupon's minimum"_s},
        {u"CUSTOM_RULE_FAILED"_s, u"a condition of the coupon is not met"_s},
        {u"FRAUD_DETECTED"_s, u"the redemption was blocked for review"_s},
        {u"VELOCITY_LIMIT_EXCEEDED"_s, u"too many coupons were redeemed in the past hour"_s},
        {u"DEVICE_FINGERPRINT_MISMATCH"_s, u"this device does not match earlier redemptions"_s},
        {u"VALIDATION_ERROR"_s, u"the server could not check the coupon"_s},
    };
    return words.value(reason, reason.toLower().replace(u'_', u' '));
}

QString describeError(const Error &error, const QString &server)
{
    namespace api = creditdesk::api::errc;
    namespace signin = creditdesk::api::signin::errc;
    const QString &c = error.code;
    if (c == api::signInRequired)
        return u"You are not signed in, or the sign-in has expired."_s;
    if (c == api::networkUnreachable || c == signin::networkError)
        return u"Cannot reach %1."_s.arg(orServer(server));
    if (c == signin::discoveryFailed)
        return u"Cannot reach the sign-in service of %1."_s.arg(orServer(server));
    if (c == api::timeout || c == signin::networkTimeout)
        return u"%1 did not answer in time."_s.arg(orServer(server));
    if (c == api::tlsError)
        return u"The secure connection to %1 failed (TLS certificate or handshake)."_s.arg(orServer(server));
    if (c == api::proxyError)
        return u"The proxy refused the connection to %1."_s.arg(orServer(server));
    if (c == api::serverUnavailable || c == api::serviceUnavailable || c == api::internalServerError)
        return u"%1 is unavailable right now."_s.arg(orServer(server));
    if (c == api::rateLimited)
        return u"Too many requests; the server asks to wait %1 s."_s.arg(
            error.details.value(u"retryAfter"_s).toInteger());
    if (c == session::errc::serverNotConfigured)
        return u"No server is configured for this profile."_s;
    if (c == secrets::errc::secretServiceUnavailable)
        return u"No keychain (Secret Service) is available to keep the sign-in."_s;
    if (c == secrets::errc::secretAccessDenied)
        return u"The keychain is locked or refused access."_s;
    if (c == store::errc::mirrorTooNew)
        return u"The local data was written by a newer CreditDesk."_s;
    if (c == store::errc::mirrorBusy)
        return u"The local data is busy; another CreditDesk is writing it."_s;
    if (const QString licensing = describeLicensing(error); !licensing.isEmpty())
        return licensing;
    if (c == api::couponNotFound || c == api::redemptionFailed || error.details.contains(u"errors"_s) ||
        error.details.contains(u"reasons"_s)) {
        QJsonArray reasons = error.details.value(u"errors"_s).toArray();
        if (reasons.isEmpty())
            reasons = error.details.value(u"reasons"_s).toArray();
        QStringList words;
        for (const QJsonValue &reason : std::as_const(reasons))
            words.append(couponReason(reason.toString()));
        if (!words.isEmpty())
            return u"The coupon cannot be used: %1."_s.arg(words.join(u"; "_s));
        if (c == api::couponNotFound)
            return u"The coupon cannot be used: %1."_s.arg(couponReason(u"COUPON_NOT_FOUND"_s));
    }
    return error.message;
}

QString errorHint(const Error &error)
{
    const QString &c = error.code;
    if (c == api::errc::signInRequired)
        return u"Run 'creditdesk login' (or 'creditdesk login --with-token')."_s;
    if (c == session::errc::serverNotConfigured)
        return u"Pass --server URL; 'creditdesk login' remembers it for the profile."_s;
    if (c == session::errc::profileLocked)
        return u"Wait for the other process to finish, or use another --profile."_s;
    if (c == secrets::errc::secretServiceUnavailable)
        return u"Start a keyring such as GNOME Keyring or KWallet in this session."_s;
    if (c == store::errc::mirrorTooNew)
        return u"Use that newer CreditDesk, or another --profile."_s;
    return {};
}

} // namespace creditdesk::cli
