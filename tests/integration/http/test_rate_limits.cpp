// Rate limits (api-contract §10.7): 429 with Retry-After, RateLimit-* and
// details; --rate-limits off disables them.
#include "tests/integration/http/http_test_support.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk::test;

class TestRateLimits : public QObject {
    Q_OBJECT

private:
    static HttpReply failedLogin(const ServerHarness &server)
    {
        return postForm(server, u"/oauth/authorize"_s, {{u"transaction"_s, u"x"_s}});
    }

private slots:
    void initTestCase_data() { addDialectRows(); }

    // The sign-in form allows 10 posts per minute and IP.
    void loginFormIsLimitedPerIp()
    {
        CREDITDESK_START_SERVER(server, httpOptions(true));
        int lastRemaining = 1000;
        for (int i = 0; i < 10; ++i) {
            const HttpReply reply = failedLogin(*server);
            QCOMPARE(reply.status, 400); // an expired/forged form, but counted
            QCOMPARE(reply.header("ratelimit-limit"), QByteArray("10"));
            const int remaining = reply.header("ratelimit-remaining").toInt();
            QVERIFY(remaining < lastRemaining);
            lastRemaining = remaining;
        }
        const HttpReply limited = failedLogin(*server);
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.errorCode(), u"rate_limit_exceeded"_s);
        const int retryAfter = limited.header("retry-after").toInt();
        QVERIFY(retryAfter >= 1 && retryAfter <= 60);
        const QJsonObject details = limited.object().value(u"error"_s).toObject().value(u"details"_s).toObject();
        QCOMPARE(details.value(u"limit"_s).toInt(), 10);
        QCOMPARE(details.value(u"retryAfter"_s).toInt(), retryAfter);
        QCOMPARE(details.value(u"scope"_s).toString(), u"ip"_s);
        QCOMPARE(limited.header("ratelimit-remaining"), QByteArray("0"));
        QVERIFY(!limited.header("x-request-id").isEmpty());

        // health is never limited
        QCOMPARE(server->get(u"/health"_s).status, 200);
    }

    void bearerRoutesCarryTheDefaultLimit()
    {
        CREDITDESK_START_SERVER(server, httpOptions(true));
        const QString token = server->createUserWithToken(u"limits@example.com"_s);
        const HttpReply reply = server->get(u"/__test/bearer"_s, token);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.header("ratelimit-limit"), QByteArray("1200"));
        QCOMPARE(reply.header("ratelimit-remaining"), QByteArray("1199"));
        QVERIFY(reply.header("ratelimit-reset").toInt() >= 1);
    }

    void rateLimitsOff()
    {
        CREDITDESK_START_SERVER(server, httpOptions(false));
        for (int i = 0; i < 15; ++i)
            QCOMPARE(failedLogin(*server).status, 400);
        QVERIFY(failedLogin(*server).header("ratelimit-limit").isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRateLimits)
#include "test_rate_limits.moc"
