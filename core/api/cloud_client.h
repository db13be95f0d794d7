#pragma once

#include "core/api/account_types.h"
#include "core/api/api_request.h"
#include "core/api/api_transport.h"
#include "core/api/billing_types.h"
#include "core/api/http_types.h"
#include "core/api/idempotency_key.h"
#include "core/api/license_types.h"
#include "core/crypto/offline_activation.h"
#include "core/domain/error.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <cstdint>
#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace creditdesk::api {

class AccessTokenSource;

// Receives the outcome of a CloudClient call.
template <typename T>
using Callback = std::function<void(Result<T>)>;

// A running call: abort it, or keep its Idempotency-Key to submit the same
// action again later. Empty (default) handles do nothing.
class CallHandle {
public:
    CallHandle() = default;
    CallHandle(ApiRequest *request, IdempotencyKey key);

    // Ends the call with `cancelled` (the callback runs) unless it has finished.
    void abort();
    [[nodiscard]] bool isRunning() const;
    // The key the call sends (null for reads).
    [[nodiscard]] const IdempotencyKey &idempotencyKey() const { return m_key; }
    [[nodiscard]] ApiRequest *request() const { return m_request; }

private:
    QPointer<ApiRequest> m_request;
    IdempotencyKey m_key;
};

// Typed access to the CreditDesk REST API (api-contract.md) for the desktop
// client, over one ApiTransport.
//
// Style: every call is asynchronous. It takes its inputs, a `context`
// QObject (may be null) and a Callback<T>, returns a CallHandle at once, and
// later — on the thread that owns the client, never inside the call itself —
// runs the callback exactly once with Result<T>: the typed value or an Error
// whose code is one of api_errors.h (or an input-check code of core/domain).
// Destroying `context` first aborts the call without a callback; so does
// destroying the client.
//
// Mutating calls (POST/PATCH/DELETE) take an IdempotencyKey: pass the key of
// the user action (IdempotencyKey::generate() when the user acts, stored
// with the pending action), or a null key to get a fresh one for this call.
// The key and the body bytes are the same on every retry (§10.4).
//
// Real-vs-ours: the client copes with both servers. §10 extensions answer
// `extension_unavailable` when the server does not offer them (404 without
// X-CreditDesk-Server, or `after=` ignored); the real cloud's always-401
// endpoints (§5: subscriptions/me, cancel, proration-history, licenses/me)
// answer `endpoint_unavailable` after a successful refresh; optional fields
// only ours sends are std::optional.
class CloudClient : public QObject {
    Q_OBJECT

public:
    // `tokens` (may be null: anonymous calls only) and an injected `manager`
    // must outlive the client.
    CloudClient(TransportOptions options, AccessTokenSource *tokens, QNetworkAccessManager *manager = nullptr,
                QObject *parent = nullptr);
    ~CloudClient() override;

    [[nodiscard]] ApiTransport &transport() const { return *m_transport; }
    // System proxy by default; see proxy_settings.h.
    [[nodiscard]] Result<void> setProxy(const ProxySettings &settings, const QString &password = {});
    // From the last response's Date header: server time and server − local (ms).
    [[nodiscard]] std::optional<std::int64_t> lastServerTimeMs() const;
    [[nodiscard]] std::optional<std::int64_t> clockSkewMs() const;

    // ---- §3 health (no auth) ----
    CallHandle fetchHealth(QObject *context, Callback<Health> done);
    // 503 not_ready is a result (ready == false), not an error.
    CallHandle fetchReadiness(QObject *context, Callback<Readiness> done);

    // ---- §4 user ----
    CallHandle fetchUser(QObject *context, Callback<UserProfile> done);
    CallHandle updateUser(const UserPatch &patch, const IdempotencyKey &key, QObject *context,
                          Callback<UserProfile> done);
    CallHandle fetchPreferences(QObject *context, Callback<Preferences> done);
    CallHandle updatePreferences(const PreferencesPatch &patch, const IdempotencyKey &key, QObject *context,
                                 Callback<Preferences> done);
    CallHandle fetchModelPreference(QObject *context, Callback<ModelPreference> done);
    CallHandle setDefaultModel(const QString &modelId, const IdempotencyKey &key, QObject *context,
                               Callback<ModelSelection> done);
    CallHandle fetchAccountProfile(QObject *context, Callback<AccountProfile> done);

    // ---- §5 subscription and proration ----
    CallHandle fetchPlans(QObject *context, Callback<QList<Plan>> done);
    CallHandle fetchSubscription(QObject *context, Callback<Subscription> done);
    CallHandle cancelSubscription(const CancelRequest &request, const IdempotencyKey &key, QObject *context,
                                  Callback<CancelResult> done);
    CallHandle previewProration(const QString &subscriptionId, const QString &newTier, QObject *context,
                                Callback<ProrationPreview> done);
    CallHandle upgradeWithProration(const QString &subscriptionId, const QString &newTier,
                                    const IdempotencyKey &key, QObject *context,
                                    Callback<ProrationChange> done);
    CallHandle downgradeWithProration(const QString &subscriptionId, const QString &newTier,
                                      const IdempotencyKey &key, QObject *context,
                                      Callback<ProrationChange> done);
    CallHandle fetchProrationHistory(const QString &subscriptionId, QObject *context,
                                     Callback<ProrationHistory> done);

    // ---- §6 credits, §7 usage and invoices, §10.5 sync ----
    CallHandle fetchCreditPeriod(QObject *context, Callback<CreditPeriod> done);
    CallHandle fetchCreditSummary(QObject *context, Callback<CreditSummary> done);
    // Offset paging, newest first (works on both servers).
    CallHandle fetchUsage(const UsageQuery &query, QObject *context, Callback<UsagePage> done);
    // Cursor paging (§10.5): `cursor` empty = from the start; limit 1..1000.
    // extension_unavailable → fall back to fetchUsage.
    CallHandle fetchUsageAfter(const QString &cursor, int limit, QObject *context, Callback<LedgerPage> done);
    CallHandle fetchUsageStats(const UsageStatsQuery &query, QObject *context, Callback<UsageStats> done);
    // `period`: "current_month" or "YYYY-MM".
    CallHandle fetchUsageSummary(const QString &period, QObject *context, Callback<MonthlySummary> done);
    // limit 1..50; `startingAfter` (ours): an invoice id, empty = newest.
    CallHandle fetchInvoices(int limit, const QString &startingAfter, QObject *context,
                             Callback<InvoicePage> done);
    // §10.5; `etag` from the last result → notModified when nothing changed.
    CallHandle fetchSyncState(const QString &etag, QObject *context, Callback<SyncStateResult> done);

    // ---- §8 licenses, §10.1–10.3 ----
    // `licenseKey` is normalised (trim, upper-case) and checked before sending
    // (license_key_malformed); it never reaches a log in full.
    CallHandle activateLicense(const QString &licenseKey, const DeviceInfo &device, const IdempotencyKey &key,
                               QObject *context, Callback<Activation> done);
    CallHandle deactivateDevice(const QString &activationId, const IdempotencyKey &key, QObject *context,
                                Callback<void> done);
    CallHandle replaceDevice(const QString &activationId, const DeviceInfo &newDevice,
                             const IdempotencyKey &key, QObject *context, Callback<Activation> done);
    // nullopt: the user has no license.
    CallHandle fetchMyLicense(QObject *context, Callback<std::optional<MyLicense>> done);
    CallHandle fetchLicense(const QString &licenseKey, QObject *context, Callback<LicenseDetails> done);
    CallHandle fetchLicenseDevices(const QString &licenseKey, QObject *context,
                                   Callback<LicenseDevices> done);
    CallHandle checkVersionEligibility(const QString &licenseKey, const QString &version, QObject *context,
                                       Callback<VersionEligibility> done);
    CallHandle renewCertificate(const QString &fingerprint, QObject *context,
                                Callback<CertificateRenewal> done);
    CallHandle fetchPublicKeys(QObject *context, Callback<QList<PublicKeyInfo>> done);
    CallHandle offlineActivate(const crypto::OfflineActivationRequest &request, const IdempotencyKey &key,
                               QObject *context, Callback<crypto::OfflineActivationResponse> done);

    // ---- §9 coupons ----
    // Failures carry the reason as the code (api_errors.h) and the body as details.
    CallHandle validateCoupon(const CouponCheck &check, QObject *context, Callback<CouponValidation> done);
    CallHandle redeemCoupon(const CouponRedeem &redeem, const IdempotencyKey &key, QObject *context,
                            Callback<Redemption> done);
    CallHandle fetchCouponHistory(const QString &userId, QObject *context,
                                  Callback<QList<RedemptionRecord>> done);

signals:
    // Forwarded from ApiTransport: every response with a Date header.
    void serverTimeObserved(qint64 serverTimeMs, qint64 skewMs);

private:
    template <typename T>
    using Parser = std::function<Result<T>(const HttpResponse &)>;

    template <typename T>
    CallHandle call(ApiRequestSpec spec, Parser<T> parse, QObject *context, Callback<T> done);
    template <typename T>
    CallHandle reject(Error error, QObject *context, Callback<T> done);

    QPointer<ApiTransport> m_transport;
};

} // namespace creditdesk::api
