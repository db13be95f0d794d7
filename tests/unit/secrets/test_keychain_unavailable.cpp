// Without a session bus, QtKeychain fails with GIO/D-Bus wording; the store
// must report secret_service_unavailable after one retry, never fall back to
// plain text. Each case runs in a child process (secret_store_probe) so the
// bus environment is its own.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;

class TestKeychainUnavailable : public QObject {
    Q_OBJECT

private slots:
    void reportsServiceUnavailable_data()
    {
        QTest::addColumn<QString>("operation");
        QTest::addColumn<bool>("busVariableSet");
        for (const char *operation : {"read", "write", "remove"}) {
            QTest::addRow("%s, bus socket missing", operation) << QString::fromLatin1(operation) << true;
            QTest::addRow("%s, no session bus", operation) << QString::fromLatin1(operation) << false;
        }
    }
    void reportsServiceUnavailable()
    {
        QFETCH(QString, operation);
        QFETCH(bool, busVariableSet);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"DISPLAY"_s);
        env.remove(u"WAYLAND_DISPLAY"_s);
        env.remove(u"XDG_RUNTIME_DIR"_s); // no systemd user bus either
        if (busVariableSet)
            env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/creditdesk-test-bus"_s);
        else
            env.remove(u"DBUS_SESSION_BUS_ADDRESS"_s);
        const QTemporaryDir homeDir;
        QVERIFY(homeDir.isValid());
        const QDir home(homeDir.path());
        env.insert(u"HOME"_s, home.path()); // anything written in plain text would land here
        env.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));

        QProcess probe;
        probe.setProcessEnvironment(env);
        probe.start(QStringLiteral(CREDITDESK_SECRET_STORE_PROBE), {operation});
        QVERIFY2(probe.waitForFinished(90'000), "the probe did not finish");
        QCOMPARE(probe.exitStatus(), QProcess::NormalExit);
        QCOMPARE(probe.exitCode(), 0);
        const QByteArray output = probe.readAllStandardOutput();
        const QJsonObject result = QJsonDocument::fromJson(output).object();
        QVERIFY2(!result.isEmpty(), output.constData());
        QCOMPARE(result.value(u"ok"_s).toBool(), false);
        QCOMPARE(result.value(u"code"_s).toString(), u"secret_service_unavailable"_s);
        QCOMPARE(result.value(u"attempts"_s).toInt(), 2);
        QVERIFY(result.value(u"message"_s).toString().contains(u"keyring"_s));
        // no plaintext fallback (QtKeychain's would be a QSettings file under HOME)
        for (QDirIterator it(home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
             it.hasNext();) {
            QFile file(it.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains("probe-value"), qPrintable(file.fileName()));
        }
        QVERIFY(!probe.readAllStandardError().contains("probe-value"));
    }
};

QTEST_GUILESS_MAIN(TestKeychainUnavailable)
#include "test_keychain_unavailable.moc"
