// The HTTP layer over a real server: health, §10.8 headers, routing errors,
// JSON input, body limits, concurrency and --extensions off.
#include "tests/integration/http/http_test_support.h"

#include "server/db/connection.h"
#include "server/db/database_url.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QUuid>
#include <QtTest>

#include <map>

using namespace Qt::StringLiterals;
using namespace creditdesk::test;

class TestHttpBasics : public QObject {
    Q_OBJECT

private:
    std::map<int, std::unique_ptr<ServerHarness>> m_servers;

private slots:
    void initTestCase_data() { addDialectRows(); }
    void cleanupTestCase() { m_servers.clear(); }

    void health()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const HttpReply health = server.get(u"/health"_s);
        QCOMPARE(health.status, 200);
        const QJsonObject body = health.object();
        QCOMPARE(body.value(u"status"_s).toString(), u"ok"_s);
        QVERIFY(body.value(u"timestamp"_s).toString().endsWith(u'Z'));
        QVERIFY(body.value(u"uptime"_s).isDouble());
        QVERIFY(!body.value(u"version"_s).toString().isEmpty());
        QCOMPARE(body.value(u"services"_s).toObject().value(u"database"_s).toString(), u"connected"_s);
        QVERIFY(body.value(u"memory"_s).toObject().contains(u"used"_s));

        const HttpReply ready = server.get(u"/health/ready"_s);
        QCOMPARE(ready.status, 200);
        QCOMPARE(ready.object().value(u"status"_s).toString(), u"ready"_s);
        QCOMPARE(ready.object().value(u"checks"_s).toObject().value(u"database"_s).toString(), u"healthy"_s);

        const HttpReply live = server.get(u"/health/live"_s);
        QCOMPARE(live.status, 200);
        QCOMPARE(live.object().value(u"status"_s).toString(), u"alive"_s);
        QVERIFY(live.header("cache-control").isEmpty()); // anonymous
    }

    void requestIdIsEchoedOrReplaced_data()
    {
        QTest::addColumn<QByteArray>("sent");
        QTest::addColumn<bool>("echoed");
        QTest::newRow("uuid") << QUuid::createUuid().toByteArray(QUuid::WithoutBraces) << true;
        QTest::newRow("all allowed chars") << QByteArray("Abc-123_x.y:z") << true;
        QTest::newRow("128 chars") << QByteArray(128, 'a') << true;
        QTest::newRow("129 chars") << QByteArray(129, 'a') << false;
        QTest::newRow("space") << QByteArray("has space") << false;
        QTest::newRow("slash") << QByteArray("a/b") << false;
        QTest::newRow("none") << QByteArray() << false;
    }
    void requestIdIsEchoedOrReplaced()
    {
        QFETCH(QByteArray, sent);
        QFETCH(bool, echoed);
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        QHash<QByteArray, QByteArray> headers;
        if (!sent.isEmpty())
            headers.insert("X-Request-ID", sent);
        // on a success, an error envelope and an OAuth error alike
        for (const QString &path : {u"/health"_s, u"/no/such/route"_s}) {
            const HttpReply reply = server.request("GET", path, {}, QJsonValue(QJsonValue::Undefined), headers);
            const QByteArray id = reply.header("x-request-id");
            if (echoed)
                QCOMPARE(id, sent);
            else
                QVERIFY2(!QUuid::fromString(QLatin1StringView(id)).isNull(), id.constData());
        }
        const HttpReply oauth = postForm(server, u"/oauth/token"_s, {{u"grant_type"_s, u"nope"_s}}, headers);
        QCOMPARE(oauth.status, 400);
        QVERIFY(!oauth.header("x-request-id").isEmpty());
        if (echoed)
            QCOMPARE(oauth.header("x-request-id"), sent);
    }

    void dateHeaderIsImfFixdate()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const HttpReply reply = server.get(u"/health/live"_s);
        const QString date = QString::fromLatin1(reply.header("date"));
        static const QRegularExpression imf(
            uR"(^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$)"_s);
        QVERIFY2(imf.match(date).hasMatch(), qPrintable(date));
        QDateTime parsed = QLocale::c().toDateTime(date.chopped(4), u"ddd, dd MMM yyyy hh:mm:ss"_s);
        parsed.setTimeZone(QTimeZone::utc());
        QVERIFY(parsed.isValid());
        QVERIFY(qAbs(parsed.secsTo(QDateTime::currentDateTimeUtc())) < 120);
    }

    void authenticatedResponsesAreNotCached()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QString token = server.createUserWithToken(u"nocache-%1@example.com"_s.arg(rowName()));
        QVERIFY(!token.isEmpty());
        const HttpReply reply = server.get(u"/__test/bearer"_s, token);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.header("cache-control"), QByteArray("no-store"));
        QCOMPARE(server.get(u"/__test/bearer"_s, u"garbage"_s).header("cache-control"), QByteArray("no-store"));
        QCOMPARE(reply.header("x-creditdesk-server"), QByteArray(CREDITDESK_VERSION));
    }

    void unknownRouteIsNotFoundEnvelope()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        for (const QByteArray &method : {QByteArray("GET"), QByteArray("POST"), QByteArray("PATCH")}) {
            const HttpReply reply = server.request(method, u"/v1/definitely/not/here"_s);
            QCOMPARE(reply.status, 404);
            QCOMPARE(reply.errorCode(), u"not_found"_s);
            QVERIFY(!reply.object().value(u"error"_s).toObject().value(u"message"_s).toString().isEmpty());
            QVERIFY(reply.header("content-type").startsWith("application/json"));
        }
    }

    void wrongMethodIs405()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const HttpReply reply = server.request("DELETE", u"/health"_s);
        QCOMPARE(reply.status, 405);
        QCOMPARE(reply.errorCode(), u"method_not_allowed"_s);
        QVERIFY(reply.header("allow").contains("GET"));
    }

    void literalSegmentsBeatParameters()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        QCOMPARE(server.get(u"/__test/items/special"_s).object().value(u"special"_s).toBool(), true);
        const HttpReply param = server.get(u"/__test/items/abc%20def"_s);
        QCOMPARE(param.object().value(u"params"_s).toObject().value(u"id"_s).toString(), u"abc def"_s);
        QCOMPARE(server.get(u"/__test/items/abc/"_s).status, 200); // trailing slash
        QCOMPARE(server.get(u"/__test/items/abc/more"_s).status, 404);
    }

    void malformedJsonIsInvalidRequest_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("truncated") << QByteArray("{\"a\":");
        QTest::newRow("not json") << QByteArray("hello");
        QTest::newRow("array") << QByteArray("[1,2]");
        QTest::newRow("empty") << QByteArray(" ");
    }
    void malformedJsonIsInvalidRequest()
    {
        QFETCH(QByteArray, body);
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const HttpReply reply = server.request("POST", u"/__test/echo"_s, {}, QJsonValue(QJsonValue::Undefined),
                                               {{"Content-Type", "application/json"}}, &body);
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.errorCode(), u"invalid_request"_s);
    }

    void validationErrorsNameTheFields()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const HttpReply reply =
            server.post(u"/__test/echo"_s, QJsonObject{{u"status"_s, u"201"_s}, {u"amount"_s, true}});
        QCOMPARE(reply.status, 422);
        QCOMPARE(reply.errorCode(), u"validation_error"_s);
        const QJsonObject details = reply.object().value(u"error"_s).toObject().value(u"details"_s).toObject();
        QVERIFY(details.contains(u"status"_s));
        QVERIFY(details.contains(u"amount"_s));
    }

    void decimalsKeepTheirText()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QByteArray body = "{\"amount\": 12.50, \"nested\": {\"amount\": 1}}";
        const HttpReply reply = server.request("POST", u"/__test/echo"_s, {}, QJsonValue(QJsonValue::Undefined),
                                               {{"Content-Type", "application/json"}}, &body);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.object().value(u"amountText"_s).toString(), u"12.50"_s);
    }

    void oversizedBodyIs413()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const HttpReply reply =
            server.post(u"/__test/echo"_s, QJsonObject{{u"padding"_s, QString(2000, u'x')}});
        QCOMPARE(reply.status, 413);
        QCOMPARE(reply.errorCode(), u"payload_too_large"_s);
    }

    // A slow handler runs on a worker: other clients keep getting answers.
    void slowRequestsDoNotBlockOthers()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        QNetworkAccessManager network;
        QList<QNetworkReply *> slow;
        QUrl url = server.baseUrl();
        url.setPath(u"/__test/slow"_s);
        url.setQuery(u"ms=2500"_s);
        // separate connections: QNAM opens up to 6 per host
        for (int i = 0; i < 6; ++i)
            slow.append(network.get(QNetworkRequest(url)));
        QTest::qWait(300);
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(server.get(u"/health/live"_s).status, 200);
        QVERIFY2(timer.elapsed() < 1500, qPrintable(u"took %1 ms"_s.arg(timer.elapsed())));
        for (QNetworkReply *reply : slow) {
            QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10'000);
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            reply->deleteLater();
        }
    }

    void extensionsOff()
    {
        CREDITDESK_START_SERVER(server, httpOptions(false, false));
        const HttpReply health = server->get(u"/health"_s);
        QCOMPARE(health.status, 200);
        QVERIFY(!health.headers.contains("x-creditdesk-server"));
        const HttpReply extension = server->get(u"/__test/extension"_s);
        QCOMPARE(extension.status, 404);
        QCOMPARE(extension.errorCode(), u"not_found"_s);
        for (const QString &path : {u"/api/licenses/certificate?fingerprint=abc"_s, u"/api/licenses/public-keys"_s}) {
            const HttpReply reply = server->get(path);
            QCOMPARE(reply.status, 404);
            QCOMPARE(reply.errorCode(), u"license_not_found"_s);
        }
        CREDITDESK_SHARED_SERVER(withExtensions, m_servers, httpOptions());
        QCOMPARE(withExtensions.get(u"/__test/extension"_s).status, 200);
    }

    // PostgreSQL only: the server keeps answering while its database is gone.
    void readinessFollowsTheDatabase()
    {
        if (currentDialect() != ServerHarness::Dialect::PostgreSql)
            QSKIP("needs a database that can be taken away: the PostgreSQL row covers it");
        CREDITDESK_START_SERVER(server, httpOptions());
        const auto cluster = creditdesk::server::parseDatabaseUrl(qEnvironmentVariable("CREDITDESK_TEST_PG_URL"));
        QVERIFY(cluster.has_value());
        auto admin = creditdesk::server::Connection::open(*cluster, u"http-basics-admin"_s);
        QVERIFY(admin.has_value());
        const QString name = QUrl(server->databaseUrl()).path().sliced(1);
        auto run = [&admin](const QString &sql) {
            const auto done = creditdesk::server::execStatement(admin->database(), sql);
            QVERIFY2(done.has_value(), qPrintable(done ? QString() : done.error().message));
        };
        run(u"ALTER DATABASE "_s + name + u" ALLOW_CONNECTIONS false"_s);
        run(u"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"_s + name + u"'"_s);

        const HttpReply down = server->get(u"/health/ready"_s);
        QCOMPARE(down.status, 503);
        QCOMPARE(down.object().value(u"status"_s).toString(), u"not_ready"_s);
        const HttpReply health = server->get(u"/health"_s);
        QCOMPARE(health.status, 200);
        QCOMPARE(health.object().value(u"services"_s).toObject().value(u"database"_s).toString(), u"disconnected"_s);
        QCOMPARE(server->get(u"/health/live"_s).status, 200);

        run(u"ALTER DATABASE "_s + name + u" ALLOW_CONNECTIONS true"_s);
        QTRY_COMPARE_WITH_TIMEOUT(server->get(u"/health/ready"_s).status, 200, 10'000);
    }
};

QTEST_GUILESS_MAIN(TestHttpBasics)
#include "test_http_basics.moc"
