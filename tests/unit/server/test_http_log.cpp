// The access log never shows a license key in full.
#include "server/http/http_log.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using creditdesk::server::pathForLog;

class TestHttpLog : public QObject {
    Q_OBJECT

private slots:
    void pathForLog_data();
    void pathForLog();
};

void TestHttpLog::pathForLog_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("logged");
    QTest::newRow("no key") << u"/v1/usage/stats"_s << u"/v1/usage/stats"_s;
    QTest::newRow("root") << u"/"_s << u"/"_s;
    QTest::newRow("key") << u"/api/licenses/REPHLO-AB2C-DE3F-GH4J-KL5M"_s
                         << u"/api/licenses/REPHLO-****-****-****-KL5M"_s;
    QTest::newRow("key with tail") << u"/api/licenses/REPHLO-AB2C-DE3F-GH4J-KL5M/version-eligibility/2.1.0"_s
                                   << u"/api/licenses/REPHLO-****-****-****-KL5M/version-eligibility/2.1.0"_s;
    QTest::newRow("lower case key") << u"/api/licenses/rephlo-ab2c-de3f-gh4j-kl5m/devices"_s
                                    << u"/api/licenses/REPHLO-****-****-****-KL5M/devices"_s;
    QTest::newRow("malformed key") << u"/api/licenses/REPHLO-AB2C-DE3F-GH4J-KL5M-EXTRA"_s
                                   << u"/api/licenses/REPHLO-****"_s;
    QTest::newRow("trailing slash") << u"/api/licenses/me/"_s << u"/api/licenses/me/"_s;
}

void TestHttpLog::pathForLog()
{
    QFETCH(QString, path);
    QFETCH(QString, logged);
    QCOMPARE(::pathForLog(path), logged);
}

QTEST_APPLESS_MAIN(TestHttpLog)
#include "test_http_log.moc"
