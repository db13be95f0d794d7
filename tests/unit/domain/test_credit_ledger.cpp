#include "core/domain/credit_ledger.h"
#include "core/domain/utc_time.h"

#include <QTest>

#include <vector>

using namespace Qt::StringLiterals;
using namespace creditdesk;

namespace {

qint64 at(QStringView iso)
{
    return parseIsoUtc(iso).value();
}

Credits credits(QStringView text)
{
    return Credits::parse(text).value();
}

CreditGrant grant(const QString &id, CreditType type, QStringView remaining, std::optional<qint64> expires,
                  qint64 created, const QString &source = {})
{
    return CreditGrant{id, type, credits(remaining), credits(remaining), expires, created, source};
}

// [CreditsConsumeOrder], listed out of order, plus an expired grant.
std::vector<CreditGrant> consumeOrderGrants()
{
    const qint64 created = at(u"2026-01-01T00:00:00Z");
    return {
        grant(u"C"_s, CreditType::AdminGrant, u"100", std::nullopt, created),
        grant(u"B"_s, CreditType::Coupon, u"500", at(u"2026-12-31T00:00:00Z"), created),
        grant(u"X"_s, CreditType::Bonus, u"50", at(u"2026-01-10T00:00:00Z"), created),
        grant(u"A"_s, CreditType::Subscription, u"1500", at(u"2026-02-01T00:00:00Z"), created),
        grant(u"D"_s, CreditType::Bonus, u"300", at(u"2026-01-20T00:00:00Z"), created, u"rollover"_s),
    };
}

} // namespace

class TestCreditLedger : public QObject {
    Q_OBJECT

private slots:
    void consumeOrderExample();
    void orderTieBreakers();
    void expiredGrantsExcluded();
    void insufficient();
    void deductionAmountRules_data();
    void deductionAmountRules();
    void settlementNeverGoesNegative();
    void balanceOverflow();
    void rolloverExample();
    void rolloverRespectsCapAndTier_data();
    void rolloverRespectsCapAndTier();
    void rolloverCountsLiveRolloverGrants();
    void expiryDefaults();
};

void TestCreditLedger::consumeOrderExample()
{
    const auto grants = consumeOrderGrants();
    const qint64 now = at(u"2026-01-15T00:00:00Z");
    QCOMPARE(balanceAt(grants, now)->toDecimalString(), u"2400.00"_s);

    const QList<qsizetype> order = consumptionOrder(grants, now);
    QStringList ids;
    for (qsizetype i : order)
        ids.append(grants[std::size_t(i)].id);
    QCOMPARE(ids, (QStringList{u"D"_s, u"A"_s, u"B"_s, u"C"_s}));

    const auto plan = planDeduction(grants, credits(u"400.25"), now);
    QVERIFY(plan.has_value());
    QCOMPARE(plan->debits.size(), 2);
    QCOMPARE(plan->debits[0].grantId, u"D"_s);
    QCOMPARE(plan->debits[0].amount.toDecimalString(), u"300.00"_s);
    QCOMPARE(plan->debits[0].remainingAfter.toDecimalString(), u"0.00"_s);
    QCOMPARE(plan->debits[1].grantId, u"A"_s);
    QCOMPARE(plan->debits[1].index, qsizetype(3));
    QCOMPARE(plan->debits[1].amount.toDecimalString(), u"100.25"_s);
    QCOMPARE(plan->debits[1].remainingAfter.toDecimalString(), u"1399.75"_s);
    QCOMPARE(plan->balanceBefore.toDecimalString(), u"2400.00"_s);
    QCOMPARE(plan->balanceAfter.toDecimalString(), u"1999.75"_s);
    QVERIFY(plan->unbilled.isZero());
}

void TestCreditLedger::orderTieBreakers()
{
    const qint64 expires = at(u"2026-03-01T00:00:00Z");
    const std::vector<CreditGrant> grants = {
        grant(u"b"_s, CreditType::Bonus, u"1", expires, 20),
        grant(u"z"_s, CreditType::Bonus, u"1", expires, 10),
        grant(u"a"_s, CreditType::Bonus, u"1", expires, 20),
        grant(u"n2"_s, CreditType::AdminGrant, u"1", std::nullopt, 5),
        grant(u"n1"_s, CreditType::AdminGrant, u"1", std::nullopt, 1),
        grant(u"empty"_s, CreditType::Bonus, u"0", expires, 0),
    };
    QStringList ids;
    for (qsizetype i : consumptionOrder(grants, 0))
        ids.append(grants[std::size_t(i)].id);
    QCOMPARE(ids, (QStringList{u"z"_s, u"a"_s, u"b"_s, u"n1"_s, u"n2"_s}));
}

void TestCreditLedger::expiredGrantsExcluded()
{
    const auto grants = consumeOrderGrants();
    // At D's expiry instant D is gone (live means expires_at > now).
    const qint64 dExpiry = at(u"2026-01-20T00:00:00Z");
    QCOMPARE(balanceAt(grants, dExpiry - 1)->toDecimalString(), u"2400.00"_s);
    QCOMPARE(balanceAt(grants, dExpiry)->toDecimalString(), u"2100.00"_s);
    QVERIFY(!isLive(grants[4], dExpiry));
    QVERIFY(isLive(grants[0], std::numeric_limits<qint64>::max()));
    const auto plan = planDeduction(grants, credits(u"10"), dExpiry);
    QCOMPARE(plan->debits.first().grantId, u"A"_s);
    // Before 01-10 the 50 in X counts and goes first.
    QCOMPARE(balanceAt(grants, at(u"2026-01-09T00:00:00Z"))->toDecimalString(), u"2450.00"_s);
    QCOMPARE(planDeduction(grants, credits(u"10"), at(u"2026-01-09T00:00:00Z"))->debits.first().grantId,
             u"X"_s);
}

void TestCreditLedger::insufficient()
{
    const auto grants = consumeOrderGrants();
    const qint64 now = at(u"2026-01-15T00:00:00Z");
    const auto plan = planDeduction(grants, credits(u"2400.01"), now);
    QVERIFY(!plan.has_value());
    QCOMPARE(plan.error().code, u"insufficient_credits"_s);
    QCOMPARE(plan.error().details.value(u"required_credits"_s).toString(), u"2400.01"_s);
    QCOMPARE(plan.error().details.value(u"available_credits"_s).toString(), u"2400.00"_s);
    QVERIFY(planDeduction(grants, credits(u"2400"), now).has_value()); // exactly the balance
    QCOMPARE(planDeduction({}, credits(u"0.01"), now).error().code, u"insufficient_credits"_s);
}

void TestCreditLedger::deductionAmountRules_data()
{
    QTest::addColumn<qint64>("units");
    QTest::addColumn<QString>("code");
    QTest::newRow("zero") << qint64(0) << u"invalid_amount"_s;
    QTest::newRow("negative") << qint64(-100) << u"invalid_amount"_s;
    QTest::newRow("finer than 0.01") << qint64(1'050) << u"invalid_amount"_s;
    QTest::newRow("one cu") << qint64(1) << u"invalid_amount"_s;
    QTest::newRow("0.01") << qint64(100) << QString();
}

void TestCreditLedger::deductionAmountRules()
{
    QFETCH(qint64, units);
    QFETCH(QString, code);
    const auto grants = consumeOrderGrants();
    const auto amount = Credits::fromUnits(units).value();
    const auto plan = planDeduction(grants, amount, at(u"2026-01-15T00:00:00Z"));
    const auto settle = planSettlement(grants, amount, at(u"2026-01-15T00:00:00Z"));
    if (code.isEmpty()) {
        QVERIFY(plan.has_value());
        QVERIFY(settle.has_value());
    } else {
        QCOMPARE(plan.error().code, code);
        QCOMPARE(settle.error().code, code);
    }
}

void TestCreditLedger::settlementNeverGoesNegative()
{
    const auto grants = consumeOrderGrants();
    const qint64 now = at(u"2026-01-15T00:00:00Z");
    const auto plan = planSettlement(grants, credits(u"2500.50"), now);
    QVERIFY(plan.has_value());
    QCOMPARE(plan->charged.toDecimalString(), u"2400.00"_s);
    QCOMPARE(plan->unbilled.toDecimalString(), u"100.50"_s);
    QCOMPARE(plan->balanceAfter.toDecimalString(), u"0.00"_s);
    QCOMPARE(plan->debits.size(), 4);
    for (const GrantDebit &d : plan->debits)
        QVERIFY(d.remainingAfter.isZero());

    const auto covered = planSettlement(grants, credits(u"400.25"), now);
    QVERIFY(covered->unbilled.isZero());
    QCOMPARE(covered->balanceAfter.toDecimalString(), u"1999.75"_s);

    const auto empty = planSettlement({}, credits(u"3.20"), now);
    QVERIFY(empty->debits.isEmpty());
    QCOMPARE(empty->unbilled.toDecimalString(), u"3.20"_s);
}

void TestCreditLedger::balanceOverflow()
{
    const auto max = Credits::fromUnits(Credits::kMaxUnits).value();
    const std::vector<CreditGrant> grants = {
        CreditGrant{u"a"_s, CreditType::AdminGrant, max, max, {}, 0, {}},
        CreditGrant{u"b"_s, CreditType::AdminGrant, max, max, {}, 0, {}}};
    QCOMPARE(balanceAt(grants, 0).error().code, u"amount_overflow"_s);
    QCOMPARE(planDeduction(grants, credits(u"1"), 0).error().code, u"amount_overflow"_s);
}

void TestCreditLedger::rolloverExample()
{
    // [CreditsRollover]: pro, E = 2026-02-01, A has 1,399.75, no live rollover.
    const auto r =
        planRollover(SubscriptionTier::Pro, credits(u"1399.75"), Credits(), at(u"2026-02-01T00:00:00Z"));
    QVERIFY(r.has_value());
    QVERIFY(r->has_value());
    QCOMPARE(r->value().amount.toDecimalString(), u"750.00"_s);
    QCOMPARE(toIsoUtc(r->value().expiresAtMs), u"2026-03-01T00:00:00.000Z"_s);
}

void TestCreditLedger::rolloverRespectsCapAndTier_data()
{
    QTest::addColumn<int>("tier");
    QTest::addColumn<QString>("ending");
    QTest::addColumn<QString>("live");
    QTest::addColumn<QString>("expected"); // empty = no grant
    QTest::addColumn<QString>("expires");
    QTest::newRow("floor of remaining") << int(SubscriptionTier::Pro) << u"120.99"_s << u"0"_s << u"120.00"_s
                                        << u"2026-03-01T00:00:00.000Z"_s;
    QTest::newRow("room left under cap") << int(SubscriptionTier::Pro) << u"1399.75"_s << u"600"_s
                                         << u"150.00"_s << u"2026-03-01T00:00:00.000Z"_s;
    QTest::newRow("fractional room floors") << int(SubscriptionTier::Pro) << u"1399.75"_s << u"600.50"_s
                                            << u"149.00"_s << u"2026-03-01T00:00:00.000Z"_s;
    QTest::newRow("cap full") << int(SubscriptionTier::Pro) << u"1399.75"_s << u"750"_s << QString()
                              << QString();
    QTest::newRow("below one credit")
        << int(SubscriptionTier::Pro) << u"0.99"_s << u"0"_s << QString() << QString();
    QTest::newRow("pro_max six months") << int(SubscriptionTier::ProMax) << u"20000"_s << u"0"_s
                                        << u"12500.00"_s << u"2026-08-01T00:00:00.000Z"_s;
    QTest::newRow("enterprise_pro three months") << int(SubscriptionTier::EnterprisePro) << u"100"_s << u"0"_s
                                                 << u"100.00"_s << u"2026-05-01T00:00:00.000Z"_s;
    QTest::newRow("free has none") << int(SubscriptionTier::Free) << u"200"_s << u"0"_s << QString()
                                   << QString();
    QTest::newRow("perpetual has none")
        << int(SubscriptionTier::Perpetual) << u"10"_s << u"0"_s << QString() << QString();
}

void TestCreditLedger::rolloverRespectsCapAndTier()
{
    QFETCH(int, tier);
    QFETCH(QString, ending);
    QFETCH(QString, live);
    QFETCH(QString, expected);
    QFETCH(QString, expires);
    const auto r = planRollover(static_cast<SubscriptionTier>(tier), credits(ending), credits(live),
                                at(u"2026-02-01T00:00:00Z"));
    QVERIFY(r.has_value());
    QCOMPARE(r->has_value(), !expected.isEmpty());
    if (*r) {
        QCOMPARE(r->value().amount.toDecimalString(), expected);
        QCOMPARE(toIsoUtc(r->value().expiresAtMs), expires);
    }
    QCOMPARE(planRollover(SubscriptionTier::Pro, credits(u"-1"), Credits(), 0).error().code,
             u"invalid_amount"_s);
}

void TestCreditLedger::rolloverCountsLiveRolloverGrants()
{
    const qint64 e = at(u"2026-02-01T00:00:00Z");
    const std::vector<CreditGrant> grants = {
        grant(u"r1"_s, CreditType::Bonus, u"500", at(u"2026-02-15T00:00:00Z"), 0, u"rollover"_s),
        grant(u"r0"_s, CreditType::Bonus, u"700", e, 0, u"rollover"_s), // expires at E: not live
        grant(u"b"_s, CreditType::Bonus, u"900", at(u"2026-04-01T00:00:00Z"), 0, u"promo"_s),
    };
    const auto r = planRollover(SubscriptionTier::Pro, credits(u"1399.75"), grants, e);
    QCOMPARE(r->value().amount.toDecimalString(), u"250.00"_s);
}

void TestCreditLedger::expiryDefaults()
{
    const qint64 granted = at(u"2026-01-31T10:00:00Z");
    const qint64 windowEnd = at(u"2026-02-28T00:00:00Z");
    auto expiry = [&](CreditType type, std::optional<qint64> window = {}, std::optional<qint64> given = {}) {
        return defaultExpiry(ExpiryInput{type, granted, window, given});
    };
    QCOMPARE(expiry(CreditType::Subscription, windowEnd)->value(), windowEnd);
    QCOMPARE(expiry(CreditType::Subscription).error().code, u"invalid_argument"_s);
    QCOMPARE(toIsoUtc(expiry(CreditType::Bonus)->value()), u"2026-04-30T10:00:00.000Z"_s);
    QCOMPARE(toIsoUtc(expiry(CreditType::Coupon)->value()), u"2027-01-31T10:00:00.000Z"_s);
    QCOMPARE(toIsoUtc(expiry(CreditType::Referral)->value()), u"2027-01-31T10:00:00.000Z"_s);
    QVERIFY(!expiry(CreditType::AdminGrant)->has_value());
    QCOMPARE(expiry(CreditType::AdminGrant, {}, windowEnd)->value(), windowEnd);
    QCOMPARE(defaultExpiry(ExpiryInput{CreditType::Coupon, at(u"9999-06-01T00:00:00Z"), {}, {}}).error().code,
             u"invalid_argument"_s);
}

QTEST_GUILESS_MAIN(TestCreditLedger)
#include "test_credit_ledger.moc"
