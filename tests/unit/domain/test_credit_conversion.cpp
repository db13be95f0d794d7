#include "core/domain/credit_conversion.h"

#include <QTest>

#include <vector>

using namespace Qt::StringLiterals;
using namespace creditdesk;

namespace {

// $ per 1M → 1e-8 USD per 1k: $3 → 300,000.
ModelPrice sonnet()
{
    ModelPrice p;
    p.provider = u"anthropic"_s;
    p.modelId = u"claude-sonnet-4.5"_s;
    p.rates.inputE8 = 300'000;
    p.rates.outputE8 = 1'500'000;
    p.contextThresholdTokens = 200'000;
    p.highContextRates.inputE8 = 600'000;
    p.highContextRates.outputE8 = 2'250'000;
    p.highContextRates.cacheReadE8 = 60'000;
    return p;
}

ModelPrice gpt4oMini()
{
    ModelPrice p;
    p.provider = u"openai"_s;
    p.modelId = u"gpt-4o-mini"_s;
    p.rates.inputE8 = 15'000;
    p.rates.outputE8 = 60'000;
    p.cacheReadDefault = CacheReadDefault::FiftyPercent;
    return p;
}

MultiplierRule rule(MultiplierScope scope, std::optional<SubscriptionTier> tier, const QString &provider,
                    const QString &model, int m, qint64 from = 0)
{
    MultiplierRule r;
    r.scope = scope;
    r.tier = tier;
    r.provider = provider;
    r.modelId = model;
    r.multiplierHundredths = m;
    r.effectiveFromMs = from;
    return r;
}

} // namespace

class TestCreditConversion : public QObject {
    Q_OBJECT

private slots:
    void examples_data();
    void examples();
    void byok();
    void highContextThresholdIsExclusive();
    void cacheDefaults();
    void cancelledStreamBillsHundredOutputTokens();
    void zeroUsageIsFree();
    void invalidInputs();
    void multiplierValidation();
    void multiplierCascade();
    void multiplierFilters();
    void priceSelection();
    void increments();
    void estimate();
};

void TestCreditConversion::examples_data()
{
    QTest::addColumn<int>("model"); // 0 sonnet, 1 gpt-4o-mini
    QTest::addColumn<qint64>("in");
    QTest::addColumn<qint64>("out");
    QTest::addColumn<qint64>("cacheRead");
    QTest::addColumn<int>("m");
    QTest::addColumn<qint64>("inc");
    QTest::addColumn<qint64>("costE8");
    QTest::addColumn<QString>("credits");
    QTest::addColumn<qint64>("marginE8");
    const auto tenth = qint64(CreditIncrement::Tenth);
    const auto hundredth = qint64(CreditIncrement::Hundredth);
    const auto whole = qint64(CreditIncrement::Whole);
    QTest::newRow("ConvPlan112") << 0 << qint64(500) << qint64(1'500) << qint64(0) << 130 << tenth
                                 << qint64(2'400'000) << u"3.20"_s << qint64(800'000);
    QTest::newRow("plan's own, inc 1") << 0 << qint64(500) << qint64(1'500) << qint64(0) << 150 << whole
                                       << qint64(2'400'000) << u"4.00"_s << qint64(1'600'000);
    QTest::newRow("plan's own, inc 0.1") << 0 << qint64(500) << qint64(1'500) << qint64(0) << 150 << tenth
                                         << qint64(2'400'000) << u"3.60"_s << qint64(1'200'000);
    QTest::newRow("ConvMinimum") << 1 << qint64(1'200) << qint64(300) << qint64(0) << 150 << tenth
                                 << qint64(36'000) << u"0.10"_s << qint64(64'000);
    QTest::newRow("ConvMinimum inc 0.01") << 1 << qint64(1'200) << qint64(300) << qint64(0) << 150
                                          << hundredth << qint64(36'000) << u"0.06"_s << qint64(24'000);
    QTest::newRow("ConvHighContext") << 0 << qint64(210'000) << qint64(2'000) << qint64(40'000) << 125
                                     << tenth << qint64(132'900'000) << u"166.20"_s << qint64(33'300'000);
    QTest::newRow("ConvHighContext inc 0.01")
        << 0 << qint64(210'000) << qint64(2'000) << qint64(40'000) << 125 << hundredth << qint64(132'900'000)
        << u"166.13"_s << qint64(33'230'000);
    QTest::newRow("ConvHighContext inc 1")
        << 0 << qint64(210'000) << qint64(2'000) << qint64(40'000) << 125 << whole << qint64(132'900'000)
        << u"167.00"_s << qint64(34'100'000);
}

void TestCreditConversion::examples()
{
    QFETCH(int, model);
    QFETCH(qint64, in);
    QFETCH(qint64, out);
    QFETCH(qint64, cacheRead);
    QFETCH(int, m);
    QFETCH(qint64, inc);
    QFETCH(qint64, costE8);
    QFETCH(QString, credits);
    QFETCH(qint64, marginE8);
    ChargeInput input;
    input.usage = TokenUsage{in, out, 0, cacheRead};
    input.multiplierHundredths = m;
    input.increment = static_cast<CreditIncrement>(inc);
    const auto charge = chargeForUsage(model == 0 ? sonnet() : gpt4oMini(), input);
    QVERIFY(charge.has_value());
    QCOMPARE(charge->costE8, costE8);
    QCOMPARE(charge->credits.toDecimalString(), credits);
    QCOMPARE(charge->multiplierHundredths, m);
    QCOMPARE(charge->valueE8, charge->credits.units() * 100);
    QCOMPARE(charge->marginE8, marginE8);
    QVERIFY(!charge->byok);
}

void TestCreditConversion::byok()
{
    // [ConvByok]: 0 credits; the cost is recorded for information.
    ChargeInput input;
    input.usage = TokenUsage{500, 1'500, 0, 0};
    input.byok = true;
    input.multiplierHundredths = 0; // not checked for BYOK
    const auto charge = chargeForUsage(sonnet(), input);
    QVERIFY(charge.has_value());
    QVERIFY(charge->credits.isZero());
    QCOMPARE(charge->costE8, 2'400'000);
    QCOMPARE(charge->multiplierHundredths, 0);
    QCOMPARE(charge->valueE8, 0);
    QCOMPARE(charge->marginE8, 0);
    QVERIFY(charge->byok);
}

void TestCreditConversion::highContextThresholdIsExclusive()
{
    // 200,000 input tokens is not above the threshold: normal prices.
    const auto atThreshold = vendorCostPicoUsd(sonnet(), TokenUsage{200'000, 0, 0, 0});
    QVERIFY(atThreshold == Int128(200'000) * 300'000 * 10);
    const auto above = vendorCostPicoUsd(sonnet(), TokenUsage{200'001, 0, 0, 0});
    QVERIFY(above == Int128(200'001) * 600'000 * 10);
    // Missing high-context output price falls back to the normal one.
    ModelPrice p = sonnet();
    p.highContextRates.outputE8.reset();
    QVERIFY(vendorCostPicoUsd(p, TokenUsage{200'001, 10, 0, 0}) ==
            Int128(200'001) * 6'000'000 + 10 * 15'000'000);
}

void TestCreditConversion::cacheDefaults()
{
    // Cache write defaults to the input price; cache read to 10 % (OpenAI 50 %).
    const auto sonnetCost = vendorCostPicoUsd(sonnet(), TokenUsage{0, 0, 1'000, 1'000});
    QVERIFY(sonnetCost == Int128(1'000) * 300'000 * 10 + Int128(1'000) * 30'000 * 10);
    const auto miniCost = vendorCostPicoUsd(gpt4oMini(), TokenUsage{0, 0, 0, 1'000});
    QVERIFY(miniCost == Int128(1'000) * 7'500 * 10);
    ModelPrice explicitPrice = gpt4oMini();
    explicitPrice.rates.cacheReadE8 = 1'000;
    explicitPrice.rates.cacheWriteE8 = 20'000;
    QVERIFY(vendorCostPicoUsd(explicitPrice, TokenUsage{0, 0, 3, 1'000}) ==
            Int128(1'000) * 1'000 * 10 + Int128(3) * 20'000 * 10);
}

void TestCreditConversion::cancelledStreamBillsHundredOutputTokens()
{
    ChargeInput input;
    input.usage = TokenUsage{0, 0, 0, 0};
    input.cancelledStreamWithoutUsage = true;
    input.multiplierHundredths = 130;
    const auto charge = chargeForUsage(sonnet(), input);
    QCOMPARE(charge->billedUsage.outputTokens, kCancelledStreamOutputTokens);
    QCOMPARE(charge->costE8, 150'000);                      // 100 × $15 / 1M = $0.0015
    QCOMPARE(charge->credits.toDecimalString(), u"0.20"_s); // 0.195 → 0.2
}

void TestCreditConversion::zeroUsageIsFree()
{
    ChargeInput input;
    const auto charge = chargeForUsage(sonnet(), input);
    QVERIFY(charge->credits.isZero());
    QCOMPARE(charge->costE8, 0);
}

void TestCreditConversion::invalidInputs()
{
    ChargeInput input;
    input.usage.inputTokens = -1;
    QCOMPARE(chargeForUsage(sonnet(), input).error().code, u"invalid_argument"_s);
    input.usage.inputTokens = kMaxTokens + 1;
    QCOMPARE(chargeForUsage(sonnet(), input).error().code, u"invalid_argument"_s);

    input.usage = TokenUsage{1, 1, 0, 0};
    ModelPrice noOutput = sonnet();
    noOutput.rates.outputE8.reset();
    QCOMPARE(chargeForUsage(noOutput, input).error().code, u"invalid_amount"_s);
    ModelPrice negative = sonnet();
    negative.rates.inputE8 = -1;
    QCOMPARE(chargeForUsage(negative, input).error().code, u"invalid_amount"_s);
    ModelPrice tooBig = sonnet();
    tooBig.rates.cacheReadE8 = kMaxPriceE8 + 1;
    QCOMPARE(chargeForUsage(tooBig, input).error().code, u"invalid_amount"_s);

    // $100+ for one request leaves the Decimal(10,8) cost column.
    input.usage = TokenUsage{0, 70'000'000, 0, 0}; // $105 of output
    QCOMPARE(chargeForUsage(sonnet(), input).error().code, u"amount_overflow"_s);
    input.usage = TokenUsage{0, 6'666'666, 0, 0}; // $99.99999 is fine
    QVERIFY(chargeForUsage(sonnet(), input).has_value());
    // The largest cost at the largest multiplier stays far inside the credits column.
    input.multiplierHundredths = kMaxMultiplier;
    QCOMPARE(chargeForUsage(sonnet(), input)->credits.toDecimalString(), u"999900.00"_s);

    input.multiplierHundredths = 99;
    QCOMPARE(chargeForUsage(sonnet(), input).error().code, u"invalid_multiplier"_s);
}

void TestCreditConversion::multiplierValidation()
{
    QCOMPARE(validateMultiplier(100).value(), 100);
    QCOMPARE(validateMultiplier(9'999).value(), 9'999);
    QCOMPARE(validateMultiplier(99).error().code, u"invalid_multiplier"_s);
    QCOMPARE(validateMultiplier(0).error().code, u"invalid_multiplier"_s);
    QCOMPARE(validateMultiplier(10'000).error().code, u"invalid_multiplier"_s);
}

void TestCreditConversion::multiplierCascade()
{
    const QString a = u"anthropic"_s;
    const QString s = u"claude-sonnet-4.5"_s;
    std::vector<MultiplierRule> rules = {
        rule(MultiplierScope::Tier, SubscriptionTier::Pro, {}, {}, 130),
        rule(MultiplierScope::Provider, std::nullopt, a, {}, 140),
        rule(MultiplierScope::Model, std::nullopt, a, s, 160),
        rule(MultiplierScope::Combination, SubscriptionTier::Pro, a, s, 165),
    };
    auto resolve = [&](SubscriptionTier tier, const QString &provider, const QString &model) {
        return resolveMultiplier(rules, tier, provider, model, 1'000);
    };
    QCOMPARE(resolve(SubscriptionTier::Pro, a, s).hundredths, 165);
    QCOMPARE(resolve(SubscriptionTier::Pro, a, s).scope, MultiplierScope::Combination);
    QCOMPARE(resolve(SubscriptionTier::ProMax, a, s).hundredths, 160); // no combination for pro_max
    QCOMPARE(resolve(SubscriptionTier::Pro, a, u"claude-haiku"_s).hundredths, 140);
    QCOMPARE(resolve(SubscriptionTier::Pro, u"openai"_s, u"gpt-4o"_s).hundredths, 130);
    QCOMPARE(resolve(SubscriptionTier::Pro, u"openai"_s, u"gpt-4o"_s).scope, MultiplierScope::Tier);
    const auto fallback = resolve(SubscriptionTier::Free, u"openai"_s, u"gpt-4o"_s);
    QCOMPARE(fallback.hundredths, kDefaultMultiplier);
    QVERIFY(!fallback.scope);
}

void TestCreditConversion::multiplierFilters()
{
    const QString a = u"anthropic"_s;
    std::vector<MultiplierRule> rules;
    rules.push_back(rule(MultiplierScope::Tier, SubscriptionTier::Pro, {}, {}, 120, 100));
    rules.push_back(rule(MultiplierScope::Tier, SubscriptionTier::Pro, {}, {}, 125, 500)); // newest
    auto future = rule(MultiplierScope::Tier, SubscriptionTier::Pro, {}, {}, 190, 5'000);
    rules.push_back(future);
    auto inactive = rule(MultiplierScope::Tier, SubscriptionTier::Pro, {}, {}, 191, 900);
    inactive.active = false;
    rules.push_back(inactive);
    auto unapproved = rule(MultiplierScope::Tier, SubscriptionTier::Pro, {}, {}, 192, 900);
    unapproved.approved = false;
    rules.push_back(unapproved);
    auto ended = rule(MultiplierScope::Tier, SubscriptionTier::Pro, {}, {}, 193, 900);
    ended.effectiveUntilMs = 999;
    rules.push_back(ended);
    auto belowOne = rule(MultiplierScope::Tier, SubscriptionTier::Pro, {}, {}, 90, 950);
    rules.push_back(belowOne);
    auto tieredProvider =
        rule(MultiplierScope::Provider, SubscriptionTier::Pro, a, {}, 170, 0); // not tier-less
    rules.push_back(tieredProvider);

    QCOMPARE(resolveMultiplier(rules, SubscriptionTier::Pro, a, u"m"_s, 1'000).hundredths, 125);
    QCOMPARE(resolveMultiplier(rules, SubscriptionTier::Pro, a, u"m"_s, 999).hundredths,
             193); // until inclusive
    QCOMPARE(resolveMultiplier(rules, SubscriptionTier::Pro, a, u"m"_s, 6'000).hundredths, 190);
    QCOMPARE(resolveMultiplier(rules, SubscriptionTier::Pro, a, u"m"_s, 200).hundredths, 120);
    QCOMPARE(resolveMultiplier(rules, SubscriptionTier::Pro, a, u"m"_s, 50).hundredths, kDefaultMultiplier);
}

void TestCreditConversion::priceSelection()
{
    ModelPrice old = sonnet();
    old.effectiveFromMs = 0;
    old.rates.inputE8 = 1;
    ModelPrice current = sonnet();
    current.effectiveFromMs = 1'000;
    ModelPrice retired = sonnet();
    retired.effectiveFromMs = 2'000;
    retired.active = false;
    const std::vector<ModelPrice> rows = {old, current, retired, gpt4oMini()};

    QCOMPARE(*selectPrice(rows, u"anthropic", u"claude-sonnet-4.5", 1'500)->rates.inputE8, 300'000);
    QCOMPARE(*selectPrice(rows, u"anthropic", u"claude-sonnet-4.5", 500)->rates.inputE8, 1);
    QCOMPARE(selectPrice(rows, u"openai", u"gpt-4o-mini", 0)->modelId, u"gpt-4o-mini"_s);
    const auto missing = selectPrice(rows, u"anthropic", u"claude-opus", 1'500);
    QCOMPARE(missing.error().code, u"pricing_not_found"_s);
    QCOMPARE(missing.error().details.value(u"model_id"_s).toString(), u"claude-opus"_s);
    QCOMPARE(selectPrice(rows, u"openai", u"claude-sonnet-4.5", 1'500).error().code, u"pricing_not_found"_s);
    QCOMPARE(selectPrice(rows, u"anthropic", u"claude-sonnet-4.5", -1).error().code, u"pricing_not_found"_s);
}

void TestCreditConversion::increments()
{
    QCOMPARE(parseCreditIncrement(u"0.01").value(), CreditIncrement::Hundredth);
    QCOMPARE(parseCreditIncrement(u"0.1").value(), CreditIncrement::Tenth);
    QCOMPARE(parseCreditIncrement(u"0.10").value(), CreditIncrement::Tenth);
    QCOMPARE(parseCreditIncrement(u"1.0").value(), CreditIncrement::Whole);
    QCOMPARE(parseCreditIncrement(u"1").value(), CreditIncrement::Whole);
    QCOMPARE(parseCreditIncrement(u"0.5").error().code, u"invalid_argument"_s);
    QCOMPARE(parseCreditIncrement(u"abc").error().code, u"invalid_argument"_s);
    QCOMPARE(incrementUnits(CreditIncrement::Tenth), 1'000);
}

void TestCreditConversion::estimate()
{
    // 2,000 chars → 500 input tokens; 4,096 output; × 1.30 × 1.1 → 90.0042 tenths → 9.10.
    const auto e = estimateCharge(sonnet(), 2'000, kDefaultEstimateMaxTokens, 130, CreditIncrement::Tenth);
    QCOMPARE(e->toDecimalString(), u"9.10"_s);
    // ceil(chars / 4): 1 char is one token
    const auto tiny = estimateCharge(gpt4oMini(), 1, 0, 100, CreditIncrement::Hundredth);
    QCOMPARE(tiny->toDecimalString(), u"0.01"_s);
    QCOMPARE(estimateCharge(sonnet(), -1, 0, 130, CreditIncrement::Tenth).error().code,
             u"invalid_argument"_s);
    QCOMPARE(estimateCharge(sonnet(), 1, 1, 50, CreditIncrement::Tenth).error().code,
             u"invalid_multiplier"_s);
}

QTEST_GUILESS_MAIN(TestCreditConversion)
#include "test_credit_conversion.moc"
