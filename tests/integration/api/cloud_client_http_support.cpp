#include "tests/integration/api/cloud_client_http_support.h"

#include <QCryptographicHash>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace creditdesk::test {

Account newAccount(const ServerHarness &server, const QString &name)
{
    static int counter = 0;
    Account account;
    const char *row = QTest::currentDataTag();
    account.email = u"%1-%2-%3@example.com"_s.arg(name, QLatin1StringView(row ? row : "x")).arg(++counter);
    account.token = server.createUserWithToken(account.email, &account.userId);
    return account;
}

QJsonObject adminOk(const ServerHarness &server, const QStringList &args)
{
    const ServerHarness::AdminResult result = server.admin(args);
    if (result.exitCode != 0) {
        qWarning().noquote() << "admin" << args.join(u' ') << "failed:" << result.output
                             << QString::fromUtf8(result.standardError);
        return {};
    }
    return result.output;
}

ClientFixture::ClientFixture(const ServerHarness &server, const QString &token)
    : tokens(token)
{
    client =
        std::make_unique<api::CloudClient>(testTransportOptions(server.baseUrl(), delays, 60'000), &tokens);
}

QString fingerprint(int n)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(QByteArray("device-" + QByteArray::number(n)), QCryptographicHash::Sha256)
            .toHex());
}

api::DeviceInfo device(int n)
{
    api::DeviceInfo info;
    info.fingerprint = fingerprint(n);
    info.deviceName = u"Device %1"_s.arg(n);
    info.osType = u"linux"_s;
    info.osVersion = u"6.1"_s;
    info.cpuInfo = u"x86_64"_s;
    return info;
}

ServerHarness::Options harnessOptions(bool extensions, bool rateLimits)
{
    ServerHarness::Options options;
    options.dialect = currentDialect();
    options.extensions = extensions;
    options.rateLimits = rateLimits;
    return options;
}

} // namespace creditdesk::test
