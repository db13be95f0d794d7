// PKCE (RFC 7636) and random state tokens.
#include "core/api/signin/pkce.h"

#include <QRegularExpression>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk::api::signin;

class TestPkce : public QObject {
    Q_OBJECT

private slots:
    void rfc7636AppendixB()
    {
        QCOMPARE(Pkce::challengeFor(u"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
                 u"E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"_s);
        QCOMPARE(QString(Pkce::kMethod), u"S256"_s);
    }

    void generatedVerifierIsWellFormed()
    {
        const auto pkce = Pkce::generate();
        QVERIFY(pkce.has_value());
        // 32 bytes → 43 base64url characters, the unreserved set of RFC 7636 §4.1.
        static const QRegularExpression verifier(uR"(^[A-Za-z0-9\-_]{43}$)"_s);
        QVERIFY2(verifier.match(pkce->verifier).hasMatch(), qPrintable(pkce->verifier));
        QCOMPARE(pkce->challenge, Pkce::challengeFor(pkce->verifier));
        QCOMPARE(pkce->challenge.size(), 43);
    }

    void generatedValuesDiffer()
    {
        const auto a = Pkce::generate();
        const auto b = Pkce::generate();
        QVERIFY(a && b);
        QVERIFY(a->verifier != b->verifier);
        QVERIFY(a->challenge != b->challenge);
    }

    void randomTokens()
    {
        const auto state = randomUrlSafeToken(32);
        QVERIFY(state.has_value());
        QCOMPARE(state->size(), 43);
        QVERIFY(*state != *randomUrlSafeToken(32));
        QCOMPARE(randomUrlSafeToken(16)->size(), 22);
        QVERIFY(!randomUrlSafeToken(-1).has_value()); // invalid_argument from crypto
    }
};

QTEST_GUILESS_MAIN(TestPkce)
#include "test_pkce.moc"
