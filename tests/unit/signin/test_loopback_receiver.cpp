// The loopback redirect listener: one callback, a page for the browser, and
// no crash or early end on anything else a local client may send.
#include "core/api/signin/loopback_receiver.h"
#include "core/api/signin/signin_errors.h"

#include <QHostAddress>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QtTest>

using namespace Qt::StringLiterals;
using creditdesk::Error;
using creditdesk::fail;
using creditdesk::Result;
using namespace creditdesk::api::signin;

namespace {

struct RawReply {
    int status = 0;
    QByteArray all;
};

// Sends `request` as is and reads until the receiver closes the connection.
RawReply send(quint16 port, const QByteArray &request)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QByteArray received;
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&]() { received += socket.readAll(); });
    QObject::connect(&socket, &QTcpSocket::connected, &socket, [&]() { socket.write(request); });
    QSignalSpy closed(&socket, &QTcpSocket::disconnected);
    if (!closed.wait(15'000))
        return {};
    received += socket.readAll();
    RawReply reply;
    reply.all = received;
    const QList<QByteArray> statusLine = received.left(received.indexOf("\r\n")).split(' ');
    reply.status = statusLine.value(1).toInt();
    return reply;
}

QByteArray get(const QByteArray &target)
{
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: test\r\nAccept: text/html\r\n\r\n";
}

} // namespace

Q_DECLARE_METATYPE(creditdesk::api::signin::AuthorizationCallback)

class TestLoopbackReceiver : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { qRegisterMetaType<AuthorizationCallback>(); }

    void listensOnLoopbackWithAnEphemeralPort()
    {
        LoopbackReceiver receiver;
        QVERIFY(receiver.listen(0).has_value());
        QVERIFY(receiver.isListening());
        QVERIFY(receiver.port() > 0);
        QCOMPARE(receiver.redirectUri(), QUrl(u"http://127.0.0.1:%1/callback"_s.arg(receiver.port())));
    }

    void aTakenPortFails()
    {
        LoopbackReceiver first;
        QVERIFY(first.listen(0).has_value());
        LoopbackReceiver second;
        const auto listening = second.listen(first.port());
        QVERIFY(!listening.has_value());
        QCOMPARE(listening.error().code, QString(errc::loopbackListenFailed));
        // a given free port works
        const quint16 port = first.port();
        first.close();
        QVERIFY(second.listen(port).has_value());
        QCOMPARE(second.port(), port);
    }

    void validCallback()
    {
        LoopbackReceiver receiver;
        QVERIFY(receiver.listen().has_value());
        QSignalSpy received(&receiver, &LoopbackReceiver::callbackReceived);
        const RawReply reply =
            send(receiver.port(), get("/callback?code=abc%2F123&state=st-1&iss=http%3A%2F%2F127.0.0.1%3A9"));
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.all.contains("Content-Type: text/html; charset=utf-8"));
        QVERIFY(reply.all.contains("You can close this window"));
        QVERIFY(reply.all.contains("Cache-Control: no-store"));
        QCOMPARE(received.size(), 1);
        const auto callback = received.first().first().value<AuthorizationCallback>();
        QCOMPARE(callback.code, u"abc/123"_s);
        QCOMPARE(callback.state, u"st-1"_s);
        QCOMPARE(callback.iss, u"http://127.0.0.1:9"_s);
        QVERIFY(callback.error.isEmpty());
        QVERIFY(receiver.hasReceived());
    }

    void errorCallback()
    {
        LoopbackReceiver receiver;
        QVERIFY(receiver.listen().has_value());
        QSignalSpy received(&receiver, &LoopbackReceiver::callbackReceived);
        const RawReply reply = send(
            receiver.port(), get("/callback?error=access_denied&error_description=the+user+said+no&state=s"));
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.all.contains("You can close this window"));
        QCOMPARE(received.size(), 1);
        const auto callback = received.first().first().value<AuthorizationCallback>();
        QCOMPARE(callback.error, u"access_denied"_s);
        QCOMPARE(callback.errorDescription, u"the user said no"_s);
        QVERIFY(callback.code.isEmpty());
    }

    void secondCallbackIsIgnored()
    {
        LoopbackReceiver receiver;
        QVERIFY(receiver.listen().has_value());
        QSignalSpy received(&receiver, &LoopbackReceiver::callbackReceived);
        QCOMPARE(send(receiver.port(), get("/callback?code=first&state=s")).status, 200);
        const RawReply second = send(receiver.port(), get("/callback?code=second&state=s"));
        QCOMPARE(second.status, 409);
        QVERIFY(second.all.contains("already"));
        QCOMPARE(received.size(), 1);
        QCOMPARE(received.first().first().value<AuthorizationCallback>().code, u"first"_s);
    }

    void otherRequestsDoNotEndTheWait_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::newRow("favicon") << get("/favicon.ico") << 404;
        QTest::newRow("root") << get("/") << 404;
        QTest::newRow("callback prefix") << get("/callbackx?code=a&state=s") << 404;
        QTest::newRow("callback subpath") << get("/callback/x?code=a&state=s") << 404;
        QTest::newRow("encoded path") << get("/%63allback?code=a&state=s") << 404;
        QTest::newRow("no code, no error") << get("/callback?state=s") << 400;
        QTest::newRow("empty code") << get("/callback?code=&state=s") << 400;
        QTest::newRow("duplicate state") << get("/callback?code=a&state=s&state=t") << 400;
        QTest::newRow("duplicate code") << get("/callback?code=a&code=b&state=s") << 400;
        QTest::newRow("invalid utf-8") << get("/callback?code=%FF%FE&state=s") << 400;
        QTest::newRow("post") << QByteArray(
                                     "POST /callback?code=a&state=s HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
                              << 405;
        QTest::newRow("absolute-form target") << get("http://127.0.0.1/callback?code=a") << 400;
        QTest::newRow("http/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 400;
        QTest::newRow("garbage") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 16)
                                 << 400;
        QTest::newRow("missing version") << QByteArray("GET /callback?code=a\r\n\r\n") << 400;
        QTest::newRow("extra spaces") << QByteArray("GET  /callback?code=a&state=s HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("bare newlines") << QByteArray("GET /favicon.ico HTTP/1.0\n\n") << 404;
        QTest::newRow("oversized request line")
            << QByteArray("GET /callback?code=" + QByteArray(20'000, 'a') + " HTTP/1.1\r\n\r\n") << 431;
        QTest::newRow("oversized headers")
            << QByteArray("GET /favicon.ico HTTP/1.1\r\nX-Big: " + QByteArray(9'000, 'b') + "\r\n\r\n")
            << 431;
    }
    void otherRequestsDoNotEndTheWait()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        LoopbackReceiver receiver;
        QVERIFY(receiver.listen().has_value());
        QSignalSpy received(&receiver, &LoopbackReceiver::callbackReceived);
        QCOMPARE(send(receiver.port(), request).status, status);
        QCOMPARE(received.size(), 0);
        QVERIFY(!receiver.hasReceived());
        // still waiting for the real redirect
        QCOMPARE(send(receiver.port(), get("/callback?code=real&state=s")).status, 200);
        QCOMPARE(received.size(), 1);
    }

    void requestSplitAcrossPackets()
    {
        LoopbackReceiver receiver;
        QVERIFY(receiver.listen().has_value());
        QSignalSpy received(&receiver, &LoopbackReceiver::callbackReceived);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, receiver.port());
        QVERIFY(socket.waitForConnected(5'000));
        socket.write("GET /callback?code=sp");
        socket.flush();
        QTest::qWait(50);
        socket.write("lit&state=s HTTP/1.1\r\nHost: x\r\n\r\n");
        QTRY_COMPARE(received.size(), 1);
        QCOMPARE(received.first().first().value<AuthorizationCallback>().code, u"split"_s);
    }

    void silentAndAbortedClients()
    {
        LoopbackReceiver receiver;
        QVERIFY(receiver.listen().has_value());
        QSignalSpy received(&receiver, &LoopbackReceiver::callbackReceived);
        // connections that send nothing or hang up half-way
        std::vector<std::unique_ptr<QTcpSocket>> idle;
        for (int i = 0; i < 5; ++i) {
            idle.push_back(std::make_unique<QTcpSocket>());
            idle.back()->connectToHost(QHostAddress::LocalHost, receiver.port());
            QVERIFY(idle.back()->waitForConnected(5'000));
        }
        {
            QTcpSocket half;
            half.connectToHost(QHostAddress::LocalHost, receiver.port());
            QVERIFY(half.waitForConnected(5'000));
            half.write("GET /callback?code=x");
            half.flush();
            half.abort();
        }
        QCOMPARE(send(receiver.port(), get("/callback?code=ok&state=s")).status, 200);
        QCOMPARE(received.size(), 1);
        QCOMPARE(received.first().first().value<AuthorizationCallback>().code, u"ok"_s);
    }

    void destroyedWithOpenConnections()
    {
        // one answered connection the client keeps open, one never answered
        auto receiver = std::make_unique<LoopbackReceiver>();
        QVERIFY(receiver->listen().has_value());
        QSignalSpy received(receiver.get(), &LoopbackReceiver::callbackReceived);
        QTcpSocket answered;
        answered.connectToHost(QHostAddress::LocalHost, receiver->port());
        QVERIFY(answered.waitForConnected(5'000));
        answered.write(get("/callback?code=c&state=s"));
        QTcpSocket silent;
        silent.connectToHost(QHostAddress::LocalHost, receiver->port());
        QVERIFY(silent.waitForConnected(5'000));
        QTRY_COMPARE(received.size(), 1);
        receiver.reset();
        QTRY_VERIFY(silent.state() == QAbstractSocket::UnconnectedState);
    }

    void closeStopsListening()
    {
        LoopbackReceiver receiver;
        QVERIFY(receiver.listen().has_value());
        const quint16 port = receiver.port();
        receiver.close();
        QVERIFY(!receiver.isListening());
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(!socket.waitForConnected(2'000));
    }
};

QTEST_GUILESS_MAIN(TestLoopbackReceiver)
#include "test_loopback_receiver.moc"
