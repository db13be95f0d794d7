#pragma once

#include "core/api/account_types.h"
#include "core/api/billing_types.h"
#include "core/api/http_types.h"
#include "core/api/json_node.h"
#include "core/api/license_types.h"
#include "core/domain/error.h"

#include <QList>

// Strict parsers from the contract's JSON shapes (api-contract.md) to the
// typed results. Any deviation — wrong type, missing field, unknown enum
// value, a string with U+0000, an amount with more than two decimals, a
// negative amount where none is possible, a number out of range — is
// `invalid_response` naming the field. Unknown extra fields are ignored.
// Amounts are read from the JSON number's literal text (json_fields.h).
namespace creditdesk::api {

// Envelopes (api-contract §1 Notation): the body as a JSON value (bare), the
// `data` of {"status":"success","data":X} (S) or of {"data":X} (D).
[[nodiscard]] Result<JsonNode> bareBody(const HttpResponse &response);
[[nodiscard]] Result<JsonNode> successData(const HttpResponse &response);
[[nodiscard]] Result<JsonNode> dataEnvelope(const HttpResponse &response);

namespace parse {

// account_parsers.cpp
[[nodiscard]] Result<UserProfile> userProfile(const JsonNode &json);
[[nodiscard]] Result<Preferences> preferences(const JsonNode &json);
[[nodiscard]] Result<ModelPreference> modelPreference(const JsonNode &json);
[[nodiscard]] Result<ModelSelection> modelSelection(const JsonNode &json);
[[nodiscard]] Result<AccountProfile> accountProfile(const JsonNode &json);
[[nodiscard]] Result<QList<Plan>> plans(const JsonNode &json);
[[nodiscard]] Result<Subscription> subscription(const JsonNode &json);
[[nodiscard]] Result<CancelResult> cancelResult(const JsonNode &json);
[[nodiscard]] Result<ProrationPreview> prorationPreview(const JsonNode &json);
[[nodiscard]] Result<ProrationChange> prorationChange(const JsonNode &json);
[[nodiscard]] Result<ProrationHistory> prorationHistory(const JsonNode &json);

// billing_parsers.cpp
[[nodiscard]] Result<CreditPeriod> creditPeriod(const JsonNode &json);
[[nodiscard]] Result<CreditSummary> creditSummary(const JsonNode &json);
[[nodiscard]] Result<UsagePage> usagePage(const JsonNode &json);
// The §10.5 shape; an offset-shaped body ({usage, pagination}: the server
// ignored `after`) is `extension_unavailable`.
[[nodiscard]] Result<LedgerPage> ledgerPage(const JsonNode &json);
[[nodiscard]] Result<UsageStats> usageStats(const JsonNode &json);
[[nodiscard]] Result<MonthlySummary> monthlySummary(const JsonNode &json);
[[nodiscard]] Result<InvoicePage> invoicePage(const JsonNode &json);

// license_parsers.cpp
[[nodiscard]] Result<Activation> activation(const JsonNode &json);
[[nodiscard]] Result<std::optional<MyLicense>> myLicense(const JsonNode &json); // null → nullopt
[[nodiscard]] Result<LicenseDetails> licenseDetails(const JsonNode &json);
[[nodiscard]] Result<LicenseDevices> licenseDevices(const JsonNode &json);
[[nodiscard]] Result<VersionEligibility> versionEligibility(const JsonNode &json);
[[nodiscard]] Result<CertificateRenewal> certificateRenewal(const JsonNode &json);
[[nodiscard]] Result<QList<PublicKeyInfo>> publicKeys(const JsonNode &json);

// coupon_sync_parsers.cpp
// A 200 with valid:false is the failure of couponFailureError().
[[nodiscard]] Result<CouponValidation> couponValidation(const JsonNode &json);
[[nodiscard]] Result<Redemption> redemption(const JsonNode &json);
[[nodiscard]] Result<QList<RedemptionRecord>> redemptionHistory(const JsonNode &json);
[[nodiscard]] Result<SyncState> syncState(const JsonNode &json);
[[nodiscard]] Result<Health> health(const JsonNode &json);
[[nodiscard]] Result<Readiness> readiness(const JsonNode &json);

} // namespace parse
} // namespace creditdesk::api
