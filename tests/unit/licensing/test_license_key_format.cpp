#include "core/domain/error.h"
#include "core/licensing/license_key_format.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace creditdesk;
using namespace creditdesk::licensing;

class TestLicenseKeyFormat : public QObject {
    Q_OBJECT

private slots:
    void acceptsAndNormalizes_data();
    void acceptsAndNormalizes();
    void namesTheProblem_data();
    void namesTheProblem();
};

void TestLicenseKeyFormat::acceptsAndNormalizes_data()
{
    QTest::addColumn<QString>("input");
    QTest::newRow("canonical") << u"REPHLO-AB2C-DE3F-GH4J-7XQ2"_s;
    QTest::newRow("lower case") << u"rephlo-ab2c-de3f-gh4j-7xq2"_s;
    QTest::newRow("padded, spaced") << u"  REPHLO-AB2C -DE3F- GH4J-7XQ2 \n"_s;
}

void TestLicenseKeyFormat::acceptsAndNormalizes()
{
    QFETCH(QString, input);
    const auto key = checkLicenseKey(input);
    QVERIFY(key.has_value());
    QCOMPARE(*key, u"REPHLO-AB2C-DE3F-GH4J-7XQ2"_s);
}

void TestLicenseKeyFormat::namesTheProblem_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QJsonObject>("details");
    QTest::newRow("empty") << u"   "_s << u"empty"_s << QJsonObject{};
    QTest::newRow("other product") << u"ACME-AB2C-DE3F-GH4J-7XQ2"_s << u"prefix"_s << QJsonObject{};
    QTest::newRow("plan 110 shape") << u"REPHLO-PERP-AB2C-DE3F-GH4J-7XQ2"_s << u"group_count"_s
                                    << QJsonObject{{u"groups"_s, 5}};
    QTest::newRow("three groups") << u"REPHLO-AB2C-DE3F-GH4J"_s << u"group_count"_s
                                  << QJsonObject{{u"groups"_s, 3}};
    QTest::newRow("short group") << u"REPHLO-AB2C-DE3-GH4J-7XQ2"_s << u"group_length"_s
                                 << QJsonObject{{u"group"_s, 2}, {u"length"_s, 3}};
    QTest::newRow("zero") << u"REPHLO-AB2C-DE3F-GH4J-7XQ0"_s << u"character"_s
                          << QJsonObject{{u"character"_s, u"0"_s}, {u"position"_s, 26}};
    QTest::newRow("letter O") << u"REPHLO-OB2C-DE3F-GH4J-7XQ2"_s << u"character"_s
                              << QJsonObject{{u"character"_s, u"O"_s}, {u"position"_s, 8}};
    QTest::newRow("lower-case i") << u"REPHLO-AB2C-DE3F-GHiJ-7XQ2"_s << u"character"_s
                                  << QJsonObject{{u"character"_s, u"I"_s}, {u"position"_s, 20}};
    QTest::newRow("one") << u"REPHLO-AB2C-D13F-GH4J-7XQ2"_s << u"character"_s
                         << QJsonObject{{u"character"_s, u"1"_s}, {u"position"_s, 14}};
}

void TestLicenseKeyFormat::namesTheProblem()
{
    QFETCH(QString, input);
    QFETCH(QString, reason);
    QFETCH(QJsonObject, details);
    const auto key = checkLicenseKey(input);
    QVERIFY(!key.has_value());
    QCOMPARE(key.error().code, QString(creditdesk::errc::licenseKeyMalformed));
    QCOMPARE(key.error().details.value(u"reason"_s).toString(), reason);
    for (auto it = details.begin(); it != details.end(); ++it)
        QCOMPARE(key.error().details.value(it.key()), it.value());
    QVERIFY(!key.error().message.isEmpty());
    // The message names the problem, never the key.
    QVERIFY(!key.error().message.contains(u"AB2C"_s));
}

QTEST_GUILESS_MAIN(TestLicenseKeyFormat)
#include "test_license_key_format.moc"
