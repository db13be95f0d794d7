#pragma once

#include "core/domain/credits.h"
#include "core/domain/error.h"
#include "core/domain/money.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QtGlobal>

#include <optional>

// Typed rows of the local mirror. Units everywhere: Money = integer cents,
// Credits = integer credit units (1 credit = 10,000 cu), times = epoch ms UTC
// (fields end in `Ms`), ids = server strings. Enumerated strings (tier,
// statuses...) keep the wire spelling of api-contract §1; the schema CHECKs
// them. Optional text: an empty QString is stored as NULL and read back empty.
namespace creditdesk::store {

// `users` row of the signed-in user (/v1/users/me, displayName from /api/user/profile).
struct UserProfile {
    QString id;
    QString email;
    bool emailVerified = false;
    QString username;
    QString firstName;
    QString lastName;
    QString displayName;
    QString profilePictureUrl;
    qint64 createdAtMs = 0;
    std::optional<qint64> lastLoginAtMs;
    friend bool operator==(const UserProfile &, const UserProfile &) = default;
};

// `user_preferences` (/v1/users/me/preferences + /api/user/profile preferences).
struct UserPreferences {
    QString userId;
    QString defaultModelId;
    bool enableStreaming = true;
    qint32 maxTokens = 4096;
    qint32 temperatureMilli = 700; // wire temperature × 1000 (0..2000); never a double
    std::optional<QJsonObject> preferencesMetadata;
    std::optional<bool> emailNotifications;
    std::optional<bool> usageAlerts;
    friend bool operator==(const UserPreferences &, const UserPreferences &) = default;
};

// `subscription_monetization` (/v1/subscriptions/me).
struct Subscription {
    QString id;
    QString userId;
    QString tier;   // free pro pro_plus pro_max enterprise_pro enterprise_pro_plus enterprise_max perpetual
    QString status; // trial active past_due cancelled expired suspended grace_period
    QString billingInterval; // monthly yearly
    Money price;
    Credits creditsPerMonth;
    bool creditsRollover = false;
    qint64 currentPeriodStartMs = 0;
    qint64 currentPeriodEndMs = 0;
    std::optional<qint64> trialEndMs;
    bool cancelAtPeriodEnd = false;
    qint64 createdAtMs = 0;
    std::optional<qint64> updatedAtMs;
    friend bool operator==(const Subscription &, const Subscription &) = default;
};

// `user_credit_balance`: the spendable balance (/api/user/credits totalAvailable)
// plus the period totals of /v1/credits/me (absent without a current period).
struct CreditBalance {
    QString userId;
    Credits amount;
    QString periodId;
    Credits periodTotal;
    Credits periodUsed;
    Credits periodRemaining;
    std::optional<qint64> periodStartMs;
    std::optional<qint64> periodEndMs;
    qint64 updatedAtMs = 0;
    friend bool operator==(const CreditBalance &, const CreditBalance &) = default;
};

// `credit_allocation`: one grant (/api/user/credits sources[]).
struct CreditSource {
    QString id;
    QString creditType; // subscription bonus referral coupon admin_grant, or empty
    QString sourceType; // monthly_allocation referral_reward coupon_promotion bonus refund admin_grant
    Credits amount;
    Credits remaining;
    qint64 grantedAtMs = 0;
    std::optional<qint64> expiresAtMs; // nullopt = never expires
    friend bool operator==(const CreditSource &, const CreditSource &) = default;
};

// `token_usage_ledger` row (api-contract §10.5). A row polled from the §7
// list (a cloud without the extensions) lacks what that list does not send:
// request id, provider, status, BYOK flag and update time are then empty /
// nullopt (NULL in the mirror), and request type too when the list's
// operation is not one.
struct UsageRow {
    QString id;
    QString requestId; // empty = not sent
    QString modelId;
    QString provider;    // empty = not sent
    QString requestType; // completion streaming batch; empty = not sent
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cachedInputTokens = 0;
    Credits creditsDeducted;  // negative on a correction row
    std::optional<bool> byok; // nullopt = not sent
    QString status;           // success failed cancelled rate_limited; empty = not sent
    QString reversesId;       // empty unless this row corrects another
    qint64 occurredAtMs = 0;
    qint64 createdAtMs = 0;
    std::optional<qint64> updatedAtMs; // nullopt = not sent
    friend bool operator==(const UsageRow &, const UsageRow &) = default;
};

// `credit_deduction_ledger` row.
struct CreditDeduction {
    QString id;
    QString requestId;
    QString usageId;
    Credits amount;
    std::optional<Credits> balanceAfter;
    qint64 createdAtMs = 0;
    friend bool operator==(const CreditDeduction &, const CreditDeduction &) = default;
};

// Keyset position in the usage list: (created_at, id), both descending.
struct UsageKey {
    qint64 createdAtMs = 0;
    QString id;
    friend bool operator==(const UsageKey &, const UsageKey &) = default;
};

struct UsagePageRequest {
    qint64 sinceMs = 0;            // rows with created_at >= sinceMs
    std::optional<UsageKey> after; // nullopt = first page
    int limit = 200;
    std::optional<qint64> untilMs; // rows with created_at < untilMs; nullopt = no end
    QString modelId;               // empty: every model
    QString provider;              // empty: every provider
    // nullopt: both modes; true: BYOK rows; false: cloud-credit rows (also
    // rows whose BYOK flag was not sent).
    std::optional<bool> byok;
};

struct UsagePage {
    QList<UsageRow> rows;
    std::optional<UsageKey> next; // set when more rows follow
};

// One UTC day (by occurred_at). Correction rows add their (negative) credits
// but are not counted as requests.
struct DailyUsage {
    qint64 dayStartMs = 0;
    Credits credits;
    qint64 requests = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 totalTokens = 0; // input + output
    friend bool operator==(const DailyUsage &, const DailyUsage &) = default;
};

struct ModelUsage {
    QString modelId;
    QString provider;
    Credits credits;
    qint64 requests = 0;
    qint64 totalTokens = 0;
    friend bool operator==(const ModelUsage &, const ModelUsage &) = default;
};

// `perpetual_license`. The key itself is a credential and is never stored
// here: only its SHA-256 (matches the certificate's license_key_sha256) and a
// masked hint for display (see licenseKeySha256() / licenseKeyHint()).
struct License {
    QString id;
    QString userId;
    QString licenseKeySha256;
    QString licenseKeyHint;
    QString status; // pending active suspended revoked expired
    QString purchasedVersion;
    QString eligibleUntilVersion;
    qint32 maxActivations = 3;
    qint32 currentActivations = 0;
    bool byokEnabled = true;
    std::optional<Money> purchasePrice;
    qint64 purchasedAtMs = 0;
    std::optional<qint64> activatedAtMs;
    friend bool operator==(const License &, const License &) = default;
};

// `license_activation`: a device seat.
struct Device {
    QString id; // activation id
    QString licenseId;
    QString machineFingerprint; // empty when the endpoint does not send it
    QString deviceName;
    QString osType;
    QString osVersion;
    QString cpuInfo;
    QString status; // active deactivated replaced
    qint64 activatedAtMs = 0;
    std::optional<qint64> lastSeenAtMs;
    std::optional<qint64> deactivatedAtMs;
    friend bool operator==(const Device &, const Device &) = default;
};

// `version_upgrade`.
struct VersionUpgrade {
    QString id;
    QString licenseId;
    QString fromVersion;
    QString toVersion;
    std::optional<Money> price;
    QString status; // pending completed failed refunded
    qint64 purchasedAtMs = 0;
    friend bool operator==(const VersionUpgrade &, const VersionUpgrade &) = default;
};

// `coupon_redemption`.
struct CouponRedemption {
    QString id;
    QString couponCode;
    QString subscriptionId;
    Money discountApplied;
    std::optional<Money> originalAmount;
    std::optional<Money> finalAmount;
    QString status; // success failed reversed pending
    qint64 redeemedAtMs = 0;
    friend bool operator==(const CouponRedemption &, const CouponRedemption &) = default;
};

// `proration_event`.
struct ProrationEvent {
    QString id;
    QString subscriptionId;
    QString fromTier;
    QString toTier;
    QString changeType; // upgrade downgrade interval_change migration
    Money netCharge;    // negative = account credit
    QString status;     // pending applied failed reversed
    qint64 effectiveAtMs = 0;
    friend bool operator==(const ProrationEvent &, const ProrationEvent &) = default;
};

// `billing_invoice` (/api/user/invoices).
struct Invoice {
    QString id;
    qint64 dateMs = 0;
    Money amount;
    QString currency;
    QString status; // draft open paid void uncollectible
    QString invoiceUrl;
    QString pdfUrl;
    QString description;
    friend bool operator==(const Invoice &, const Invoice &) = default;
};

// `sync_state`: one row per stream of /v1/sync/state (plus "state" for its ETag).
struct StreamState {
    QString stream; // state profile subscription balance license coupons invoices usage
    QString cursor;
    std::optional<qint64> serverVersion;
    std::optional<qint64> serverUpdatedAtMs;
    QString etag;
    qint64 syncedAtMs = 0;
    friend bool operator==(const StreamState &, const StreamState &) = default;
};

// A pending action for the outbox.
struct OutboxEntry {
    QString kind;
    QJsonObject payload;
    QString idempotencyKey;
    qint64 createdAtMs = 0;
};

// pending: waiting to be replayed (also after an attempt that could not reach
// the server); failed: refused by the server for good, with its error, kept
// for the user to see; done: accepted by the server (kept a while, so a
// repeated user action with the same Idempotency-Key is recognised).
enum class OutboxState { Pending, Failed, Done };

struct OutboxItem {
    qint64 id = 0;
    QString kind;
    QJsonObject payload;
    QString idempotencyKey;
    qint64 createdAtMs = 0;
    OutboxState state = OutboxState::Pending;
    qint32 attempts = 0;
    QString lastAttemptError; // error code of the last attempt that did not reach a verdict
    std::optional<qint64> lastAttemptAtMs;
    std::optional<Error> refusal;   // set when failed
    std::optional<qint64> doneAtMs; // set when done
    friend bool operator==(const OutboxItem &, const OutboxItem &) = default;
};

struct MirrorDiagnostics {
    int schemaVersion = 0;
    QString journalMode;
    bool foreignKeys = false;
    int synchronous = -1; // 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA
    int busyTimeoutMs = 0;
    QString connectionName;
};

} // namespace creditdesk::store
