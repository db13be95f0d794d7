// How QtKeychain failures map to secret_* codes, including the libsecret
// wording of a missing session bus or Secret Service.
#include "core/secrets/keychain_errors_p.h"
#include "core/secrets/secret_errors.h"

#include <QtTest>
#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;
using creditdesk::Error;
using creditdesk::fail;
using creditdesk::Result;
using namespace creditdesk::secrets;

class TestKeychainErrors : public QObject {
    Q_OBJECT

private slots:
    void mapping_data()
    {
        QTest::addColumn<int>("backendError");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("retried");
        const QString unavailable(errc::secretServiceUnavailable);
        QTest::newRow("entry not found") << int(QKeychain::EntryNotFound) << u"Entry not found"_s
                                         << QString(errc::secretNotFound) << false;
        QTest::newRow("locked collection")
            << int(QKeychain::AccessDenied) << u"Cannot create an item in a locked collection"_s
            << QString(errc::secretAccessDenied) << false;
        QTest::newRow("denied by user") << int(QKeychain::AccessDeniedByUser) << u"User denied"_s
                                        << QString(errc::secretAccessDenied) << false;
        QTest::newRow("no backend") << int(QKeychain::NoBackendAvailable)
                                    << u"No keychain service available"_s << unavailable << true;
        QTest::newRow("not implemented")
            << int(QKeychain::NotImplemented) << QString() << unavailable << true;
        QTest::newRow("bus socket missing")
            << int(QKeychain::OtherError) << u"Could not connect: No such file or directory"_s << unavailable
            << true;
        QTest::newRow("no bus, no display")
            << int(QKeychain::OtherError) << u"Cannot autolaunch D-Bus without X11 $DISPLAY"_s << unavailable
            << true;
        QTest::newRow("no provider")
            << int(QKeychain::OtherError)
            << u"The name org.freedesktop.secrets was not provided by any .service files"_s << unavailable
            << true;
        QTest::newRow("kwallet without bus")
            << int(QKeychain::OtherError) << u"Could not open wallet: NoServer; D-Bus is not running"_s
            << unavailable << true;
        QTest::newRow("could not delete") << int(QKeychain::CouldNotDeleteEntry) << u"Could not delete"_s
                                          << QString(errc::secretStoreFailed) << false;
        QTest::newRow("other") << int(QKeychain::OtherError) << u"Unknown error"_s
                               << QString(errc::secretStoreFailed) << false;
    }
    void mapping()
    {
        QFETCH(int, backendError);
        QFETCH(QString, message);
        QFETCH(QString, code);
        QFETCH(bool, retried);
        const keychain::Failure failure{backendError, message};
        QCOMPARE(keychain::isServiceUnavailable(failure), retried);
        const Error error = keychain::toError(keychain::Operation::Write, failure, 2);
        QCOMPARE(error.code, code);
        QCOMPARE(error.details.value(u"backend_error"_s).toInt(), backendError);
        QCOMPARE(error.details.value(u"backend_message"_s).toString(), message);
        QCOMPARE(error.details.value(u"attempts"_s).toInt(), 2);
        QVERIFY(!error.message.isEmpty());
    }

    void unavailableMessageSaysWhatToDo()
    {
        const Error error =
            keychain::toError(keychain::Operation::Read, {int(QKeychain::NoBackendAvailable), QString()}, 2);
        QVERIFY(error.message.contains(u"keyring"_s));
        QVERIFY(error.message.contains(u"GNOME Keyring"_s));
        QVERIFY(error.message.contains(u"never written to disk in plain text"_s));
    }
};

QTEST_GUILESS_MAIN(TestKeychainErrors)
#include "test_keychain_errors.moc"
