#include "ui/format/amount_format.h"

#include <QTest>

using namespace creditdesk;

class TestAmountFormat : public QObject {
    Q_OBJECT

private slots:
    void money_data()
    {
        QTest::addColumn<qint64>("cents");
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("expected");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("en_US") << QStringLiteral("$0.00");
        QTest::newRow("grouping") << qint64(123450) << QStringLiteral("en_US") << QStringLiteral("$1,234.50");
        QTest::newRow("negative") << qint64(-2000) << QStringLiteral("en_US") << QStringLiteral("-$20.00");
        QTest::newRow("german") << qint64(123450) << QStringLiteral("de_DE") << QStringLiteral("$1.234,50");
        QTest::newRow("largest") << qint64(Money::kMaxCents) << QStringLiteral("en_US") << QStringLiteral("$99,999,999.99");
    }

    void money()
    {
        QFETCH(qint64, cents);
        QFETCH(QString, locale);
        QFETCH(QString, expected);
        const auto amount = Money::fromCents(cents);
        QVERIFY(amount.has_value());
        QCOMPARE(ui::formatMoney(*amount, QLocale(locale)), expected);
    }

    void credits_data()
    {
        QTest::addColumn<qint64>("units");
        QTest::addColumn<QString>("expected");
        QTest::newRow("whole") << qint64(15'000'000) << QStringLiteral("1,500.00 credits");
        QTest::newRow("fraction") << qint64(13'997'500) << QStringLiteral("1,399.75 credits");
        QTest::newRow("derived rounds half up") << qint64(1'661'250) << QStringLiteral("166.13 credits");
        QTest::newRow("tiny negative rounds to zero") << qint64(-49) << QStringLiteral("0.00 credits");
        QTest::newRow("negative") << qint64(-1'000) << QStringLiteral("-0.10 credits");
    }

    void credits()
    {
        QFETCH(qint64, units);
        QFETCH(QString, expected);
        const auto amount = Credits::fromUnits(units);
        QVERIFY(amount.has_value());
        QCOMPARE(ui::formatCredits(*amount, QLocale(QLocale::English, QLocale::UnitedStates)), expected);
    }
};

QTEST_GUILESS_MAIN(TestAmountFormat)
#include "test_amount_format.moc"
