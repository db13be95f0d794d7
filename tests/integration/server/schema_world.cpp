#include "tests/integration/server/schema_world.h"

#include "server/db/connection.h"

#include <QCryptographicHash>

using namespace Qt::StringLiterals;

namespace creditdesk::server::test {

namespace {

const QDateTime kT0 = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);

QString hex64(const QString &seed)
{
    return QString::fromLatin1(QCryptographicHash::hash(seed.toUtf8(), QCryptographicHash::Sha256).toHex());
}

// Inserts rows and remembers the first failure.
class Builder {
public:
    Builder(const Connection &connection)
        : m_c(connection)
        , v(connection.dialect())
    {}

    QString add(const QString &table, Row row)
    {
        const QString id = DialectValues::newId();
        row.prepend({u"id"_s, id});
        if (m_error.code.isEmpty()) {
            if (auto done = insertRow(m_c, table, row); !done)
                m_error = done.error();
        }
        return id;
    }
    // Empties a reference table the migrations seed, so the world's own rows
    // (and the enum tests that rewrite them) meet no seeded duplicates.
    void clear(const QString &table)
    {
        if (m_error.code.isEmpty()) {
            if (auto done = execStatement(m_c.database(), u"DELETE FROM "_s + table); !done)
                m_error = done.error();
        }
    }
    void addWithoutId(const QString &table, const Row &row)
    {
        if (m_error.code.isEmpty()) {
            if (auto done = insertRow(m_c, table, row); !done)
                m_error = done.error();
        }
    }
    [[nodiscard]] const Error &error() const { return m_error; }

    const Connection &m_c;
    DialectValues v;

private:
    Error m_error;
};

QDateTime t(qint64 hours)
{
    return kT0.addSecs(hours * 3600);
}

QString addUserRow(Builder &b, const QString &tag)
{
    return b.add(u"users"_s, {{u"email"_s, QString(tag + u"@example.com"_s)},
                              {u"password_hash"_s, u"scrypt$x"_s},
                              {u"username"_s, QString(u"user_"_s + tag)},
                              {u"first_name"_s, tag},
                              {u"email_verified"_s, b.v.flag(true)}});
}

UserRows addUserData(Builder &b, const World &w, const QString &userId, const QString &tag)
{
    const DialectValues &v = b.v;
    UserRows u;
    u.user = userId;
    u.preferences = u.user;
    b.addWithoutId(
        u"user_preferences"_s,
        {{u"user_id"_s, u.user}, {u"preferences_metadata"_s, u"{\"creditdesk\":{\"mode\":\"byok\"}}"_s}});
    u.syncState = u.user;
    b.addWithoutId(u"user_sync_state"_s, {{u"user_id"_s, u.user}, {u"profile_version"_s, 1}});
    u.grant = b.add(u"oauth_grants"_s, {{u"user_id"_s, u.user},
                                        {u"client_id"_s, w.oauthClient},
                                        {u"scope"_s, u"openid"_s},
                                        {u"created_at"_s, v.at(t(0))},
                                        {u"expires_at"_s, v.at(t(24 * 60))}});
    u.code = b.add(u"oauth_authorization_codes"_s,
                   {{u"code_hash"_s, hex64(u"code"_s + tag)},
                    {u"client_id"_s, w.oauthClient},
                    {u"user_id"_s, u.user},
                    {u"grant_id"_s, u.grant},
                    {u"redirect_uri"_s, u"http://127.0.0.1:8327/callback"_s},
                    {u"scope"_s, u"openid"_s},
                    {u"code_challenge"_s, u"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"_s},
                    {u"created_at"_s, v.at(t(0))},
                    {u"expires_at"_s, v.at(t(1))}});
    u.refreshToken = b.add(u"oauth_refresh_tokens"_s, {{u"grant_id"_s, u.grant},
                                                       {u"token_hash"_s, hex64(u"rt"_s + tag)},
                                                       {u"scope"_s, u"openid offline_access"_s},
                                                       {u"issued_at"_s, v.at(t(0))},
                                                       {u"expires_at"_s, v.at(t(24 * 60))}});
    u.idempotencyKey = b.add(u"idempotency_keys"_s, {{u"scope"_s, QString(u"user:"_s + u.user)},
                                                     {u"idempotency_key"_s, DialectValues::newId()},
                                                     {u"user_id"_s, u.user},
                                                     {u"fingerprint"_s, hex64(u"fp"_s + tag)},
                                                     {u"state"_s, u"completed"_s},
                                                     {u"response_status"_s, 201},
                                                     {u"response_body"_s, QByteArray("{}")},
                                                     {u"expires_at"_s, v.at(t(24))}});
    u.subscription =
        b.add(u"subscription_monetization"_s, {{u"user_id"_s, u.user},
                                               {u"tier"_s, u"pro"_s},
                                               {u"status"_s, u"active"_s},
                                               {u"billing_interval"_s, u"monthly"_s},
                                               {u"base_price_usd"_s, v.usd(1500)},
                                               {u"price_cents"_s, 1500},
                                               {u"monthly_credit_allocation"_s, v.hundredths(150000)},
                                               {u"stripe_customer_id"_s, QString(u"cus_"_s + tag)},
                                               {u"stripe_subscription_id"_s, QString(u"sub_"_s + tag)},
                                               {u"started_at"_s, v.at(t(0))},
                                               {u"current_period_start"_s, v.at(t(0))},
                                               {u"current_period_end"_s, v.at(t(24 * 31))},
                                               {u"trial_end"_s, v.at(t(24 * 14))}});
    u.balance =
        b.add(u"user_credit_balance"_s, {{u"user_id"_s, u.user}, {u"amount"_s, v.hundredths(150000)}});
    u.allocation = b.add(u"credit_allocation"_s, {{u"user_id"_s, u.user},
                                                  {u"subscription_id"_s, u.subscription},
                                                  {u"credit_type"_s, u"subscription"_s},
                                                  {u"source"_s, u"monthly_allocation"_s},
                                                  {u"amount"_s, v.hundredths(150000)},
                                                  {u"remaining"_s, v.hundredths(150000)},
                                                  {u"expires_at"_s, v.at(t(24 * 31))},
                                                  {u"applied_to_balance_at"_s, v.at(t(0))},
                                                  {u"balance_id"_s, u.balance}});
    u.source = b.add(u"user_credit_source"_s, {{u"user_id"_s, u.user},
                                               {u"credit_allocation_id"_s, u.allocation},
                                               {u"source_type"_s, u"monthly_allocation"_s}});
    u.invoice = b.add(u"billing_invoice"_s, {{u"user_id"_s, u.user},
                                             {u"subscription_id"_s, u.subscription},
                                             {u"stripe_invoice_id"_s, QString(u"in_"_s + tag)},
                                             {u"status"_s, u"open"_s},
                                             {u"subtotal_cents"_s, 1500},
                                             {u"amount_due_cents"_s, 1500},
                                             {u"period_start"_s, v.at(t(0))},
                                             {u"period_end"_s, v.at(t(24 * 31))},
                                             {u"issued_at"_s, v.at(t(0))}});
    u.payment = b.add(u"payment_transaction"_s, {{u"user_id"_s, u.user},
                                                 {u"subscription_id"_s, u.subscription},
                                                 {u"invoice_id"_s, u.invoice},
                                                 {u"stripe_payment_intent_id"_s, QString(u"pi_"_s + tag)},
                                                 {u"amount_cents"_s, 1500},
                                                 {u"status"_s, u"succeeded"_s}});
    u.dunning = b.add(u"dunning_attempt"_s, {{u"user_id"_s, u.user},
                                             {u"invoice_id"_s, u.invoice},
                                             {u"subscription_id"_s, u.subscription},
                                             {u"attempt_number"_s, 1},
                                             {u"scheduled_at"_s, v.at(t(24))}});
    const QString requestId = DialectValues::newId();
    u.usage = b.add(u"token_usage_ledger"_s, {{u"request_id"_s, requestId},
                                              {u"user_id"_s, u.user},
                                              {u"subscription_id"_s, u.subscription},
                                              {u"model_id"_s, u"claude-sonnet-4.5"_s},
                                              {u"provider_id"_s, w.provider},
                                              {u"pricing_id"_s, w.pricing},
                                              {u"request_type"_s, u"completion"_s},
                                              {u"operation"_s, u"chat"_s},
                                              {u"input_tokens"_s, 500},
                                              {u"output_tokens"_s, 1500},
                                              {u"vendor_cost"_s, v.e8(2400000)},
                                              {u"credit_multiplier"_s, v.hundredths(130)},
                                              {u"credits_deducted"_s, v.hundredths(320)},
                                              {u"is_byok"_s, v.flag(false)},
                                              {u"status"_s, u"success"_s},
                                              {u"occurred_at"_s, v.at(t(1))},
                                              {u"created_at"_s, v.at(t(1))}});
    u.reversal = b.add(u"token_usage_ledger"_s, {{u"request_id"_s, DialectValues::newId()},
                                                 {u"user_id"_s, u.user},
                                                 {u"model_id"_s, u"claude-sonnet-4.5"_s},
                                                 {u"provider_id"_s, w.provider},
                                                 {u"vendor_cost"_s, v.e8(0)},
                                                 {u"credit_multiplier"_s, v.hundredths(130)},
                                                 {u"credits_deducted"_s, v.hundredths(-320)},
                                                 {u"reverses_id"_s, u.usage},
                                                 {u"occurred_at"_s, v.at(t(2))},
                                                 {u"created_at"_s, v.at(t(2))}});
    u.deduction = b.add(u"credit_deduction_ledger"_s, {{u"user_id"_s, u.user},
                                                       {u"request_id"_s, requestId},
                                                       {u"token_usage_id"_s, u.usage},
                                                       {u"amount"_s, v.hundredths(320)},
                                                       {u"balance_before"_s, v.hundredths(150320)},
                                                       {u"balance_after"_s, v.hundredths(150000)}});
    u.tokenSummary = b.add(u"token_usage_daily_summary"_s, {{u"user_id"_s, u.user},
                                                            {u"summary_date"_s, v.date(kT0.date())},
                                                            {u"model_id"_s, u"claude-sonnet-4.5"_s},
                                                            {u"provider_id"_s, w.provider},
                                                            {u"request_count"_s, 1},
                                                            {u"vendor_cost"_s, v.e8(2400000)},
                                                            {u"credits_deducted"_s, v.hundredths(320)}});
    u.creditSummary = b.add(u"credit_usage_daily_summary"_s, {{u"user_id"_s, u.user},
                                                              {u"summary_date"_s, v.date(kT0.date())},
                                                              {u"credits_deducted"_s, v.hundredths(320)},
                                                              {u"closing_balance"_s, v.hundredths(150000)}});
    u.license = b.add(u"perpetual_license"_s,
                      {{u"user_id"_s, u.user},
                       {u"license_key"_s, u"REPHLO-%1-BBBB-CCCC-2345"_s.arg(tag.toUpper().repeated(4))},
                       {u"status"_s, u"active"_s},
                       {u"purchase_price_cents"_s, 19900},
                       {u"purchased_version"_s, u"1.0.0"_s},
                       {u"eligible_until_version"_s, u"1.99.99"_s},
                       {u"byok_enabled"_s, v.flag(true)},
                       {u"acquisition_coupon_code"_s, u"BYOK2025"_s},
                       {u"purchased_at"_s, v.at(t(0))}});
    u.activation = b.add(u"license_activation"_s, {{u"license_id"_s, u.license},
                                                   {u"machine_fingerprint"_s, hex64(u"machine"_s + tag)},
                                                   {u"device_name"_s, u"laptop"_s},
                                                   {u"os_type"_s, u"linux"_s},
                                                   {u"status"_s, u"active"_s},
                                                   {u"activated_at"_s, v.at(t(1))},
                                                   {u"last_seen_at"_s, v.at(t(2))}});
    u.offlineRequest = b.add(u"license_offline_request"_s,
                             {{u"license_id"_s, u.license},
                              {u"activation_id"_s, u.activation},
                              {u"nonce"_s, QString(u"nonce-"_s + tag)},
                              {u"request_sha256"_s, hex64(u"req"_s + tag)},
                              {u"response"_s, u"{\"format\":\"creditdesk.offline-response.v1\"}"_s}});
    u.upgrade = b.add(u"version_upgrade"_s, {{u"license_id"_s, u.license},
                                             {u"from_version"_s, u"1.0.0"_s},
                                             {u"to_version"_s, u"2.0.0"_s},
                                             {u"base_price_cents"_s, 9900},
                                             {u"early_bird_discount_cents"_s, 1980},
                                             {u"upgrade_price_cents"_s, 7920},
                                             {u"status"_s, u"pending"_s},
                                             {u"payment_transaction_id"_s, u.payment},
                                             {u"purchased_at"_s, v.at(t(3))}});
    u.proration = b.add(u"proration_event"_s, {{u"user_id"_s, u.user},
                                               {u"subscription_id"_s, u.subscription},
                                               {u"from_tier"_s, u"pro"_s},
                                               {u"to_tier"_s, u"pro_max"_s},
                                               {u"change_type"_s, u"upgrade"_s},
                                               {u"period_start"_s, v.at(t(0))},
                                               {u"period_end"_s, v.at(t(24 * 30))},
                                               {u"effective_date"_s, v.at(t(24 * 15))},
                                               {u"days_in_cycle"_s, 30},
                                               {u"days_remaining"_s, 15},
                                               {u"unused_credit_value_cents"_s, 950},
                                               {u"new_tier_prorated_cost_cents"_s, 2450},
                                               {u"net_charge_cents"_s, 1500},
                                               {u"payment_transaction_id"_s, u.payment}});
    u.redemption = b.add(u"coupon_redemption"_s, {{u"coupon_id"_s, w.coupon},
                                                  {u"coupon_code"_s, u"SAVE25NOW"_s},
                                                  {u"user_id"_s, u.user},
                                                  {u"subscription_id"_s, u.subscription},
                                                  {u"credit_allocation_id"_s, u.allocation},
                                                  {u"perpetual_license_id"_s, u.license},
                                                  {u"proration_event_id"_s, u.proration},
                                                  {u"redemption_date"_s, v.at(t(0))},
                                                  {u"redemption_status"_s, u"success"_s},
                                                  {u"original_amount_usd"_s, v.usd(1500)},
                                                  {u"discount_applied_usd"_s, v.usd(375)},
                                                  {u"final_amount_usd"_s, v.usd(1125)},
                                                  {u"tier_before"_s, u"free"_s},
                                                  {u"tier_after"_s, u"pro"_s},
                                                  {u"billing_cycle_before"_s, u"monthly"_s},
                                                  {u"billing_cycle_after"_s, u"monthly"_s},
                                                  {u"ip_address"_s, u"203.0.113.7"_s},
                                                  {u"user_agent"_s, u"CreditDesk/0.1"_s}});
    u.fraud = b.add(u"coupon_fraud_detection"_s, {{u"coupon_id"_s, w.coupon},
                                                  {u"user_id"_s, u.user},
                                                  {u"redemption_id"_s, u.redemption},
                                                  {u"detection_type"_s, u"velocity_abuse"_s},
                                                  {u"severity"_s, u"high"_s},
                                                  {u"details"_s, u"{\"count\":4}"_s},
                                                  {u"ip_address"_s, u"203.0.113.7"_s},
                                                  {u"detected_at"_s, v.at(t(0))}});
    return u;
}

} // namespace

Result<World> buildWorld(const Connection &connection)
{
    Builder b(connection);
    const DialectValues &v = b.v;
    World w;
    for (const QString &seeded :
         {u"pricing_configs"_s, u"model_provider_pricing"_s, u"providers"_s, u"subscription_tier_config"_s})
        b.clear(seeded);
    w.oauthClient =
        b.add(u"oauth_clients"_s, {{u"client_id"_s, u"desktop-app-test"_s},
                                   {u"name"_s, u"CreditDesk"_s},
                                   {u"redirect_uris"_s, v.array({u"http://127.0.0.1:8327/callback"_s})},
                                   {u"scopes"_s, v.array({u"openid"_s, u"offline_access"_s})}});
    w.tierConfig =
        b.add(u"subscription_tier_config"_s, {{u"tier"_s, u"pro"_s},
                                              {u"display_name"_s, u"Pro"_s},
                                              {u"monthly_price_cents"_s, 1500},
                                              {u"yearly_price_cents"_s, 15000},
                                              {u"monthly_credit_allocation"_s, v.hundredths(150000)},
                                              {u"rollover_cap"_s, v.hundredths(75000)},
                                              {u"rollover_months"_s, 1},
                                              {u"history_days"_s, 90},
                                              {u"trial_days"_s, 14},
                                              {u"credit_multiplier"_s, v.hundredths(130)}});
    w.provider = b.add(u"providers"_s, {{u"name"_s, u"anthropic"_s}, {u"display_name"_s, u"Anthropic"_s}});
    w.pricing = b.add(u"model_provider_pricing"_s, {{u"provider_id"_s, w.provider},
                                                    {u"model_id"_s, u"claude-sonnet-4.5"_s},
                                                    {u"input_price_per_1k"_s, v.e8(300000)},
                                                    {u"output_price_per_1k"_s, v.e8(1500000)},
                                                    {u"effective_from"_s, v.at(t(-24 * 30))}});
    w.appVersion = b.add(u"app_version"_s, {{u"version"_s, u"1.0.0"_s},
                                            {u"major"_s, 1},
                                            {u"minor"_s, 0},
                                            {u"patch"_s, 0},
                                            {u"released_at"_s, v.at(t(-24 * 90))}});
    // User A created the shared coupon and pricing rows (SET NULL when A goes).
    const QString userA = addUserRow(b, u"a"_s);
    w.pricingConfig = b.add(u"pricing_configs"_s, {{u"scope"_s, u"tier"_s},
                                                   {u"tier"_s, u"pro"_s},
                                                   {u"margin_multiplier"_s, v.hundredths(130)},
                                                   {u"effective_from"_s, v.at(t(-24))},
                                                   {u"approval_status"_s, u"approved"_s},
                                                   {u"created_by"_s, userA}});
    w.campaign = b.add(u"coupon_campaign"_s, {{u"name"_s, u"Launch"_s},
                                              {u"starts_at"_s, v.at(t(-24))},
                                              {u"ends_at"_s, v.at(t(24 * 60))},
                                              {u"budget_cents"_s, 100000},
                                              {u"spent_cents"_s, 750},
                                              {u"created_by"_s, userA}});
    w.coupon = b.add(u"coupon"_s, {{u"code"_s, u"SAVE25NOW"_s},
                                   {u"coupon_type"_s, u"percentage_discount"_s},
                                   {u"discount_type"_s, u"percentage"_s},
                                   {u"discount_value"_s, 2500},
                                   {u"valid_from"_s, v.at(t(-24))},
                                   {u"valid_until"_s, v.at(t(24 * 60))},
                                   {u"created_by"_s, userA}});
    w.campaignCoupon =
        b.add(u"campaign_coupon"_s, {{u"campaign_id"_s, w.campaign}, {u"coupon_id"_s, w.coupon}});
    w.usageLimit = b.add(u"coupon_usage_limit"_s, {{u"coupon_id"_s, w.coupon},
                                                   {u"total_uses"_s, 2},
                                                   {u"unique_users"_s, 2},
                                                   {u"total_discount_cents"_s, 750}});
    w.validationRule = b.add(u"coupon_validation_rule"_s, {{u"coupon_id"_s, w.coupon},
                                                           {u"rule_type"_s, u"first_time_user_only"_s},
                                                           {u"rule_value"_s, u"{}"_s}});
    w.analytics = b.add(u"coupon_analytics_snapshot"_s, {{u"coupon_id"_s, w.coupon},
                                                         {u"campaign_id"_s, w.campaign},
                                                         {u"snapshot_date"_s, v.date(kT0.date())},
                                                         {u"total_redemptions"_s, 2},
                                                         {u"unique_users"_s, 2}});
    w.a = addUserData(b, w, userA, u"a"_s);
    w.b = addUserData(b, w, addUserRow(b, u"b"_s), u"b"_s);
    if (!b.error().code.isEmpty())
        return std::unexpected(b.error());
    return w;
}

Row enumCompanions(Dialect dialect, const World &world, const QString &table, const QString &column,
                   const QString &value)
{
    const DialectValues v(dialect);
    if (table == "license_activation"_L1 && column == "status"_L1)
        return {{u"deactivated_at"_s, value == "active"_L1 ? v.nullAt() : v.at(t(5))}};
    if (table == "coupon_redemption"_L1 && column == "redemption_status"_L1)
        return {{u"reversed_at"_s, value == "reversed"_L1 ? v.at(t(5)) : v.nullAt()}};
    if (table == "proration_event"_L1 && (column == "from_tier"_L1 || column == "to_tier"_L1))
        return {{column == "from_tier"_L1 ? u"to_tier"_s : u"from_tier"_s,
                 value == "free"_L1 ? u"pro"_s : u"free"_s}};
    if (table == "pricing_configs"_L1 && column == "scope"_L1) {
        const QVariant none(QMetaType::fromType<QString>());
        const bool tier = value == "tier"_L1 || value == "combination"_L1;
        const bool provider = value == "provider"_L1 || value == "combination"_L1;
        const bool model = value == "model"_L1 || value == "combination"_L1;
        return {{u"tier"_s, tier ? QVariant(u"pro"_s) : none},
                {u"provider_id"_s, provider ? QVariant(world.provider) : none},
                {u"model_id"_s, model ? QVariant(u"claude-sonnet-4.5"_s) : none}};
    }
    return {};
}

} // namespace creditdesk::server::test
