// creditdesk-server over TLS (--tls-cert/--tls-key): https with a trusted
// certificate works, an untrusted one and plain http are refused, and bad
// TLS arguments stop the server at start with a clear error.
#include "tests/integration/http/server_harness.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk::test;

namespace {

struct TlsFiles {
    QString certificate;
    QString key;
};

// A self-signed certificate for 127.0.0.1, made with the openssl tool.
std::optional<TlsFiles> makeCertificate(const QTemporaryDir &dir, const QString &curve = u"prime256v1"_s)
{
    TlsFiles files{dir.filePath(u"server.crt"_s), dir.filePath(u"server.key"_s)};
    QProcess openssl;
    openssl.start(u"openssl"_s, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                                 u"ec_paramgen_curve:"_s + curve, u"-nodes"_s, u"-days"_s, u"2"_s, u"-subj"_s,
                                 u"/CN=127.0.0.1"_s, u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s,
                                 u"-keyout"_s, files.key, u"-out"_s, files.certificate});
    if (!openssl.waitForFinished(30'000) || openssl.exitCode() != 0) {
        qWarning() << "openssl failed:" << openssl.readAllStandardError();
        return std::nullopt;
    }
    return files;
}

QList<QSslCertificate> readCertificates(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QSslCertificate::fromData(file.readAll(), QSsl::Pem);
}

// A GET with a plain access manager that trusts only the system roots.
QNetworkReply::NetworkError getUntrusted(const QUrl &url)
{
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setTransferTimeout(10'000);
    QNetworkReply *reply = network.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QNetworkReply::NetworkError error = reply->error();
    reply->deleteLater();
    return error;
}

} // namespace

class TestTls : public QObject {
    Q_OBJECT

private slots:
    void servesHttpsWithItsCertificate()
    {
        QTemporaryDir dir;
        const auto files = makeCertificate(dir);
        QVERIFY(files);
        ServerHarness::Options options;
        options.extraArgs = {u"--tls-cert"_s, files->certificate, u"--tls-key"_s, files->key};
        options.trustedCertificates = readCertificates(files->certificate);
        QCOMPARE(options.trustedCertificates.size(), 1);
        CREDITDESK_START_SERVER(server, options);

        QCOMPARE(server->baseUrl().scheme(), u"https"_s);
        const HttpReply health = server->get(u"/health"_s);
        QVERIFY2(health.networkError.isEmpty(), qPrintable(health.networkError));
        QCOMPARE(health.status, 200);
        QCOMPARE(health.object().value(u"status"_s).toString(), u"ok"_s);

        // An authenticated round trip over TLS, too.
        const QString token = server->createUserWithToken(u"tls@example.com"_s);
        QVERIFY(!token.isEmpty());
        const HttpReply me = server->get(u"/v1/users/me"_s, token);
        QCOMPARE(me.status, 200);
        QCOMPARE(me.object().value(u"email"_s).toString(), u"tls@example.com"_s);

        // The issuer the server advertises is its https origin.
        const HttpReply discovery = server->get(u"/.well-known/openid-configuration"_s);
        QCOMPARE(discovery.status, 200);
        QVERIFY(discovery.object().value(u"issuer"_s).toString().startsWith(u"https://127.0.0.1:"_s));
    }

    void refusesUntrustedClientsAndPlainHttp()
    {
        QTemporaryDir dir;
        const auto files = makeCertificate(dir);
        QVERIFY(files);
        ServerHarness::Options options;
        options.extraArgs = {u"--tls-cert"_s, files->certificate, u"--tls-key"_s, files->key};
        options.trustedCertificates = readCertificates(files->certificate);
        CREDITDESK_START_SERVER(server, options);

        QUrl health = server->baseUrl();
        health.setPath(u"/health"_s);
        QCOMPARE(getUntrusted(health), QNetworkReply::SslHandshakeFailedError);

        QUrl plain = health;
        plain.setScheme(u"http"_s);
        QVERIFY(getUntrusted(plain) != QNetworkReply::NoError);

        // The server survives both and keeps serving.
        QCOMPARE(server->get(u"/health"_s).status, 200);
    }

    void badTlsArgumentsStopTheStart_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("message");
        QTest::newRow("certificate without key") << 0 << u"--tls-cert and --tls-key go together"_s;
        QTest::newRow("missing files") << 1 << u"cannot read --tls-cert or --tls-key"_s;
        QTest::newRow("not PEM") << 2 << u"not a PEM certificate and key"_s;
    }

    void badTlsArgumentsStopTheStart()
    {
        QFETCH(int, which);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const auto files = makeCertificate(dir);
        QVERIFY(files);
        const QString garbage = dir.filePath(u"garbage.pem"_s);
        QFile out(garbage);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        out.close();

        ServerHarness::Options options;
        switch (which) {
        case 0:
            options.extraArgs = {u"--tls-cert"_s, files->certificate};
            break;
        case 1:
            options.extraArgs = {u"--tls-cert"_s, dir.filePath(u"none.crt"_s), u"--tls-key"_s, files->key};
            break;
        default:
            options.extraArgs = {u"--tls-cert"_s, garbage, u"--tls-key"_s, garbage};
            break;
        }
        QString error;
        const auto server = ServerHarness::start(options, &error);
        QVERIFY(!server);
        QVERIFY2(error.contains(message), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestTls)
#include "test_tls.moc"
