// Seed report 9.2 on both dialects: cascades through all four plans on user
// deletion, the rows 5.1 says to keep, unique and enum constraints enforced by
// the database itself.
#include "server/db/connection.h"
#include "tests/integration/server/schema_test_support.h"
#include "tests/integration/server/schema_world.h"
#include "tests/support/test_support.h"

#include <QSqlQuery>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk::server;
using namespace creditdesk::server::test;

namespace {

// (table, column holding the owner's user id) of every user-owned table.
const QList<QPair<QString, QString>> kUserOwned = {
    {u"user_preferences"_s, u"user_id"_s},
    {u"user_sync_state"_s, u"user_id"_s},
    {u"oauth_grants"_s, u"user_id"_s},
    {u"oauth_authorization_codes"_s, u"user_id"_s},
    {u"idempotency_keys"_s, u"user_id"_s},
    {u"subscription_monetization"_s, u"user_id"_s},
    {u"credit_allocation"_s, u"user_id"_s},
    {u"billing_invoice"_s, u"user_id"_s},
    {u"payment_transaction"_s, u"user_id"_s},
    {u"dunning_attempt"_s, u"user_id"_s},
    {u"user_credit_balance"_s, u"user_id"_s},
    {u"user_credit_source"_s, u"user_id"_s},
    {u"token_usage_ledger"_s, u"user_id"_s},
    {u"credit_deduction_ledger"_s, u"user_id"_s},
    {u"token_usage_daily_summary"_s, u"user_id"_s},
    {u"credit_usage_daily_summary"_s, u"user_id"_s},
    {u"perpetual_license"_s, u"user_id"_s},
    {u"proration_event"_s, u"user_id"_s},
    {u"coupon_redemption"_s, u"user_id"_s},
    {u"coupon_fraud_detection"_s, u"user_id"_s},
};

// Rows owned through a parent, by id.
QList<QPair<QString, QString>> ownedThroughParents(const UserRows &u)
{
    return {{u"oauth_refresh_tokens"_s, u.refreshToken},
            {u"license_activation"_s, u.activation},
            {u"license_offline_request"_s, u.offlineRequest},
            {u"version_upgrade"_s, u.upgrade}};
}

// Rows nobody owns: they outlive every user.
const QStringList kShared = {u"oauth_clients"_s,
                             u"subscription_tier_config"_s,
                             u"providers"_s,
                             u"model_provider_pricing"_s,
                             u"pricing_configs"_s,
                             u"app_version"_s,
                             u"coupon_campaign"_s,
                             u"coupon"_s,
                             u"campaign_coupon"_s,
                             u"coupon_usage_limit"_s,
                             u"coupon_validation_rule"_s,
                             u"coupon_analytics_snapshot"_s,
                             u"credit_settings"_s};

} // namespace

class TestSchemaIntegrity : public QObject {
    Q_OBJECT

private slots:
    void userDeletionCascadesThroughAllPlans_data() { addDialectRows(); }
    void userDeletionCascadesThroughAllPlans();
    void couponDeletionKeepsItsHistory_data() { addDialectRows(); }
    void couponDeletionKeepsItsHistory();
    void subscriptionDeletionKeepsFinancialRecords_data() { addDialectRows(); }
    void subscriptionDeletionKeepsFinancialRecords();
    void invoiceAndLicenseDeletion_data() { addDialectRows(); }
    void invoiceAndLicenseDeletion();
    void ledgerHistoryBlocksDeletion_data() { addDialectRows(); }
    void ledgerHistoryBlocksDeletion();
    void duplicatesAreRejected_data() { addDialectRows(); }
    void duplicatesAreRejected();
    void invalidEnumValuesAreRejected_data() { addDialectRows(); }
    void invalidEnumValuesAreRejected();
    void checkConstraintsHold_data() { addDialectRows(); }
    void checkConstraintsHold();
    void foreignKeysAreEnforced_data() { addDialectRows(); }
    void foreignKeysAreEnforced();
};

#define SETUP_WORLD()                                                                                        \
    QFETCH(Dialect, dialect);                                                                                \
    CREDITDESK_REQUIRE_DIALECT(dialect);                                                                     \
    CREDITDESK_TRY(database, TestDatabase::create(dialect));                                                 \
    CREDITDESK_TRY(c, database->connectMigrated());                                                          \
    CREDITDESK_TRY(w, buildWorld(c));                                                                        \
    const DialectValues v(dialect)

#define COUNT(...)                                                                                           \
    [&] {                                                                                                    \
        const auto n = countRows(c, __VA_ARGS__);                                                            \
        return n ? *n : qint64(-1);                                                                          \
    }()

void TestSchemaIntegrity::userDeletionCascadesThroughAllPlans()
{
    SETUP_WORLD();
    QHash<QString, qint64> sharedBefore;
    for (const QString &table : kShared)
        sharedBefore[table] = COUNT(table);
    for (const auto &[table, column] : kUserOwned)
        QVERIFY2(COUNT(table, column, w.a.user) > 0, qPrintable(table + u" has no row of user A"_s));

    // As in seed 9.2 test 1: delete inside a transaction, look, roll back.
    CREDITDESK_VERIFY_OK(execStatement(c.database(), u"BEGIN"_s));
    CREDITDESK_VERIFY_OK(deleteRow(c, u"users"_s, w.a.user));
    for (const auto &[table, column] : kUserOwned) {
        QVERIFY2(COUNT(table, column, w.a.user) == 0, qPrintable(table + u" kept a row of deleted user A"_s));
        QVERIFY2(COUNT(table, column, w.b.user) > 0, qPrintable(table + u" lost user B's rows"_s));
    }
    for (const auto &[table, id] : ownedThroughParents(w.a))
        QVERIFY2(COUNT(table, u"id"_s, id) == 0, qPrintable(table + u" kept a row of deleted user A"_s));
    for (const auto &[table, id] : ownedThroughParents(w.b))
        QVERIFY2(COUNT(table, u"id"_s, id) == 1, qPrintable(table + u" lost user B's row"_s));
    // Shared rows stay; A created the coupon, campaign and pricing rule.
    for (const QString &table : kShared)
        QVERIFY2(COUNT(table) == sharedBefore[table], qPrintable(table + u" lost rows"_s));
    QCOMPARE(COUNT(u"coupon"_s, u"created_by"_s, QVariant()), 1);
    QCOMPARE(COUNT(u"coupon_campaign"_s, u"created_by"_s, QVariant()), 1);
    QCOMPARE(COUNT(u"pricing_configs"_s, u"created_by"_s, QVariant()), 1);
    CREDITDESK_VERIFY_OK(execStatement(c.database(), u"ROLLBACK"_s));

    for (const auto &[table, column] : kUserOwned)
        QVERIFY2(COUNT(table, column, w.a.user) > 0, qPrintable(table + u" not restored by ROLLBACK"_s));

    CREDITDESK_VERIFY_OK(deleteRow(c, u"users"_s, w.a.user));
    QCOMPARE(COUNT(u"users"_s), 1);
    QCOMPARE(COUNT(u"token_usage_ledger"_s), 2); // B's usage and its reversal
}

void TestSchemaIntegrity::couponDeletionKeepsItsHistory()
{
    SETUP_WORLD();
    // The normal way: soft delete.
    CREDITDESK_VERIFY_OK(
        updateRow(c, u"coupon"_s, w.coupon, {{u"deleted_at"_s, v.at(QDateTime::currentDateTimeUtc())}}));
    // A hard delete must not destroy history either (seed 5.1 / 8.2).
    CREDITDESK_VERIFY_OK(deleteRow(c, u"coupon"_s, w.coupon));
    QCOMPARE(COUNT(u"coupon_redemption"_s), 2);
    QCOMPARE(COUNT(u"coupon_redemption"_s, u"coupon_id"_s, QVariant()), 2);
    QCOMPARE(COUNT(u"coupon_redemption"_s, u"coupon_code"_s, u"SAVE25NOW"_s), 2);
    QCOMPARE(COUNT(u"coupon_usage_limit"_s, u"coupon_id"_s, QVariant()), 1);
    QCOMPARE(COUNT(u"coupon_fraud_detection"_s, u"coupon_id"_s, QVariant()), 2);
    QCOMPARE(COUNT(u"coupon_analytics_snapshot"_s, u"coupon_id"_s, QVariant()), 1);
    // Configuration goes with the coupon.
    QCOMPARE(COUNT(u"coupon_validation_rule"_s), 0);
    QCOMPARE(COUNT(u"campaign_coupon"_s), 0);
    QCOMPARE(COUNT(u"coupon_campaign"_s), 1);
}

void TestSchemaIntegrity::subscriptionDeletionKeepsFinancialRecords()
{
    SETUP_WORLD();
    CREDITDESK_VERIFY_OK(deleteRow(c, u"subscription_monetization"_s, w.a.subscription));
    for (const auto &[table, id] : QList<QPair<QString, QString>>{{u"credit_allocation"_s, w.a.allocation},
                                                                  {u"billing_invoice"_s, w.a.invoice},
                                                                  {u"payment_transaction"_s, w.a.payment},
                                                                  {u"dunning_attempt"_s, w.a.dunning},
                                                                  {u"coupon_redemption"_s, w.a.redemption},
                                                                  {u"token_usage_ledger"_s, w.a.usage}}) {
        QVERIFY2(COUNT(table, u"id"_s, id) == 1, qPrintable(table + u" lost its row"_s));
        QVERIFY2(COUNT(table, u"subscription_id"_s, QVariant()) >= 1,
                 qPrintable(table + u".subscription_id not NULL"_s));
    }
    QCOMPARE(COUNT(u"proration_event"_s, u"id"_s, w.a.proration), 0); // Appendix B: CASCADE
    QCOMPARE(COUNT(u"coupon_redemption"_s, u"proration_event_id"_s, QVariant()), 1);
    QCOMPARE(COUNT(u"proration_event"_s, u"id"_s, w.b.proration), 1);
}

void TestSchemaIntegrity::invoiceAndLicenseDeletion()
{
    SETUP_WORLD();
    CREDITDESK_VERIFY_OK(deleteRow(c, u"billing_invoice"_s, w.a.invoice));
    QCOMPARE(COUNT(u"payment_transaction"_s, u"id"_s, w.a.payment), 1);
    QCOMPARE(COUNT(u"payment_transaction"_s, u"invoice_id"_s, QVariant()), 1);
    QCOMPARE(COUNT(u"dunning_attempt"_s, u"id"_s, w.a.dunning), 0);

    CREDITDESK_VERIFY_OK(deleteRow(c, u"perpetual_license"_s, w.a.license));
    QCOMPARE(COUNT(u"license_activation"_s, u"license_id"_s, w.a.license), 0);
    QCOMPARE(COUNT(u"version_upgrade"_s, u"license_id"_s, w.a.license), 0);
    QCOMPARE(COUNT(u"license_offline_request"_s, u"license_id"_s, w.a.license), 0);
    QCOMPARE(COUNT(u"coupon_redemption"_s, u"perpetual_license_id"_s, QVariant()), 1);
    QCOMPARE(COUNT(u"license_activation"_s), 1);

    CREDITDESK_VERIFY_OK(deleteRow(c, u"payment_transaction"_s, w.b.payment));
    QCOMPARE(COUNT(u"proration_event"_s, u"id"_s, w.b.proration), 1);
    QCOMPARE(COUNT(u"proration_event"_s, u"payment_transaction_id"_s, QVariant()), 1);
    QCOMPARE(COUNT(u"version_upgrade"_s, u"payment_transaction_id"_s, QVariant()), 1);
}

void TestSchemaIntegrity::ledgerHistoryBlocksDeletion()
{
    SETUP_WORLD();
    // A provider with usage history cannot go (RESTRICT); a balance under its grants neither.
    QVERIFY(!deleteRow(c, u"providers"_s, w.provider));
    QVERIFY(!deleteRow(c, u"user_credit_balance"_s, w.a.balance));
    QCOMPARE(COUNT(u"providers"_s), 1);
    QCOMPARE(COUNT(u"user_credit_balance"_s), 2);
    // Deleting a usage row takes its deduction and its reversal.
    CREDITDESK_VERIFY_OK(deleteRow(c, u"token_usage_ledger"_s, w.a.usage));
    QCOMPARE(COUNT(u"credit_deduction_ledger"_s, u"id"_s, w.a.deduction), 0);
    QCOMPARE(COUNT(u"token_usage_ledger"_s, u"id"_s, w.a.reversal), 0);
}

void TestSchemaIntegrity::duplicatesAreRejected()
{
    SETUP_WORLD();
    const auto rejected = [&](const QString &table, const QString &id, const Row &row) {
        const auto result = updateRow(c, table, id, row);
        return !result.has_value();
    };
    // Each row of B takes a value A already holds.
    QVERIFY(rejected(u"users"_s, w.b.user, {{u"email"_s, u"a@example.com"_s}}));
    QVERIFY(
        rejected(u"subscription_monetization"_s, w.b.subscription, {{u"stripe_customer_id"_s, u"cus_a"_s}}));
    QVERIFY(rejected(u"subscription_monetization"_s, w.b.subscription,
                     {{u"stripe_subscription_id"_s, u"sub_a"_s}}));
    QVERIFY(rejected(u"billing_invoice"_s, w.b.invoice, {{u"stripe_invoice_id"_s, u"in_a"_s}}));
    QVERIFY(rejected(u"payment_transaction"_s, w.b.payment, {{u"stripe_payment_intent_id"_s, u"pi_a"_s}}));
    QVERIFY(
        rejected(u"perpetual_license"_s, w.b.license, {{u"license_key"_s, u"REPHLO-AAAA-BBBB-CCCC-2345"_s}}));
    QVERIFY(rejected(u"user_credit_balance"_s, w.b.balance, {{u"user_id"_s, w.a.user}}));
    // New rows repeating a unique value.
    QVERIFY(!insertRow(c, u"coupon"_s,
                       {{u"id"_s, DialectValues::newId()},
                        {u"code"_s, u"SAVE25NOW"_s},
                        {u"coupon_type"_s, u"fixed_amount_discount"_s},
                        {u"discount_type"_s, u"fixed_amount"_s},
                        {u"discount_value"_s, 500},
                        {u"valid_from"_s, v.at(QDateTime::currentDateTimeUtc())},
                        {u"valid_until"_s, v.at(QDateTime::currentDateTimeUtc().addDays(1))}}));
    QVERIFY(!insertRow(c, u"user_credit_balance"_s,
                       {{u"id"_s, DialectValues::newId()}, {u"user_id"_s, w.a.user}}));
    QSqlQuery request(c.database());
    request.prepare(u"SELECT request_id FROM credit_deduction_ledger WHERE id = ?"_s);
    request.addBindValue(w.a.deduction);
    QVERIFY(request.exec() && request.next());
    const QString requestId = request.value(0).toString();
    request.finish();
    QVERIFY(rejected(u"credit_deduction_ledger"_s, w.b.deduction, {{u"request_id"_s, requestId}}));
    QVERIFY(rejected(u"token_usage_ledger"_s, w.b.reversal, {{u"request_id"_s, requestId}}));
    // The same fingerprint twice on one license (it may repeat across licenses).
    QSqlQuery fingerprint(c.database());
    fingerprint.prepare(u"SELECT machine_fingerprint FROM license_activation WHERE id = ?"_s);
    fingerprint.addBindValue(w.a.activation);
    QVERIFY(fingerprint.exec() && fingerprint.next());
    const QString machine = fingerprint.value(0).toString();
    fingerprint.finish();
    const auto now = v.at(QDateTime::currentDateTimeUtc());
    const auto activation = [&](const QString &license) {
        return insertRow(c, u"license_activation"_s,
                         {{u"id"_s, DialectValues::newId()},
                          {u"license_id"_s, license},
                          {u"machine_fingerprint"_s, machine},
                          {u"activated_at"_s, now},
                          {u"last_seen_at"_s, now}});
    };
    QVERIFY(!activation(w.a.license));
    CREDITDESK_VERIFY_OK(activation(w.b.license));
    // One current subscription per user.
    QVERIFY(rejected(u"subscription_monetization"_s, w.b.subscription, {{u"user_id"_s, w.a.user}}));
    CREDITDESK_VERIFY_OK(updateRow(c, u"subscription_monetization"_s, w.b.subscription,
                                   {{u"user_id"_s, w.a.user}, {u"status"_s, u"expired"_s}}));
}

void TestSchemaIntegrity::invalidEnumValuesAreRejected()
{
    SETUP_WORLD();
    // Names the real cloud uses that the seed's enums do not have (api-contract 1).
    QVERIFY(
        !updateRow(c, u"subscription_monetization"_s, w.a.subscription, {{u"tier"_s, u"invalid_tier"_s}}));
    QVERIFY(!updateRow(c, u"subscription_monetization"_s, w.a.subscription, {{u"tier"_s, u"enterprise"_s}}));
    QVERIFY(!updateRow(c, u"subscription_monetization"_s, w.a.subscription, {{u"tier"_s, u"pro_plus"_s}}));
    QVERIFY(
        !updateRow(c, u"subscription_monetization"_s, w.a.subscription, {{u"status"_s, u"grace_period"_s}}));
    QVERIFY(!updateRow(c, u"perpetual_license"_s, w.a.license, {{u"status"_s, u"deleted"_s}}));
    QVERIFY(!updateRow(c, u"coupon"_s, w.coupon, {{u"coupon_type"_s, u"perpetual_migration"_s}}));
    QVERIFY(!updateRow(c, u"credit_allocation"_s, w.a.allocation, {{u"credit_type"_s, u"free"_s}}));
    QVERIFY(!updateRow(c, u"token_usage_ledger"_s, w.a.usage, {{u"request_type"_s, u"chat"_s}}));
    // A fresh row with a bad tier never lands.
    const qint64 before = COUNT(u"subscription_monetization"_s);
    const auto now = QDateTime::currentDateTimeUtc();
    QVERIFY(!insertRow(c, u"subscription_monetization"_s,
                       {{u"id"_s, DialectValues::newId()},
                        {u"user_id"_s, w.b.user},
                        {u"tier"_s, u"gold"_s},
                        {u"status"_s, u"expired"_s},
                        {u"base_price_usd"_s, v.usd(0)},
                        {u"price_cents"_s, 0},
                        {u"monthly_credit_allocation"_s, v.hundredths(0)},
                        {u"started_at"_s, v.at(now)},
                        {u"current_period_start"_s, v.at(now)},
                        {u"current_period_end"_s, v.at(now.addDays(30))}}));
    QCOMPARE(COUNT(u"subscription_monetization"_s), before);
}

void TestSchemaIntegrity::checkConstraintsHold()
{
    SETUP_WORLD();
    const auto refused = [&](const QString &table, const QString &id, const Row &row) {
        return !updateRow(c, table, id, row).has_value();
    };
    QVERIFY(refused(u"user_credit_balance"_s, w.a.balance, {{u"amount"_s, v.hundredths(-1)}}));
    QVERIFY(refused(u"credit_allocation"_s, w.a.allocation, {{u"remaining"_s, v.hundredths(150001)}}));
    QVERIFY(refused(u"credit_allocation"_s, w.a.allocation,
                    {{u"amount"_s, v.hundredths(150050)}})); // whole credits
    QVERIFY(refused(u"credit_allocation"_s, w.a.allocation,
                    {{u"balance_id"_s, QVariant(QMetaType::fromType<QString>())}}));
    QVERIFY(
        refused(u"perpetual_license"_s, w.a.license, {{u"license_key"_s, u"REPHLO-OOOO-BBBB-CCCC-2345"_s}}));
    QVERIFY(
        refused(u"perpetual_license"_s, w.a.license, {{u"license_key"_s, u"rephlo-aaaa-bbbb-cccc-2345"_s}}));
    QVERIFY(refused(u"perpetual_license"_s, w.a.license, {{u"current_activations"_s, 4}}));
    QVERIFY(
        refused(u"license_activation"_s, w.a.activation, {{u"machine_fingerprint"_s, QString(64, u'A')}}));
    QVERIFY(refused(u"coupon"_s, w.coupon, {{u"code"_s, u"save25now"_s}}));
    QVERIFY(refused(u"coupon"_s, w.coupon, {{u"discount_value"_s, 10001}})); // > 100 %
    QVERIFY(refused(u"users"_s, w.a.user, {{u"email"_s, u"A@Example.com"_s}}));
    QVERIFY(
        refused(u"token_usage_ledger"_s, w.a.usage, {{u"is_byok"_s, v.flag(true)}})); // BYOK costs 0 credits
    QVERIFY(refused(u"token_usage_ledger"_s, w.a.usage, {{u"input_tokens"_s, -1}}));
    QVERIFY(refused(u"proration_event"_s, w.a.proration, {{u"net_charge_cents"_s, 1499}}));
    QVERIFY(refused(u"coupon_redemption"_s, w.a.redemption, {{u"final_amount_usd"_s, v.usd(1124)}}));
    QVERIFY(
        refused(u"subscription_tier_config"_s, w.tierConfig, {{u"credit_multiplier"_s, v.hundredths(99)}}));
    if (dialect == Dialect::Sqlite) {
        // *_usd is decimal text: not cents, not a REAL, two decimals
        QVERIFY(refused(u"subscription_monetization"_s, w.a.subscription, {{u"base_price_usd"_s, 1500}}));
        QVERIFY(refused(u"subscription_monetization"_s, w.a.subscription, {{u"base_price_usd"_s, 15.0}}));
        QVERIFY(
            refused(u"subscription_monetization"_s, w.a.subscription, {{u"base_price_usd"_s, u"15.5"_s}}));
        QVERIFY(
            refused(u"subscription_monetization"_s, w.a.subscription, {{u"base_price_usd"_s, u"015.00"_s}}));
        QVERIFY(refused(u"users"_s, w.a.user, {{u"email_verified"_s, 2}}));
        QVERIFY(refused(u"token_usage_daily_summary"_s, w.a.tokenSummary,
                        {{u"summary_date"_s, u"2026-02-30"_s}}));
    }
    CREDITDESK_VERIFY_OK(updateRow(c, u"subscription_monetization"_s, w.a.subscription,
                                   {{u"base_price_usd"_s, v.usd(19900)}}));
}

void TestSchemaIntegrity::foreignKeysAreEnforced()
{
    SETUP_WORLD();
    const QString stranger = DialectValues::newId();
    QVERIFY(!updateRow(c, u"subscription_monetization"_s, w.a.subscription, {{u"user_id"_s, stranger}}));
    QVERIFY(!updateRow(c, u"coupon_redemption"_s, w.a.redemption, {{u"coupon_id"_s, stranger}}));
    QVERIFY(!updateRow(c, u"credit_allocation"_s, w.a.allocation, {{u"balance_id"_s, stranger}}));
    QVERIFY(!insertRow(c, u"user_credit_balance"_s,
                       {{u"id"_s, DialectValues::newId()}, {u"user_id"_s, stranger}}));
}

QTEST_GUILESS_MAIN(TestSchemaIntegrity)
#include "test_schema_integrity.moc"
