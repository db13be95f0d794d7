// Helper for test_keychain_unavailable: runs one KeychainSecretStore
// operation in a process whose D-Bus environment the test controls, and
// prints {"ok":bool,"code":…,"attempts":…} on stdout.
#include "core/secrets/keychain_secret_store.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;
using creditdesk::Error;
using creditdesk::fail;
using creditdesk::Result;
using namespace creditdesk::secrets;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 2)
        return 2;
    const QString operation = args.at(1);
    KeychainSecretStore store;
    store.setRetryDelay(std::chrono::milliseconds(10));
    const auto key = SecretKey::create(u"probe.invalid:443"_s, u"probe"_s, u"refresh_token"_s);
    auto report = [&app](const Error *error) {
        QJsonObject out{{u"ok"_s, error == nullptr}};
        if (error) {
            out.insert(u"code"_s, error->code);
            out.insert(u"attempts"_s, error->details.value(u"attempts"_s));
            out.insert(u"message"_s, error->message);
        }
        std::fputs(QJsonDocument(out).toJson(QJsonDocument::Compact).constData(), stdout);
        app.quit();
    };
    auto done = [&report](const Result<void> &result) {
        report(result ? nullptr : &result.error());
    };
    if (operation == "read"_L1)
        store.read(*key,
                   [&report](const Result<QString> &result) { report(result ? nullptr : &result.error()); });
    else if (operation == "write"_L1)
        store.write(*key, u"probe-value"_s, done);
    else if (operation == "remove"_L1)
        store.remove(*key, done);
    else
        return 2;
    QTimer::singleShot(60'000, &app, [&app]() { app.exit(3); });
    return app.exec();
}
