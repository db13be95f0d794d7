// BalanceForecaster over a real mirror: the worked example of domain-rules §9
// and which ledger rows count.
#include "core/domain/utc_time.h"
#include "core/insights/balance_forecaster.h"
#include "core/store/mirror_errors.h"
#include "tests/unit/insights/insights_test_support.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::insights;
using namespace creditdesk::test;

namespace {

const std::int64_t kNow = *utcMs(2026, 3, 10, 12);
constexpr std::int64_t kDay = kMsPerDay;

Credits credits(QStringView text)
{
    return *Credits::parse(text);
}

} // namespace

class TestBalanceForecaster : public QObject {
    Q_OBJECT

private slots:
    // [Forecast] 1,234.50 left; 2,469.00 spent in 30 days → 82.30/day → 15 days.
    void workedExample()
    {
        InsightsMirror m;
        m.setBalance(u"1234.50"_s);
        // Spent in the window: 2,469.00.
        m.add({.credits = u"1000.00"_s, .atMs = kNow - 29 * kDay});
        m.add({.provider = u"anthropic"_s,
               .model = u"claude-sonnet-4.5"_s,
               .credits = u"1000.00"_s,
               .atMs = kNow - 10 * kDay});
        m.add({.credits = u"469.00"_s, .atMs = kNow - kMsPerHour});
        // Older than 30 days: only makes the account old enough for ÷ 30.
        m.add({.credits = u"700.00"_s, .atMs = kNow - 45 * kDay});
        // Exactly 30 × 24 h ago: outside the window.
        m.add({.credits = u"300.00"_s, .atMs = kNow - 30 * kDay});
        // BYOK costs no credits.
        m.add({.credits = u"0"_s, .byok = true, .atMs = kNow - 2 * kDay});
        // Reversed, with its correction: neither counts.
        const QString refunded = m.add({.credits = u"500.00"_s, .atMs = kNow - 5 * kDay});
        m.add({.credits = u"-500.00"_s, .atMs = kNow - 4 * kDay, .reversesId = refunded});
        // Recorded with a time after now (a skewed clock): not yet.
        m.add({.credits = u"50.00"_s, .atMs = kNow + kDay});

        BalanceForecaster forecaster(m.db());
        auto f = forecaster.forecast(kNow);
        QVERIFY2(f, qPrintable(f ? QString() : f.error().message));
        QCOMPARE(f->balance, credits(u"1234.50"));
        QCOMPARE(f->spentLast30Days, credits(u"2469.00"));
        QCOMPARE(f->burnPerDay, credits(u"82.30"));
        QCOMPARE(f->daysLeft, std::optional<std::int64_t>(15));
        QCOMPARE(f->lastsUntilMs, std::optional<std::int64_t>(*utcMs(2026, 3, 25, 12)));
        QCOMPARE(f->firstDeductionAtMs, std::optional<std::int64_t>(kNow - 45 * kDay));
        QCOMPARE(f->balanceUpdatedAtMs, 1'000);
    }

    // Younger than 30 days: ÷ the first deduction's age in days, rounded up.
    void youngAccount()
    {
        InsightsMirror m;
        m.setBalance(u"55.00"_s);
        m.add({.credits = u"40.00"_s, .atMs = kNow - 9 * kDay - 12 * kMsPerHour}); // age 9.5 → 10
        m.add({.credits = u"60.00"_s, .atMs = kNow - 2 * kDay});
        auto f = BalanceForecaster(m.db()).forecast(kNow);
        QVERIFY(f);
        QCOMPARE(f->spentLast30Days, credits(u"100.00"));
        QCOMPARE(f->burnPerDay, credits(u"10.00"));
        QCOMPARE(f->daysLeft, std::optional<std::int64_t>(5));
        QCOMPARE(f->lastsUntilMs, std::optional<std::int64_t>(kNow + 5 * kDay));
    }

    // Rows polled from a cloud without the extensions carry no BYOK flag: one
    // that cost credits is a cloud request.
    void polledRowsCount()
    {
        InsightsMirror m;
        m.setBalance(u"90.00"_s);
        m.add({.provider = u""_s, .credits = u"30.00"_s, .byok = std::nullopt, .atMs = kNow - 2 * kDay});
        m.add({.provider = u""_s, .credits = u"0"_s, .byok = std::nullopt, .atMs = kNow - kDay});
        auto f = BalanceForecaster(m.db()).forecast(kNow);
        QVERIFY2(f, qPrintable(f ? QString() : f.error().message));
        QCOMPARE(f->spentLast30Days, credits(u"30.00"));
        QCOMPARE(f->burnPerDay, credits(u"15.00"));
        QCOMPARE(f->daysLeft, std::optional<std::int64_t>(6));
    }

    void firstDayCountsAsOneDay()
    {
        InsightsMirror m;
        m.setBalance(u"10.00"_s);
        m.add({.credits = u"4.00"_s, .atMs = kNow - kMsPerHour});
        auto f = BalanceForecaster(m.db()).forecast(kNow);
        QCOMPARE(f->burnPerDay, credits(u"4.00"));
        QCOMPARE(f->daysLeft, std::optional<std::int64_t>(2));
    }

    void nothingSpentMeansNoForecast()
    {
        InsightsMirror m;
        m.setBalance(u"300.00"_s);
        m.add({.credits = u"0"_s, .byok = true, .atMs = kNow - kDay});
        m.add({.credits = u"90.00"_s, .atMs = kNow - 40 * kDay}); // only outside the window
        auto f = BalanceForecaster(m.db()).forecast(kNow);
        QVERIFY(f);
        QCOMPARE(f->spentLast30Days, Credits());
        QCOMPARE(f->burnPerDay, Credits());
        QCOMPARE(f->daysLeft, std::nullopt);
        QCOMPARE(f->lastsUntilMs, std::nullopt);
    }

    void emptyBalanceLastsZeroDays()
    {
        InsightsMirror m;
        m.setBalance(u"0"_s);
        m.add({.credits = u"5.00"_s, .atMs = kNow - kDay});
        auto f = BalanceForecaster(m.db()).forecast(kNow);
        QCOMPARE(f->daysLeft, std::optional<std::int64_t>(0));
        QCOMPARE(f->lastsUntilMs, std::optional<std::int64_t>(kNow));
    }

    void noBalanceYet()
    {
        InsightsMirror m;
        auto f = BalanceForecaster(m.db()).forecast(kNow);
        QVERIFY(!f);
        QCOMPARE(f.error().code, QString(store::errc::mirrorNotFound));
    }

    void mirrorErrorsPassThrough()
    {
        InsightsMirror m;
        m.setBalance(u"1.00"_s);
        QVERIFY(m.db().write(u"DROP TABLE token_usage_ledger"_s));
        auto f = BalanceForecaster(m.db()).forecast(kNow);
        QVERIFY(!f);
        QVERIFY(f.error().code.startsWith(u"mirror_"_s));
    }
};

QTEST_GUILESS_MAIN(TestBalanceForecaster)
#include "test_balance_forecaster.moc"
