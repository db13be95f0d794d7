// ApiTransport / ApiRequest against the hostile fixture server: token
// refresh, retries of writes with their Idempotency-Key, the headers of each
// attempt, abort and context lifetime, Date → clock skew, a manual proxy.
#include "core/api/http_date.h"
#include "core/domain/clock.h"
#include "tests/integration/api/transport_fixture.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::test;
using namespace creditdesk::test::transport;

class TestApiTransportRequests : public QObject {
    Q_OBJECT

private slots:
    void unauthorizedThenOkAfterRefresh();
    void unauthorizedTwiceIsSignInRequired();
    void failedRefreshIsSignInRequired();
    void noTokenIsSignInRequired();
    void postWithKeyIsRetriedWithTheSameKeyAndBody();
    void postWithoutKeyIsNotRetried();
    void postIsNotRetriedOnAServerThatIgnoresKeys();
    void idempotencyInProgressIsRetried();
    void headersStampedOnEveryAttempt();
    void abortFinishesOnceWithCancelled();
    void destroyedContextSuppressesTheCallback();
    void dateHeaderFeedsClockSkew();
    void manualHttpProxyIsUsed();
};

void TestApiTransportRequests::unauthorizedThenOkAfterRefresh()
{
    Fixture f;
    f.tokens.setRefreshTokens({u"token-2"_s});
    f.server.setHandler([](const HostileServer::Request &request) {
        if (request.header("authorization") == "Bearer token-2")
            return bare(200, kOk.toByteArray());
        return bare(401, R"({"error":{"code":"unauthorized","message":"expired"}})");
    });
    int calls = 0;
    const auto result = f.run(getSpec(), &calls);
    QVERIFY(result.has_value());
    QCOMPARE(calls, 1);
    QCOMPARE(f.tokens.refreshCount(), 1);
    QCOMPARE(f.server.requestCount(), 2);
    QCOMPARE(f.server.requests().at(0).header("authorization"), QByteArray("Bearer token-1"));
    QCOMPARE(f.server.requests().at(1).header("authorization"), QByteArray("Bearer token-2"));
}

void TestApiTransportRequests::unauthorizedTwiceIsSignInRequired()
{
    Fixture f;
    f.tokens.setRefreshTokens({u"token-2"_s});
    f.server.script({bare(401, R"({"error":{"code":"unauthorized","message":"no"}})")});
    int calls = 0;
    const auto result = f.run(getSpec(), &calls);
    EXPECT_ERROR(result, api::errc::signInRequired);
    QCOMPARE(calls, 1);
    QCOMPARE(f.tokens.refreshCount(), 1);
    QCOMPARE(f.server.requestCount(), 2);
}

void TestApiTransportRequests::failedRefreshIsSignInRequired()
{
    Fixture f; // no refresh tokens scripted: refresh fails with invalid_grant
    f.server.script({bare(401)});
    const auto result = f.run(getSpec());
    EXPECT_ERROR(result, api::errc::signInRequired);
    QCOMPARE(result.error().details.value(u"refreshError"_s).toString(), u"invalid_grant"_s);
    QCOMPARE(f.server.requestCount(), 1);
}

void TestApiTransportRequests::noTokenIsSignInRequired()
{
    Fixture f;
    f.tokens.setToken({});
    const auto result = f.run(getSpec());
    EXPECT_ERROR(result, api::errc::signInRequired);
    QCOMPARE(f.tokens.refreshCount(), 1);
    QCOMPARE(f.server.requestCount(), 0);

    // Anonymous calls go out without a token.
    f.server.script({bare(200, kOk.toByteArray())});
    api::ApiRequestSpec open = getSpec(u"/health"_s);
    open.auth = api::ApiRequestSpec::Auth::Optional;
    QVERIFY(f.run(open).has_value());
    QVERIFY(f.server.requests().last().header("authorization").isEmpty());
}

void TestApiTransportRequests::postWithKeyIsRetriedWithTheSameKeyAndBody()
{
    Fixture f;
    f.server.script({bare(504), bare(502, "<html>proxy</html>"), bare(200, kOk.toByteArray())});
    const api::ApiRequestSpec spec = postSpec(true);
    const auto result = f.run(spec);
    QVERIFY(result.has_value());
    QCOMPARE(f.server.requestCount(), 3);
    QSet<QByteArray> requestIds;
    for (const HostileServer::Request &request : f.server.requests()) {
        QCOMPARE(request.header("idempotency-key"), spec.idempotencyKey.toHeaderValue());
        QCOMPARE(request.body, spec.body);
        requestIds.insert(request.header("x-request-id"));
    }
    QCOMPARE(requestIds.size(), 3);
}

void TestApiTransportRequests::postWithoutKeyIsNotRetried()
{
    Fixture f;
    f.server.script({bare(503)});
    const auto result = f.run(postSpec(false));
    EXPECT_ERROR(result, api::errc::serverUnavailable);
    QCOMPARE(f.server.requestCount(), 1);
}

void TestApiTransportRequests::postIsNotRetriedOnAServerThatIgnoresKeys()
{
    Fixture f;
    Reply real = bare(503);
    real.creditDeskHeader = false; // the real cloud: keys are ignored (§10.4)
    f.server.script({real});
    const auto result = f.run(postSpec(true));
    EXPECT_ERROR(result, api::errc::serverUnavailable);
    QCOMPARE(f.server.requestCount(), 1);
    QCOMPARE(f.transport->serverKind(), api::ApiTransport::ServerKind::Other);
}

void TestApiTransportRequests::idempotencyInProgressIsRetried()
{
    Fixture f;
    f.server.script({bare(409, R"({"error":{"code":"idempotency_request_in_progress","message":"wait"}})")
                         .withHeader("Retry-After", "1"),
                     bare(200, kOk.toByteArray())});
    const auto result = f.run(postSpec(true));
    QVERIFY(result.has_value());
    QCOMPARE(f.server.requestCount(), 2);
    QCOMPARE(*f.delays.waits, (QList<std::int64_t>{1000}));

    Fixture g(2);
    g.server.script({bare(409, R"({"error":{"code":"idempotency_request_in_progress","message":"wait"}})")});
    const auto failed = g.run(postSpec(true));
    EXPECT_ERROR(failed, api::errc::idempotencyRequestInProgress);
    QCOMPARE(g.server.requestCount(), 2);

    Fixture h;
    h.server.script({bare(409, R"({"error":{"code":"conflict","message":"taken"}})")});
    const auto conflict = h.run(postSpec(true));
    EXPECT_ERROR(conflict, api::errc::conflict);
    QCOMPARE(h.server.requestCount(), 1);
}

void TestApiTransportRequests::headersStampedOnEveryAttempt()
{
    Fixture f;
    f.server.script({bare(503), bare(200, kOk.toByteArray())});
    QVERIFY(f.run(getSpec()).has_value());
    QCOMPARE(f.server.requestCount(), 2);
    const QRegularExpression uuid(u"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"_s);
    for (const HostileServer::Request &request : f.server.requests()) {
        QVERIFY(request.header("user-agent").startsWith("CreditDesk/" CREDITDESK_VERSION " ("));
        QVERIFY(uuid.match(QString::fromLatin1(request.header("x-request-id"))).hasMatch());
        QCOMPARE(request.header("accept"), QByteArray("application/json"));
        QVERIFY(request.header("cookie").isEmpty());
    }
    QVERIFY(f.server.requests().at(0).header("x-request-id") !=
            f.server.requests().at(1).header("x-request-id"));
}

void TestApiTransportRequests::abortFinishesOnceWithCancelled()
{
    Fixture f;
    f.server.script({Reply::of(Behaviour::Hang)});
    Recorder<api::HttpResponse> recorder;
    api::ApiRequest *request = f.transport->send(getSpec(), nullptr, recorder.callback());
    QVERIFY(QTest::qWaitFor([&] { return f.server.requestCount() == 1; }));
    request->abort();
    QVERIFY(recorder.wait());
    QTest::qWait(20);
    QCOMPARE(recorder.calls(), 1);
    EXPECT_ERROR(recorder.result(), api::errc::cancelled);
}

void TestApiTransportRequests::destroyedContextSuppressesTheCallback()
{
    Fixture f;
    f.server.script({bare(200, kOk.toByteArray())});
    Recorder<api::HttpResponse> recorder;
    auto context = std::make_unique<QObject>();
    QPointer<api::ApiRequest> request = f.transport->send(getSpec(), context.get(), recorder.callback());
    context.reset();
    QVERIFY(QTest::qWaitFor([&] { return request.isNull(); }));
    QTest::qWait(20);
    QCOMPARE(recorder.calls(), 0);
}

void TestApiTransportRequests::dateHeaderFeedsClockSkew()
{
    HostileServer server;
    QVERIFY(server.listen());
    const std::int64_t local = 1'764'221'820'000;
    ManualClock clock(local);
    RecordedDelays delays;
    ScriptedTokens tokens(u"t"_s);
    api::TransportOptions options = testTransportOptions(server.baseUrl(), delays);
    options.clock = &clock;
    api::ApiTransport transport(options, &tokens);
    QSignalSpy spy(&transport, &api::ApiTransport::serverTimeObserved);
    Reply reply = bare(200, kOk.toByteArray());
    reply.date = api::formatImfFixdate(local + 90'000); // the server is 90 s ahead
    server.script({reply});
    Recorder<api::HttpResponse> recorder;
    transport.send(getSpec(), nullptr, recorder.callback());
    QVERIFY(recorder.wait());
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.at(0).at(0).toLongLong(), local + 90'000);
    QCOMPARE(spy.at(0).at(1).toLongLong(), 90'000);
    QCOMPARE(transport.clockSkewMs(), std::optional<std::int64_t>(90'000));
    QCOMPARE(transport.lastServerTimeMs(), std::optional<std::int64_t>(local + 90'000));

    // An unparsable Date changes nothing.
    reply.date = "yesterday";
    server.script({reply});
    Recorder<api::HttpResponse> second;
    transport.send(getSpec(), nullptr, second.callback());
    QVERIFY(second.wait());
    QCOMPARE(spy.size(), 1);
}

void TestApiTransportRequests::manualHttpProxyIsUsed()
{
    // The fixture plays the proxy: a plain-HTTP request through an HTTP
    // proxy arrives with the absolute URI of a host that does not resolve.
    HostileServer proxy;
    QVERIFY(proxy.listen());
    proxy.script({bare(200, kOk.toByteArray())});
    RecordedDelays delays;
    ScriptedTokens tokens(u"t"_s);
    api::ApiTransport transport(testTransportOptions(QUrl(u"http://api.creditdesk.invalid"_s), delays),
                                &tokens);
    api::ProxySettings settings;
    settings.mode = api::ProxySettings::Mode::Http;
    settings.host = u"127.0.0.1"_s;
    settings.port = proxy.port();
    QVERIFY(transport.setProxy(settings).has_value());
    Recorder<api::HttpResponse> recorder;
    transport.send(getSpec(), nullptr, recorder.callback());
    QVERIFY(recorder.wait());
    QVERIFY2(recorder.result().has_value(),
             qPrintable(recorder.result() ? QString() : recorder.result().error().message));
    QCOMPARE(proxy.requestCount(), 1);
    QCOMPARE(proxy.requests().at(0).target, QByteArray("http://api.creditdesk.invalid/v1/users/me"));
}

QTEST_GUILESS_MAIN(TestApiTransportRequests)
#include "test_api_transport_requests.moc"
