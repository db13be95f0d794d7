// CostComparison against a hand-computed ledger, and the built-in list
// prices against the reference server's seed.
#include "core/domain/utc_time.h"
#include "core/insights/cost_comparison.h"
#include "core/insights/list_prices.h"
#include "tests/unit/insights/insights_test_support.h"

#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::insights;
using namespace creditdesk::test;

namespace {

const std::int64_t kFrom = *utcMs(2026, 3, 1);
const std::int64_t kTo = *utcMs(2026, 4, 1);
constexpr std::int64_t kDay = kMsPerDay;

Money cents(std::int64_t value)
{
    return *Money::fromCents(value);
}

Credits credits(QStringView text)
{
    return *Credits::parse(text);
}

std::optional<std::int64_t> sqlPrice(const QString &token)
{
    if (token == u"NULL"_s)
        return std::nullopt;
    return token.toLongLong();
}

} // namespace

class TestCostComparison : public QObject {
    Q_OBJECT

private slots:
    // Every figure below is worked out by hand (domain-rules §5 prices per 1k
    // tokens; 1 credit = 1 cent):
    //  gpt-4o-mini 1,200/300           $0.00036   ([ConvMinimum])     0.10 credits
    //  sonnet-4.5 500/1,500            $0.024     ([ConvPlan112])     3.20
    //  sonnet-4.5 >200k 210,000/2,000/40,000 read $1.329 ([ConvHighContext]) 166.20
    //  gemini-2.5-flash 10,000/5,000   $0.0155                        1.90
    //  gpt-4o 2,000/1,000              $0.015                         5.00, corrected by −5.00
    //  gpt-4o 1,000/500/400 cached     $0.008 (cache read 1.25/1M)    1.10
    //  mystery-model (no price)        —                              12.00
    // Cloud 184.50 credits = 184.5¢ → 185¢; priced 172.50 → 173¢;
    // own keys $1.39186 → 139¢; savings 34¢.
    void handComputedLedger()
    {
        InsightsMirror m;
        const std::int64_t t = kFrom + 3 * kDay;
        m.add({.model = u"gpt-4o-mini"_s, .input = 1200, .output = 300, .credits = u"0.10"_s, .atMs = kFrom});
        m.add({.provider = u"anthropic"_s,
               .model = u"claude-sonnet-4.5"_s,
               .input = 500,
               .output = 1500,
               .credits = u"3.20"_s,
               .atMs = t});
        m.add({.provider = u"anthropic"_s,
               .model = u"claude-sonnet-4.5"_s,
               .input = 210'000,
               .output = 2000,
               .cached = 40'000,
               .credits = u"166.20"_s,
               .atMs = t + kDay});
        m.add({.provider = u"google"_s,
               .model = u"gemini-2.5-flash"_s,
               .input = 10'000,
               .output = 5000,
               .credits = u"1.90"_s,
               .atMs = t + 2 * kDay});
        const QString refunded = m.add({.model = u"gpt-4o"_s,
                                        .input = 2000,
                                        .output = 1000,
                                        .credits = u"5.00"_s,
                                        .atMs = t + 3 * kDay});
        m.add({.model = u"gpt-4o"_s, .credits = u"-5.00"_s, .atMs = t + 4 * kDay, .reversesId = refunded});
        m.add({.model = u"gpt-4o"_s,
               .input = 1000,
               .output = 500,
               .cached = 400,
               .credits = u"1.10"_s,
               .atMs = t + 5 * kDay});
        m.add({.provider = u"unknown"_s,
               .model = u"mystery-model"_s,
               .input = 1000,
               .output = 1000,
               .credits = u"12.00"_s,
               .atMs = t + 6 * kDay});
        // Not part of the comparison: BYOK, before the period, at its (exclusive) end.
        m.add({.provider = u"anthropic"_s,
               .model = u"claude-sonnet-4.5"_s,
               .input = 10'000,
               .output = 10'000,
               .credits = u"0"_s,
               .byok = true,
               .atMs = t});
        m.add(
            {.model = u"gpt-4o"_s, .input = 9000, .output = 9000, .credits = u"100.00"_s, .atMs = kFrom - 1});
        m.add({.model = u"gpt-4o"_s, .input = 9000, .output = 9000, .credits = u"100.00"_s, .atMs = kTo});

        CostComparison comparison(m.db(), providerListPrices());
        auto r = comparison.compare(kFrom, kTo);
        QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
        QCOMPARE(r->fromMs, kFrom);
        QCOMPARE(r->toMs, kTo);
        QCOMPARE(r->cloudCredits, credits(u"184.50"));
        QCOMPARE(r->cloudValue, cents(185));
        QCOMPARE(r->comparedCloudValue, cents(173));
        QCOMPARE(r->ownKeyCost, cents(139));
        QCOMPARE(r->savings, cents(34));
        QCOMPARE(r->requests, 7);
        QCOMPARE(r->unpricedRequests, 1);
        QCOMPARE(r->unpricedCredits, credits(u"12.00"));

        QCOMPARE(r->models.size(), 5);
        const ModelCost &sonnet = r->models.at(0);
        QCOMPARE(sonnet.provider, u"anthropic"_s);
        QCOMPARE(sonnet.modelId, u"claude-sonnet-4.5"_s);
        QCOMPARE(sonnet.requests, 2);
        QCOMPARE(sonnet.tokens.inputTokens, 210'500);
        QCOMPARE(sonnet.tokens.outputTokens, 3500);
        QCOMPARE(sonnet.tokens.cacheReadTokens, 40'000);
        QCOMPARE(sonnet.credits, credits(u"169.40"));
        QCOMPARE(sonnet.creditValue, cents(169));
        QCOMPARE(sonnet.ownKeyCost, std::optional<Money>(cents(135))); // $1.353

        const ModelCost &mystery = r->models.at(1);
        QCOMPARE(mystery.modelId, u"mystery-model"_s);
        QCOMPARE(mystery.creditValue, cents(12));
        QCOMPARE(mystery.ownKeyCost, std::nullopt);
        QCOMPARE(mystery.unpricedRequests, 1);

        QCOMPARE(r->models.at(2).modelId, u"gemini-2.5-flash"_s);
        QCOMPARE(r->models.at(2).creditValue, cents(2));                      // 1.9¢
        QCOMPARE(r->models.at(2).ownKeyCost, std::optional<Money>(cents(2))); // 1.55¢

        const ModelCost &gpt4o = r->models.at(3);
        QCOMPARE(gpt4o.modelId, u"gpt-4o"_s);
        QCOMPARE(gpt4o.requests, 2); // the correction is not a request
        QCOMPARE(gpt4o.credits, credits(u"1.10"));
        QCOMPARE(gpt4o.tokens.inputTokens, 3000);
        QCOMPARE(gpt4o.tokens.cacheReadTokens, 400);
        QCOMPARE(gpt4o.ownKeyCost, std::optional<Money>(cents(2))); // $0.023

        QCOMPARE(r->models.at(4).modelId, u"gpt-4o-mini"_s);
        QCOMPARE(r->models.at(4).creditValue, cents(0));
        QCOMPARE(r->models.at(4).ownKeyCost, std::optional<Money>(cents(0)));
    }

    // A cloud without the extensions sends neither provider nor BYOK flag:
    // a row that cost credits is cloud, and a model listed by one provider
    // only is priced as that provider's.
    void polledRowsWithoutProvider()
    {
        InsightsMirror m;
        m.add({.provider = u""_s,
               .model = u"gpt-4o-mini"_s,
               .input = 1'000'000,
               .credits = u"19.50"_s,
               .byok = std::nullopt,
               .atMs = kFrom});
        m.add({.provider = u""_s,
               .model = u"claude-sonnet-4.5"_s,
               .input = 500,
               .output = 1500,
               .credits = u"0"_s,
               .byok = std::nullopt,
               .atMs = kFrom}); // no credits: BYOK (or nothing billed)
        m.add({.provider = u""_s,
               .model = u"mystery-model"_s,
               .input = 10,
               .credits = u"1.00"_s,
               .byok = std::nullopt,
               .atMs = kFrom});
        auto r = CostComparison(m.db(), providerListPrices()).compare(kFrom, kTo);
        QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
        QCOMPARE(r->requests, 2);
        QCOMPARE(r->cloudCredits, credits(u"20.50"));
        QCOMPARE(r->cloudValue, cents(21));         // 20.5¢
        QCOMPARE(r->comparedCloudValue, cents(20)); // 19.5¢
        QCOMPARE(r->ownKeyCost, cents(15));         // $0.15 per 1M input
        QCOMPARE(r->savings, cents(5));
        QCOMPARE(r->unpricedRequests, 1);
        QCOMPARE(r->models.size(), 2);
        QCOMPARE(r->models.at(0).provider, u"openai"_s);
        QCOMPARE(r->models.at(0).modelId, u"gpt-4o-mini"_s);
        QCOMPARE(r->models.at(1).provider, QString());
        QCOMPARE(r->models.at(1).ownKeyCost, std::nullopt);
    }

    void emptyPeriod()
    {
        InsightsMirror m;
        auto r = CostComparison(m.db(), providerListPrices()).compare(kFrom, kTo);
        QVERIFY(r);
        QCOMPARE(r->cloudCredits, Credits());
        QCOMPARE(r->ownKeyCost, Money());
        QCOMPARE(r->savings, Money());
        QVERIFY(r->models.isEmpty());
    }

    void ownKeysCanCostMore()
    {
        // A price list where the vendor charges more than the credits paid.
        InsightsMirror m;
        m.add({.model = u"gpt-4o"_s, .input = 1'000'000, .output = 0, .credits = u"100.00"_s, .atMs = kFrom});
        auto r = CostComparison(m.db(), providerListPrices()).compare(kFrom, kTo);
        QCOMPARE(r->comparedCloudValue, cents(100));
        QCOMPARE(r->ownKeyCost, cents(250)); // $2.50 per 1M input
        QCOMPARE(r->savings, cents(-150));
    }

    void priceRowsFollowTheirDates()
    {
        InsightsMirror m;
        m.add({.model = u"gpt-4o"_s, .input = 1'000'000, .credits = u"300.00"_s, .atMs = kFrom + kDay});
        QList<ModelPrice> prices = providerListPrices();
        for (ModelPrice &p : prices)
            p.effectiveFromMs = kFrom + 2 * kDay; // not yet effective for the request
        auto r = CostComparison(m.db(), prices).compare(kFrom, kTo);
        QCOMPARE(r->unpricedRequests, 1);
        QCOMPARE(r->ownKeyCost, Money());
        QCOMPARE(r->comparedCloudValue, Money());
        QCOMPARE(r->cloudValue, cents(300));
    }

    void periodMustBeOrdered()
    {
        InsightsMirror m;
        auto r = CostComparison(m.db(), {}).compare(kTo, kFrom);
        QVERIFY(!r);
        QCOMPARE(r.error().code, u"invalid_argument"_s);
        QCOMPARE(CostComparison(m.db(), {}).compare(kFrom, kFrom).error().code, u"invalid_argument"_s);
    }

    // The app's copy of the list prices equals the server's seed rows.
    void listPricesMatchTheServerSeed()
    {
        QFile seed(QStringLiteral(CREDITDESK_BILLING_SEED_SQL));
        QVERIFY(seed.open(QIODevice::ReadOnly));
        const QString sql = QString::fromUtf8(seed.readAll());
        QHash<QString, QString> providerNames;
        static const QRegularExpression providerRow(uR"(\('([0-9a-f-]{36})', '([a-z]+)', '[^']*'\))"_s);
        for (auto it = providerRow.globalMatch(sql); it.hasNext();) {
            const auto match = it.next();
            providerNames.insert(match.captured(1), match.captured(2));
        }
        QCOMPARE(providerNames.size(), 6);
        static const QRegularExpression priceRow(
            uR"(\('[0-9a-f-]{36}', '([0-9a-f-]{36})', '([^']+)', ([0-9]+), ([0-9]+), (NULL|[0-9]+), (NULL|[0-9]+), (NULL|[0-9]+), (NULL|[0-9]+), (NULL|[0-9]+), (NULL|[0-9]+), ([0-9]+)\))"_s);
        QList<ModelPrice> fromSeed;
        for (auto it = priceRow.globalMatch(sql); it.hasNext();) {
            const auto match = it.next();
            ModelPrice p;
            p.provider = providerNames.value(match.captured(1));
            p.modelId = match.captured(2);
            p.rates = {match.captured(3).toLongLong(), match.captured(4).toLongLong(),
                       sqlPrice(match.captured(5)), sqlPrice(match.captured(6))};
            p.contextThresholdTokens = sqlPrice(match.captured(7));
            p.highContextRates = {sqlPrice(match.captured(8)), sqlPrice(match.captured(9)), std::nullopt,
                                  sqlPrice(match.captured(10))};
            p.effectiveFromMs = match.captured(11).toLongLong();
            fromSeed.append(p);
        }
        const QList<ModelPrice> ours = providerListPrices();
        QCOMPARE(ours.size(), fromSeed.size());
        QCOMPARE(ours.size(), 14);
        for (qsizetype i = 0; i < ours.size(); ++i) {
            const ModelPrice &a = ours.at(i);
            const ModelPrice &b = fromSeed.at(i);
            QCOMPARE(a.provider, b.provider);
            QCOMPARE(a.modelId, b.modelId);
            QCOMPARE(a.rates.inputE8, b.rates.inputE8);
            QCOMPARE(a.rates.outputE8, b.rates.outputE8);
            QCOMPARE(a.rates.cacheWriteE8, b.rates.cacheWriteE8);
            QCOMPARE(a.rates.cacheReadE8, b.rates.cacheReadE8);
            QCOMPARE(a.contextThresholdTokens, b.contextThresholdTokens);
            QCOMPARE(a.highContextRates.inputE8, b.highContextRates.inputE8);
            QCOMPARE(a.highContextRates.outputE8, b.highContextRates.outputE8);
            QCOMPARE(a.highContextRates.cacheReadE8, b.highContextRates.cacheReadE8);
            QCOMPARE(a.effectiveFromMs, b.effectiveFromMs);
            QCOMPARE(a.cacheReadDefault == CacheReadDefault::FiftyPercent, a.provider == u"openai"_s);
        }
    }
};

QTEST_GUILESS_MAIN(TestCostComparison)
#include "test_cost_comparison.moc"
