// Concurrent deductions at the service level: 16 threads, each with its own
// connection, against one balance (domain-rules §4: no double spending).
#include "server/billing/usage_recorder.h"
#include "server/db/database_url.h"
#include "server/db/sql_values.h"
#include "tests/integration/billing/billing_test_support.h"
#include "tests/support/test_support.h"

#include <QtTest>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::server;
using namespace creditdesk::server::test;

class TestUsageConcurrency : public QObject {
    Q_OBJECT

private slots:
    void exactlyTheAffordableRequestsSucceed_data() { addDialectRows(); }
    void exactlyTheAffordableRequestsSucceed();
    void oneRequestIdIsRecordedOnce_data() { addDialectRows(); }
    void oneRequestIdIsRecordedOnce();
};

namespace {

constexpr int kThreads = 16;

struct Outcome {
    std::atomic<int> succeeded{0};
    std::atomic<int> replayed{0};
    std::atomic<int> insufficient{0};
    std::atomic<int> failed{0};
    std::atomic<bool> negativeSeen{false};
};

// Runs `inputs` over kThreads threads, each opening its own connection.
void runConcurrently(const BillingWorld &world, const QList<UsageInput> &inputs, Outcome &outcome,
                     QStringList &errors)
{
    const DatabaseConfig config = parseDatabaseUrl(world.database().url()).value();
    std::atomic<int> next{0};
    std::mutex errorLock;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            auto db = Connection::open(config, u"concurrency-%1-%2"_s.arg(t).arg(reinterpret_cast<quintptr>(&outcome)));
            if (!db) {
                std::lock_guard lock(errorLock);
                errors.append(db.error().message);
                return;
            }
            {
                UsageRecorder recorder(world.env(), *db);
                for (int i = next++; i < inputs.size(); i = next++) {
                    auto r = recorder.record(inputs.at(i));
                    if (r) {
                        (r->replayed ? outcome.replayed : outcome.succeeded)++;
                        if (r->outcome.balanceAfter.isNegative())
                            outcome.negativeSeen = true;
                    } else if (r.error().code == "insufficient_credits"_L1) {
                        outcome.insufficient++;
                    } else {
                        outcome.failed++;
                        std::lock_guard lock(errorLock);
                        errors.append(r.error().code + u": "_s + r.error().message);
                    }
                }
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
}

} // namespace

void TestUsageConcurrency::exactlyTheAffordableRequestsSucceed()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, BillingWorld::create(dialect));
    CREDITDESK_TRY(user, world->createUser(u"race@example.com"_s));
    // 0.1 credits per request ([ConvMinimum]); 30 credits in three grants = exactly 300 requests.
    CREDITDESK_VERIFY_OK(world->grant(user, 10));
    CREDITDESK_VERIFY_OK(world->grant(user, 15, CreditType::Bonus));
    CREDITDESK_VERIFY_OK(world->grant(user, 5, CreditType::Coupon));
    const Credits before = world->cachedBalance(user).value();
    QList<UsageInput> inputs;
    for (int i = 0; i < 500; ++i)
        inputs.append(world->usage(user));
    Outcome outcome;
    QStringList errors;
    runConcurrently(*world, inputs, outcome, errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
    QCOMPARE(outcome.succeeded.load(), 300);
    QCOMPARE(outcome.insufficient.load(), 200);
    QVERIFY(!outcome.negativeSeen);
    QCOMPARE(world->cachedBalance(user).value(), Credits());
    QCOMPARE(world->liveBalance(user).value(), Credits());
    QCOMPARE(world->ledgerSum(user).value(), before);
    QCOMPARE(world->count(u"token_usage_ledger"_s, user).value(), 300);
    QCOMPARE(world->count(u"credit_deduction_ledger"_s, user).value(), 300);
}

void TestUsageConcurrency::oneRequestIdIsRecordedOnce()
{
    QFETCH(Dialect, dialect);
    CREDITDESK_REQUIRE_DIALECT(dialect);
    CREDITDESK_TRY(world, BillingWorld::create(dialect));
    CREDITDESK_TRY(user, world->createUser(u"same-id@example.com"_s));
    CREDITDESK_VERIFY_OK(world->grant(user, 10));
    const UsageInput one = world->usage(user);
    QList<UsageInput> inputs;
    for (int i = 0; i < 64; ++i)
        inputs.append(one);
    Outcome outcome;
    QStringList errors;
    runConcurrently(*world, inputs, outcome, errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
    QCOMPARE(outcome.succeeded.load(), 1);
    QCOMPARE(outcome.replayed.load(), 63);
    QCOMPARE(world->count(u"token_usage_ledger"_s, user).value(), 1);
    QCOMPARE(world->cachedBalance(user).value(), Credits::parse(u"9.9").value());
}

QTEST_GUILESS_MAIN(TestUsageConcurrency)
#include "test_usage_concurrency.moc"
