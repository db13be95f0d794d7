// Idempotency-Key (api-contract §10.4): replay, conflicts, in-progress, scopes.
#include "tests/integration/http/http_test_support.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUuid>
#include <QtTest>

#include <map>

using namespace Qt::StringLiterals;
using namespace creditdesk::test;

namespace {

QByteArray newKey()
{
    return QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
}

HttpReply echo(const ServerHarness &server, const QJsonObject &body, const QByteArray &key, const QString &token = {})
{
    QHash<QByteArray, QByteArray> headers;
    if (!key.isNull())
        headers.insert("Idempotency-Key", key);
    return server.post(u"/__test/echo"_s, body, token, headers);
}

} // namespace

class TestIdempotency : public QObject {
    Q_OBJECT

private:
    std::map<int, std::unique_ptr<ServerHarness>> m_servers;
    QString m_token;

private slots:
    void initTestCase_data() { addDialectRows(); }
    void cleanupTestCase() { m_servers.clear(); }

    void replayReturnsTheStoredAnswer()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QString token = server.createUserWithToken(u"idem-%1@example.com"_s.arg(rowName()));
        QVERIFY(!token.isEmpty());
        const QByteArray key = newKey();
        const QJsonObject body{{u"status"_s, 201}, {u"what"_s, u"order"_s}};
        const HttpReply first = echo(server, body, key, token);
        QCOMPARE(first.status, 201);
        QVERIFY(first.header("idempotent-replayed").isEmpty());
        const HttpReply second = echo(server, body, key, token);
        QCOMPARE(second.status, 201);
        QCOMPARE(second.header("idempotent-replayed"), QByteArray("true"));
        QCOMPARE(second.body, first.body); // the handler did not run again (its counter would differ)
        QVERIFY(!second.header("x-request-id").isEmpty());

        // the same key with another body, path or method is a conflict
        const HttpReply reused = echo(server, QJsonObject{{u"what"_s, u"else"_s}}, key, token);
        QCOMPARE(reused.status, 422);
        QCOMPARE(reused.errorCode(), u"idempotency_key_reused"_s);
        const HttpReply otherPath = server.request("DELETE", u"/__test/items/1"_s, token, QJsonValue(QJsonValue::Undefined),
                                                   {{"Idempotency-Key", key}});
        QCOMPARE(otherPath.status, 422);

        // keys are per user: another user may use the same key
        const QString other = server.createUserWithToken(u"idem-other-%1@example.com"_s.arg(rowName()));
        const HttpReply otherUser = echo(server, body, key, other);
        QCOMPARE(otherUser.status, 201);
        QVERIFY(otherUser.header("idempotent-replayed").isEmpty());
        QVERIFY(otherUser.body != first.body);

        // without a key nothing is replayed
        QVERIFY(echo(server, body, QByteArray(), token).body != first.body);
    }

    void clientErrorsAreStoredServerErrorsAreNot()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QString token = server.createUserWithToken(u"idem-4xx-%1@example.com"_s.arg(rowName()));
        const QByteArray key4xx = newKey();
        const QJsonObject gone{{u"status"_s, 404}};
        const HttpReply first = echo(server, gone, key4xx, token);
        QCOMPARE(first.status, 404);
        QCOMPARE(echo(server, gone, key4xx, token).header("idempotent-replayed"), QByteArray("true"));

        const QByteArray key5xx = newKey();
        const QJsonObject broken{{u"status"_s, 500}};
        const HttpReply failed = echo(server, broken, key5xx, token);
        QCOMPARE(failed.status, 500);
        const HttpReply retried = echo(server, broken, key5xx, token);
        QVERIFY(retried.header("idempotent-replayed").isEmpty());
        QVERIFY(retried.body != failed.body);

        const QByteArray key429 = newKey();
        const QJsonObject limited{{u"status"_s, 429}};
        QCOMPARE(echo(server, limited, key429, token).status, 429);
        QVERIFY(echo(server, limited, key429, token).header("idempotent-replayed").isEmpty());
    }

    void malformedKeyIs400()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QString token = server.createUserWithToken(u"idem-bad-%1@example.com"_s.arg(rowName()));
        for (const QByteArray &bad : {QByteArray("abc"), QByteArray("12345678-1234-1234-1234-1234567890123"),
                                      QByteArray("{00000000-0000-4000-8000-000000000000}")}) {
            const HttpReply reply = echo(server, QJsonObject{}, bad, token);
            QCOMPARE(reply.status, 400);
            QCOMPARE(reply.errorCode(), u"invalid_idempotency_key"_s);
        }
    }

    void concurrentDuplicateIsInProgress()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QString token = server.createUserWithToken(u"idem-slow-%1@example.com"_s.arg(rowName()));
        const QByteArray key = newKey();
        const QJsonObject body{{u"delayMs"_s, 2000}};
        QNetworkAccessManager network;
        QUrl url = server.baseUrl();
        url.setPath(u"/__test/echo"_s);
        QNetworkRequest request(url);
        request.setRawHeader("Content-Type", "application/json");
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
        request.setRawHeader("Idempotency-Key", key);
        QNetworkReply *slow = network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
        QTest::qWait(500);
        const HttpReply duplicate = echo(server, body, key, token);
        QCOMPARE(duplicate.status, 409);
        QCOMPARE(duplicate.errorCode(), u"idempotency_request_in_progress"_s);
        QCOMPARE(duplicate.header("retry-after"), QByteArray("1"));
        QTRY_VERIFY_WITH_TIMEOUT(slow->isFinished(), 10'000);
        QCOMPARE(slow->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        const QByteArray firstBody = slow->readAll();
        slow->deleteLater();
        const HttpReply replay = echo(server, body, key, token);
        QCOMPARE(replay.status, 200);
        QCOMPARE(replay.body, firstBody);
    }

    void anonymousRequestsAreScopedByLicenseKey()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QByteArray key = newKey();
        const QJsonObject body{{u"licenseKey"_s, u"REPHLO-AAAA-BBBB-CCCC-DDDD"_s}};
        const HttpReply first = echo(server, body, key);
        const HttpReply second = echo(server, body, key);
        QCOMPARE(second.header("idempotent-replayed"), QByteArray("true"));
        QCOMPARE(second.body, first.body);
        // another license with the same key is another scope
        const HttpReply other = echo(server, QJsonObject{{u"license_key"_s, u"REPHLO-ZZZZ-BBBB-CCCC-DDDD"_s}}, key);
        QVERIFY(other.header("idempotent-replayed").isEmpty());
        // anonymous without a license key: no scope, never replayed
        const QJsonObject plain{{u"x"_s, 1}};
        QVERIFY(echo(server, plain, key).body != echo(server, plain, key).body);
    }
};

QTEST_GUILESS_MAIN(TestIdempotency)
#include "test_idempotency.moc"
