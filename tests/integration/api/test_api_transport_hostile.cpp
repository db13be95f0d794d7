// ApiTransport / ApiRequest against the hostile fixture server, failures of
// the network and the server: every one ends in its specific error code,
// after the expected number of requests, with exactly one callback.
#include "core/api/http_date.h"
#include "core/domain/clock.h"
#include "tests/integration/api/transport_fixture.h"

#include <QTcpServer>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::test;
using namespace creditdesk::test::transport;

class TestApiTransportHostile : public QObject {
    Q_OBJECT

private slots:
    void serverError500IsNotRetried();
    void serviceUnavailableThenOk();
    void serviceUnavailableUntilAttemptsRunOut();
    void retryAfterOn503IsHonoured();
    void timeoutWhenNoAnswer();
    void truncatedBody();
    void connectionResetMidBody();
    void closedWithoutAnswer();
    void connectionRefused();
    void hugeBodyWithLength();
    void hugeBodyWithoutLength();
    void rateLimitedThenOk();
    void rateLimitedBeyondCap();
    void rateLimitedRetriesRunOut();
    void retryAfterAsHttpDate();
};

void TestApiTransportHostile::serverError500IsNotRetried()
{
    Fixture f;
    f.server.script({bare(500, R"({"error":{"code":"internal_server_error","message":"boom"}})")});
    int calls = 0;
    const auto result = f.run(getSpec(), &calls);
    EXPECT_ERROR(result, api::errc::internalServerError);
    QCOMPARE(calls, 1);
    QCOMPARE(f.server.requestCount(), 1);
}

void TestApiTransportHostile::serviceUnavailableThenOk()
{
    Fixture f;
    f.server.script({bare(503), bare(503), bare(200, kOk.toByteArray())});
    int calls = 0;
    const auto result = f.run(getSpec(), &calls);
    QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().message));
    QCOMPARE(result->status, 200);
    QCOMPARE(result->attempts, 3);
    QCOMPARE(calls, 1);
    QCOMPARE(f.server.requestCount(), 3);
    // Equal jitter with random() = 0: half of 500 ms, then half of 1000 ms.
    QCOMPARE(*f.delays.waits, (QList<std::int64_t>{250, 500}));
}

void TestApiTransportHostile::serviceUnavailableUntilAttemptsRunOut()
{
    Fixture f(3);
    f.server.script({bare(502, "<html>bad gateway</html>")});
    int calls = 0;
    const auto result = f.run(getSpec(), &calls);
    EXPECT_ERROR(result, api::errc::serverUnavailable);
    QCOMPARE(calls, 1);
    QCOMPARE(f.server.requestCount(), 3);
}

void TestApiTransportHostile::retryAfterOn503IsHonoured()
{
    Fixture f;
    f.server.script({bare(503, R"({"error":{"code":"service_unavailable","message":"db"}})")
                         .withHeader("Retry-After", "5"),
                     bare(200, kOk.toByteArray())});
    const auto result = f.run(getSpec());
    QVERIFY(result.has_value());
    QCOMPARE(*f.delays.waits, (QList<std::int64_t>{5000}));
}

void TestApiTransportHostile::timeoutWhenNoAnswer()
{
    Fixture f(2, 300);
    f.server.script({Reply::of(Behaviour::Hang)});
    int calls = 0;
    const auto result = f.run(getSpec(), &calls);
    EXPECT_ERROR(result, api::errc::timeout);
    QCOMPARE(calls, 1);
    QCOMPARE(f.server.requestCount(), 2);
}

void TestApiTransportHostile::truncatedBody()
{
    Fixture f(2);
    Reply cut = Reply::of(Behaviour::Truncate);
    cut.body = R"({"id":"12)";
    cut.declaredLength = 400;
    f.server.script({cut});
    int calls = 0;
    const auto result = f.run(getSpec(), &calls);
    EXPECT_ERROR(result, api::errc::invalidResponse);
    QCOMPARE(result.error().details.value(u"reason"_s).toString(), u"truncated"_s);
    QCOMPARE(calls, 1);
    QCOMPARE(f.server.requestCount(), 2);
}

void TestApiTransportHostile::connectionResetMidBody()
{
    Fixture f(2);
    Reply reset = Reply::of(Behaviour::ResetMidBody);
    reset.body = QByteArray(4000, ' ');
    f.server.script({reset});
    int calls = 0;
    const auto result = f.run(getSpec(), &calls);
    EXPECT_ERROR(result, api::errc::invalidResponse);
    QCOMPARE(result.error().details.value(u"reason"_s).toString(), u"truncated"_s);
    QCOMPARE(calls, 1);
    QCOMPARE(f.server.requestCount(), 2);
}

void TestApiTransportHostile::closedWithoutAnswer()
{
    // Qt itself re-sends a request once when a connection closes before any
    // answer (a stale keep-alive), with the same headers; the client's own
    // attempts are the distinct X-Request-IDs.
    Fixture g(2);
    g.server.script({Reply::of(Behaviour::CloseWithoutAnswer)});
    int calls = 0;
    const auto failed = g.run(getSpec(), &calls);
    EXPECT_ERROR(failed, api::errc::networkUnreachable);
    QCOMPARE(calls, 1);
    QCOMPARE(distinctRequestIds(g.server), 2);
    QVERIFY(g.server.requestCount() >= 2);
}

void TestApiTransportHostile::connectionRefused()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close(); // nothing listens there now
    RecordedDelays delays;
    ScriptedTokens tokens(u"t"_s);
    api::TransportOptions options = testTransportOptions(QUrl(u"http://127.0.0.1:%1"_s.arg(port)), delays);
    options.retry.maxAttempts = 3;
    api::ApiTransport transport(options, &tokens);
    Recorder<api::HttpResponse> recorder;
    transport.send(getSpec(), nullptr, recorder.callback());
    QVERIFY(recorder.wait());
    EXPECT_ERROR(recorder.result(), api::errc::networkUnreachable);
    QCOMPARE(delays.waits->size(), 2); // three attempts
}

void TestApiTransportHostile::hugeBodyWithLength()
{
    Fixture f;
    Reply huge = Reply::of(Behaviour::Huge);
    huge.hugeBytes = 50LL * 1024 * 1024;
    f.server.script({huge});
    int calls = 0;
    const auto result = f.run(getSpec(), &calls);
    EXPECT_ERROR(result, api::errc::responseTooLarge);
    QCOMPARE(calls, 1);
    QCOMPARE(f.server.requestCount(), 1);
}

void TestApiTransportHostile::hugeBodyWithoutLength()
{
    Fixture f;
    Reply huge = Reply::of(Behaviour::Huge);
    huge.hugeBytes = 50LL * 1024 * 1024;
    huge.omitLength = true;
    f.server.script({huge});
    int calls = 0;
    const auto result = f.run(getSpec(), &calls);
    EXPECT_ERROR(result, api::errc::responseTooLarge);
    QCOMPARE(calls, 1);
    QCOMPARE(f.server.requestCount(), 1);
}

void TestApiTransportHostile::rateLimitedThenOk()
{
    Fixture f;
    f.server.script(
        {bare(
             429,
             R"({"error":{"code":"rate_limit_exceeded","message":"slow down","details":{"limit":10,"retryAfter":7,"scope":"user"}}})")
             .withHeader("Retry-After", "2"),
         bare(200, kOk.toByteArray())});
    const auto result = f.run(getSpec());
    QVERIFY(result.has_value());
    QCOMPARE(f.server.requestCount(), 2);
    QCOMPARE(*f.delays.waits, (QList<std::int64_t>{2000}));
}

void TestApiTransportHostile::rateLimitedBeyondCap()
{
    Fixture f;
    f.server.script(
        {bare(
             429,
             R"({"error":{"code":"rate_limit_exceeded","message":"later","details":{"limit":10,"scope":"ip"}}})")
             .withHeader("Retry-After", "600")});
    int calls = 0;
    const auto result = f.run(getSpec(), &calls);
    EXPECT_ERROR(result, api::errc::rateLimited);
    QCOMPARE(result.error().details.value(u"retryAfter"_s).toInteger(), 600);
    QCOMPARE(result.error().details.value(u"scope"_s).toString(), u"ip"_s);
    QCOMPARE(calls, 1);
    QCOMPARE(f.server.requestCount(), 1);
    QVERIFY(f.delays.waits->isEmpty());
}

void TestApiTransportHostile::rateLimitedRetriesRunOut()
{
    Fixture f;
    f.server.script({bare(429).withHeader("Retry-After", "1")}); // bare 429, no envelope
    const auto result = f.run(getSpec());
    EXPECT_ERROR(result, api::errc::rateLimited);
    QCOMPARE(result.error().details.value(u"retryAfter"_s).toInteger(), 1);
    QCOMPARE(f.server.requestCount(), 1 + api::RetryPolicy().maxRateLimitRetries);
}

void TestApiTransportHostile::retryAfterAsHttpDate()
{
    HostileServer server;
    QVERIFY(server.listen());
    const std::int64_t now = 1'764'221'820'000; // 2025-11-27T05:37:00Z
    ManualClock clock(now);
    RecordedDelays delays;
    ScriptedTokens tokens(u"t"_s);
    api::TransportOptions options = testTransportOptions(server.baseUrl(), delays);
    options.clock = &clock;
    api::ApiTransport transport(options, &tokens);
    server.script({bare(429).withHeader("Retry-After", api::formatImfFixdate(now + 120'000)),
                   bare(200, kOk.toByteArray())});
    Recorder<api::HttpResponse> recorder;
    transport.send(getSpec(), nullptr, recorder.callback());
    QVERIFY(recorder.wait());
    QVERIFY(recorder.result().has_value());
    QCOMPARE(*delays.waits, (QList<std::int64_t>{120'000}));
}

QTEST_GUILESS_MAIN(TestApiTransportHostile)
#include "test_api_transport_hostile.moc"
