// `creditdesk-server admin`: exit codes, JSON output, and effects on a running
// server sharing the database.
#include "tests/integration/http/http_test_support.h"

#include "core/crypto/ed25519.h"

#include <QDir>
#include <QFile>
#include <QtTest>

#include <map>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::test;

class TestAdminCli : public QObject {
    Q_OBJECT

private:
    std::map<int, std::unique_ptr<ServerHarness>> m_servers;

    static void expectError(const ServerHarness::AdminResult &result, const QString &code)
    {
        QCOMPARE(result.exitCode, 2);
        const QJsonObject error = result.output.value(u"error"_s).toObject();
        QCOMPARE(error.value(u"code"_s).toString(), code);
        QVERIFY(!error.value(u"message"_s).toString().isEmpty());
    }

private slots:
    void initTestCase_data() { addDialectRows(); }
    void cleanupTestCase() { m_servers.clear(); }

    void createUser()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const auto created = server.admin({u"create-user"_s, u"--email"_s, u" New.User@Example.com "_s},
                                          "a-long-password\n");
        QCOMPARE(created.exitCode, 0);
        QCOMPARE(created.output.value(u"email"_s).toString(), u"new.user@example.com"_s);
        QCOMPARE(created.output.value(u"id"_s).toString().size(), 36);
        // the password works on the sign-in page
        const Pkce pkce = Pkce::generate();
        const BrowserSignIn signIn = signInLikeBrowser(server, u"new.user@example.com"_s, u"a-long-password"_s,
                                                       u"http://127.0.0.1:8327/callback"_s, pkce, u"s"_s);
        QCOMPARE(signIn.submitted.status, 302);

        expectError(server.admin({u"create-user"_s, u"--email"_s, u"new.user@example.com"_s}, "another-password\n"),
                    u"conflict"_s);
        expectError(server.admin({u"create-user"_s, u"--email"_s, u"not-an-email"_s}, "a-long-password\n"),
                    u"validation_error"_s);
        expectError(server.admin({u"create-user"_s, u"--email"_s, u"short@example.com"_s}, "short\n"),
                    u"validation_error"_s);
        expectError(server.admin({u"create-user"_s}, "a-long-password\n"), u"invalid_arguments"_s);
    }

    void argumentErrors()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        expectError(server.admin({u"no-such-command"_s}), u"invalid_arguments"_s);
        expectError(server.admin({u"issue-token"_s, u"--color"_s, u"red"_s}), u"invalid_arguments"_s);
        expectError(server.admin({u"issue-token"_s, u"--email"_s}), u"invalid_arguments"_s);
        expectError(server.admin({u"issue-token"_s, u"--email"_s, u"nobody@example.com"_s}), u"not_found"_s);
        expectError(server.admin({u"delete-user"_s, u"--email"_s, u"nobody@example.com"_s}), u"not_found"_s);
        const auto help = server.admin({u"--help"_s});
        QCOMPARE(help.exitCode, 0);
    }

    void issueTokenIsARealSignIn()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QString email = u"issued-%1@example.com"_s.arg(rowName());
        QVERIFY(!test::createUser(server, email).isEmpty());
        const auto issued = server.admin({u"issue-token"_s, u"--email"_s, email});
        QCOMPARE(issued.exitCode, 0);
        QCOMPARE(issued.output.value(u"token_type"_s).toString(), u"Bearer"_s);
        QCOMPARE(issued.output.value(u"expires_in"_s).toInt(), 3600);
        const QString access = issued.output.value(u"access_token"_s).toString();
        QCOMPARE(server.get(u"/__test/bearer"_s, access).status, 200);
        // the refresh token rotates like one from the sign-in page
        const HttpReply rotated = refresh(server, issued.output.value(u"refresh_token"_s).toString());
        QCOMPARE(rotated.status, 200);
        QVERIFY(!rotated.object().value(u"refresh_token"_s).toString().isEmpty());
    }

    void deleteUserKillsLiveTokens()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const QString email = u"gdpr-%1@example.com"_s.arg(rowName());
        QString userId;
        const QString token = server.createUserWithToken(email, &userId);
        QCOMPARE(server.get(u"/__test/bearer"_s, token).status, 200);
        const auto deleted = server.admin({u"delete-user"_s, u"--email"_s, email});
        QCOMPARE(deleted.exitCode, 0);
        QCOMPARE(deleted.output.value(u"id"_s).toString(), userId);
        QCOMPARE(deleted.output.value(u"deleted"_s).toBool(), true);
        QCOMPARE(server.get(u"/__test/bearer"_s, token).status, 401);
        // the email is free again
        QVERIFY(!test::createUser(server, email).isEmpty());
    }

    void serviceToken()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const auto issued = server.admin({u"issue-service-token"_s, u"--name"_s, u"gateway"_s});
        QCOMPARE(issued.exitCode, 0);
        const QString token = issued.output.value(u"service_token"_s).toString();
        QVERIFY(token.size() >= 43);
        const HttpReply reply = server.request("GET", u"/__test/service"_s, {}, QJsonValue(QJsonValue::Undefined),
                                               {{"X-Service-Token", token.toLatin1()}});
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.object().value(u"principal"_s).toObject().value(u"service"_s).toString(), u"gateway"_s);
        expectError(server.admin({u"issue-service-token"_s, u"--name"_s, u"Bad Name"_s}), u"invalid_arguments"_s);
    }

    void exportPublicKey()
    {
        CREDITDESK_SHARED_SERVER(server, m_servers, httpOptions());
        const auto exported = server.admin({u"export-public-key"_s});
        QCOMPARE(exported.exitCode, 0);
        QCOMPARE(exported.output.value(u"algorithm"_s).toString(), u"Ed25519"_s);
        const auto key = crypto::Ed25519PublicKey::fromBase64Url(exported.output.value(u"public_key"_s).toString());
        QVERIFY(key.has_value());
        QCOMPARE(exported.output.value(u"key_id"_s).toString(), key->keyId());
        // it is the key the server generated into its data dir (0600)
        const QString path = QDir(server.dataDir()).filePath(u"certificate-ed25519.pem"_s);
        const auto onDisk = crypto::Ed25519PrivateKey::loadFromFile(path);
        QVERIFY(onDisk.has_value());
        QCOMPARE(onDisk->publicKey(), *key);
        QCOMPARE(QFile::permissions(path) & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
                 QFile::Permissions());
        QCOMPARE(QFile::permissions(QDir(server.dataDir()).filePath(u"token-rsa.pem"_s))
                     & (QFile::ReadGroup | QFile::ReadOther),
                 QFile::Permissions());
    }
};

QTEST_GUILESS_MAIN(TestAdminCli)
#include "test_admin_cli.moc"
