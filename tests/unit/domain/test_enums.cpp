#include "core/domain/enums.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;

class TestEnums : public QObject {
    Q_OBJECT

private slots:
    void labelsInDatabaseOrder_data();
    void labelsInDatabaseOrder();
    void everyLabelRoundTrips();
    void strictParsingRejects_data();
    void strictParsingRejects();
    void couponTypeMapping_data();
    void couponTypeMapping();
    void wireTier_data();
    void wireTier();
    void wireTierUnsupported();
    void wireSubscriptionStatus();
};

namespace {

template <typename E, typename Parse>
bool roundTrips(const QList<E> &values, Parse parse)
{
    for (E value : values) {
        const auto parsed = parse(toString(value));
        if (!parsed || *parsed != value)
            return false;
    }
    return true;
}

} // namespace

void TestEnums::labelsInDatabaseOrder_data()
{
    QTest::addColumn<QStringList>("actual");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("subscription_tier")
        << enumLabels(allSubscriptionTiers())
        << QStringList{u"free"_s,           u"pro"_s,      u"pro_max"_s, u"enterprise_pro"_s,
                       u"enterprise_max"_s, u"perpetual"_s};
    QTest::newRow("subscription_status")
        << enumLabels(allSubscriptionStatuses())
        << QStringList{u"trial"_s, u"active"_s, u"past_due"_s, u"cancelled"_s, u"expired"_s, u"suspended"_s};
    QTest::newRow("usage_operation") << enumLabels(allUsageOperations())
                                     << QStringList{u"completion"_s, u"chat"_s, u"embedding"_s,
                                                    u"function_call"_s};
    QTest::newRow("coupon_type") << enumLabels(allCouponTypes())
                                 << QStringList{u"percentage_discount"_s, u"fixed_amount_discount"_s,
                                                u"tier_specific_discount"_s, u"duration_bonus"_s,
                                                u"byok_migration"_s};
    QTest::newRow("discount_type") << enumLabels(allDiscountTypes())
                                   << QStringList{u"percentage"_s, u"fixed_amount"_s, u"credits"_s,
                                                  u"months_free"_s};
    QTest::newRow("redemption_status") << enumLabels(allRedemptionStatuses())
                                       << QStringList{u"success"_s, u"failed"_s, u"reversed"_s, u"pending"_s};
    QTest::newRow("license_status") << enumLabels(allLicenseStatuses())
                                    << QStringList{u"pending"_s, u"active"_s, u"suspended"_s, u"revoked"_s,
                                                   u"expired"_s};
    QTest::newRow("proration_status") << enumLabels(allProrationStatuses())
                                      << QStringList{u"pending"_s, u"applied"_s, u"failed"_s, u"reversed"_s};
    QTest::newRow("credit_type") << enumLabels(allCreditTypes())
                                 << QStringList{u"subscription"_s, u"bonus"_s, u"referral"_s, u"coupon"_s,
                                                u"admin_grant"_s};
    QTest::newRow("activation_status")
        << enumLabels(allActivationStatuses()) << QStringList{u"active"_s, u"deactivated"_s, u"replaced"_s};
    QTest::newRow("request_type") << enumLabels(allRequestTypes())
                                  << QStringList{u"completion"_s, u"streaming"_s, u"batch"_s};
    QTest::newRow("billing_interval")
        << enumLabels(allBillingIntervals()) << QStringList{u"monthly"_s, u"yearly"_s};
}

void TestEnums::labelsInDatabaseOrder()
{
    QFETCH(QStringList, actual);
    QFETCH(QStringList, expected);
    QCOMPARE(actual, expected);
}

void TestEnums::everyLabelRoundTrips()
{
    QVERIFY(roundTrips(allSubscriptionTiers(), parseSubscriptionTier));
    QVERIFY(roundTrips(allSubscriptionStatuses(), parseSubscriptionStatus));
    QVERIFY(roundTrips(allUsageOperations(), parseUsageOperation));
    QVERIFY(roundTrips(allCouponTypes(), parseCouponType));
    QVERIFY(roundTrips(allDiscountTypes(), parseDiscountType));
    QVERIFY(roundTrips(allRedemptionStatuses(), parseRedemptionStatus));
    QVERIFY(roundTrips(allLicenseStatuses(), parseLicenseStatus));
    QVERIFY(roundTrips(allProrationStatuses(), parseProrationStatus));
    QVERIFY(roundTrips(allCreditTypes(), parseCreditType));
    QVERIFY(roundTrips(allActivationStatuses(), parseActivationStatus));
    QVERIFY(roundTrips(allRequestTypes(), parseRequestType));
    QVERIFY(roundTrips(allBillingIntervals(), parseBillingInterval));
}

void TestEnums::strictParsingRejects_data()
{
    QTest::addColumn<bool>("rejected");
    QTest::addColumn<QString>("code");
    auto row = [](const char *name, auto result) {
        QTest::newRow(name) << !result.has_value() << (result ? QString() : result.error().code);
    };
    row("unknown tier", parseSubscriptionTier(u"enterprise"));
    row("wrong case", parseSubscriptionTier(u"Pro"));
    row("padded", parseSubscriptionTier(u" pro"));
    row("empty", parseSubscriptionTier(u""));
    row("wire alias is not a db tier", parseSubscriptionTier(u"enterprise_pro_plus"));
    row("grace_period is not a db status", parseSubscriptionStatus(u"grace_period"));
    row("operation", parseUsageOperation(u"streaming"));
    row("coupon type", parseCouponType(u"percent"));
    row("discount type", parseDiscountType(u"percentage_discount"));
    row("redemption", parseRedemptionStatus(u"succeeded"));
    row("license", parseLicenseStatus(u"inactive"));
    row("proration", parseProrationStatus(u"done"));
    row("credit type", parseCreditType(u"rollover"));
    row("activation", parseActivationStatus(u"inactive"));
    row("request type", parseRequestType(u"chat"));
    row("billing interval", parseBillingInterval(u"annual"));
}

void TestEnums::strictParsingRejects()
{
    QFETCH(bool, rejected);
    QFETCH(QString, code);
    QVERIFY(rejected);
    QCOMPARE(code, u"invalid_enum_value"_s);
}

void TestEnums::couponTypeMapping_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("db");
    QTest::addColumn<QString>("wire");
    QTest::newRow("percentage") << int(CouponType::Percentage) << u"percentage_discount"_s << u"percentage"_s;
    QTest::newRow("fixed") << int(CouponType::FixedAmount) << u"fixed_amount_discount"_s << u"fixed_amount"_s;
    QTest::newRow("tier") << int(CouponType::TierSpecific) << u"tier_specific_discount"_s
                          << u"tier_specific"_s;
    QTest::newRow("duration") << int(CouponType::DurationBonus) << u"duration_bonus"_s << u"duration_bonus"_s;
    QTest::newRow("migration") << int(CouponType::PerpetualMigration) << u"byok_migration"_s
                               << u"perpetual_migration"_s;
}

void TestEnums::couponTypeMapping()
{
    QFETCH(int, type);
    QFETCH(QString, db);
    QFETCH(QString, wire);
    const auto value = static_cast<CouponType>(type);
    QCOMPARE(toDbString(value), db);
    QCOMPARE(toWireString(value), wire);
    QCOMPARE(toString(value), db);
    QCOMPARE(parseCouponType(db).value(), value);
    QCOMPARE(parseCouponType(wire).value(), value);
}

void TestEnums::wireTier_data()
{
    QTest::addColumn<QString>("wire");
    QTest::addColumn<int>("tier");
    QTest::newRow("free") << u"free"_s << int(SubscriptionTier::Free);
    QTest::newRow("pro_max") << u"pro_max"_s << int(SubscriptionTier::ProMax);
    QTest::newRow("enterprise_max") << u"enterprise_max"_s << int(SubscriptionTier::EnterpriseMax);
    QTest::newRow("enterprise_pro_plus") << u"enterprise_pro_plus"_s << int(SubscriptionTier::EnterpriseMax);
    QTest::newRow("perpetual") << u"perpetual"_s << int(SubscriptionTier::Perpetual);
}

void TestEnums::wireTier()
{
    QFETCH(QString, wire);
    QFETCH(int, tier);
    QCOMPARE(parseWireTier(wire).value(), static_cast<SubscriptionTier>(tier));
}

void TestEnums::wireTierUnsupported()
{
    const auto proPlus = parseWireTier(u"pro_plus");
    QVERIFY(!proPlus);
    QCOMPARE(proPlus.error().code, u"unsupported_tier"_s);
    QCOMPARE(proPlus.error().details.value(u"tier"_s).toString(), u"pro_plus"_s); // raw name for display
    QCOMPARE(parseWireTier(u"enterprise").error().code, u"invalid_enum_value"_s);
    QCOMPARE(parseWireTier(u"PRO").error().code, u"invalid_enum_value"_s);
}

void TestEnums::wireSubscriptionStatus()
{
    QCOMPARE(parseWireSubscriptionStatus(u"grace_period").value(), SubscriptionStatus::PastDue);
    for (SubscriptionStatus s : allSubscriptionStatuses())
        QCOMPARE(parseWireSubscriptionStatus(toString(s)).value(), s);
    const auto bad = parseWireSubscriptionStatus(u"paused");
    QCOMPARE(bad.error().code, u"invalid_enum_value"_s);
    QCOMPARE(bad.error().details.value(u"value"_s).toString(), u"paused"_s);
}

QTEST_GUILESS_MAIN(TestEnums)
#include "test_enums.moc"
