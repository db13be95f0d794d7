// The in-memory rate limiter: fixed one-minute windows per rule, scope and key.
#include "server/http/rate_limiter.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk::server;

class TestRateLimiter : public QObject {
    Q_OBJECT

private slots:
    void serverTableMatchesTheContract()
    {
        const RateLimitTable &table = serverRateLimitTable();
        auto limit = [&table](const QString &rule, RateLimitScope scope) {
            for (const RateLimit &l : table.value(rule)) {
                if (l.scope == scope)
                    return l.perMinute;
            }
            return 0;
        };
        QCOMPARE(limit(u"coupon_validate"_s, RateLimitScope::User), 20);
        QCOMPARE(limit(u"coupon_validate"_s, RateLimitScope::Ip), 60);
        QCOMPARE(limit(u"coupon_redeem"_s, RateLimitScope::User), 5);
        QCOMPARE(limit(u"coupon_redeem"_s, RateLimitScope::Ip), 20);
        QCOMPARE(limit(u"license_activate"_s, RateLimitScope::LicenseKey), 10);
        QCOMPARE(limit(u"license_activate"_s, RateLimitScope::Ip), 30);
        QCOMPARE(limit(u"license_certificate"_s, RateLimitScope::User), 30);
        QCOMPARE(limit(u"default"_s, RateLimitScope::User), 1200);
        QVERIFY(table.value(u"none"_s).isEmpty());
    }

    void countsPerKeyAndResetsEachMinute()
    {
        RateLimiter limiter({{u"r"_s, {{RateLimitScope::User, 3}}}});
        const std::int64_t t0 = 1'700'000'020'000; // 40 s into a minute
        const QList<RateLimiter::Subject> alice{{RateLimitScope::User, u"alice"_s}};
        const QList<RateLimiter::Subject> bob{{RateLimitScope::User, u"bob"_s}};
        for (int i = 0; i < 3; ++i) {
            const auto decision = limiter.check(u"r"_s, alice, t0 + i);
            QVERIFY(decision.allowed);
            QCOMPARE(decision.limit, 3);
            QCOMPARE(decision.remaining, 2 - i);
        }
        const auto denied = limiter.check(u"r"_s, alice, t0 + 10);
        QVERIFY(!denied.allowed);
        QCOMPARE(denied.scope, RateLimitScope::User);
        QCOMPARE(denied.resetSeconds, 20);
        QVERIFY(limiter.check(u"r"_s, bob, t0 + 10).allowed);
        QVERIFY(limiter.check(u"r"_s, alice, t0 + 20'000).allowed); // next window
    }

    void tightestScopeWinsAndNothingIsCountedWhenDenied()
    {
        RateLimiter limiter({{u"r"_s, {{RateLimitScope::User, 5}, {RateLimitScope::Ip, 2}}}});
        const std::int64_t t0 = 1'700'000'000'000;
        const QList<RateLimiter::Subject> a{{RateLimitScope::Ip, u"1.1.1.1"_s}, {RateLimitScope::User, u"a"_s}};
        const QList<RateLimiter::Subject> b{{RateLimitScope::Ip, u"2.2.2.2"_s}, {RateLimitScope::User, u"a"_s}};
        QCOMPARE(limiter.check(u"r"_s, a, t0).remaining, 1);
        QVERIFY(limiter.check(u"r"_s, a, t0).allowed);
        const auto denied = limiter.check(u"r"_s, a, t0);
        QVERIFY(!denied.allowed);
        QCOMPARE(denied.scope, RateLimitScope::Ip);
        QCOMPARE(denied.limit, 2);
        // the user has used 2 of 5 (the denied request was not counted)
        const auto other = limiter.check(u"r"_s, b, t0);
        QVERIFY(other.allowed);
        QCOMPARE(other.remaining, 1); // the new IP's 2 is tighter than the user's 5 - 3
    }

    void unknownRulesAndMissingSubjects()
    {
        RateLimiter limiter({{u"r"_s, {{RateLimitScope::LicenseKey, 1}}}});
        QVERIFY(limiter.limitsOf(u"nope"_s) == nullptr);
        const auto anonymous = limiter.check(u"r"_s, {{RateLimitScope::Ip, u"1.1.1.1"_s}}, 0);
        QVERIFY(anonymous.allowed);
        QCOMPARE(anonymous.limit, 0); // no license key: this rule has nothing to count
    }

    void threadSafe()
    {
        RateLimiter limiter({{u"r"_s, {{RateLimitScope::Ip, 1000}}}});
        std::atomic<int> allowed{0};
        QList<QThread *> threads;
        for (int t = 0; t < 8; ++t) {
            threads.append(QThread::create([&limiter, &allowed] {
                for (int i = 0; i < 200; ++i) {
                    if (limiter.check(u"r"_s, {{RateLimitScope::Ip, u"ip"_s}}, 1'700'000'000'000).allowed)
                        ++allowed;
                }
            }));
            threads.last()->start();
        }
        for (QThread *thread : threads) {
            thread->wait();
            delete thread;
        }
        QCOMPARE(allowed.load(), 1000);
    }
};

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "test_rate_limiter.moc"
