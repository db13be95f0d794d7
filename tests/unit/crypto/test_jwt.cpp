#include "core/crypto/crypto_errors.h"
#include "core/crypto/ed25519.h"
#include "core/crypto/jwt.h"
#include "core/crypto/primitives.h"
#include "core/crypto/rsa_key.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/err.h>

using namespace Qt::StringLiterals;
using namespace creditdesk::crypto;

namespace {

constexpr qint64 kNowMs = 1'764'221'820'000; // 2025-11-27T05:37:00Z
constexpr qint64 kNowS = kNowMs / 1000;
const QString kIssuer = u"http://localhost:7151"_s;
const QString kAudience = u"https://api.textassistant.local"_s;

QString segment(const QJsonObject &object)
{
    return base64UrlEncode(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

JwtExpectations expectations(qint64 nowMs = kNowMs)
{
    return JwtExpectations{kIssuer, kAudience, nowMs, 60};
}

} // namespace

class TestJwt : public QObject {
    Q_OBJECT

private:
    RsaPrivateKey m_key;
    RsaPrivateKey m_otherKey;

    QJsonObject claims() const
    {
        return QJsonObject{{u"iss"_s, kIssuer},
                           {u"sub"_s, u"user-1"_s},
                           {u"aud"_s, kAudience},
                           {u"client_id"_s, u"desktop-app-test"_s},
                           {u"scope"_s, u"openid user.info"_s},
                           {u"iat"_s, kNowS},
                           {u"exp"_s, kNowS + 3600},
                           {u"jti"_s, u"j1"_s}};
    }

    QString sign(const QJsonObject &body) const { return signJwt(body, m_key).value(); }

    // A token with an arbitrary header, RS256-signed with m_key.
    QString signWithHeader(const QJsonObject &header, const QJsonObject &body) const
    {
        const QString input = segment(header) + u'.' + segment(body);
        return input + u'.' + base64UrlEncode(m_key.signRs256(input.toLatin1()).value());
    }

    void expectError(const QString &token, QLatin1StringView code) const
    {
        const auto result = verifyJwt(token, m_key.publicKey(), expectations());
        QVERIFY2(!result, qPrintable(token));
        QCOMPARE(result.error().code, QString(code));
    }

private slots:
    void initTestCase()
    {
        auto key = RsaPrivateKey::generate(2048);
        auto other = RsaPrivateKey::generate(2048);
        QVERIFY(key && other);
        m_key = *key;
        m_otherKey = *other;
    }

    void roundTrip()
    {
        const QString token = sign(claims());
        QCOMPARE(token.count(u'.'), 2);
        const auto verified = verifyJwt(token, m_key.publicKey(), expectations());
        QVERIFY2(verified, qPrintable(verified ? QString() : verified.error().message));
        QCOMPARE(*verified, claims());
    }

    void headerNamesAlgTypAndKid()
    {
        const QString token = sign(claims());
        const QByteArray header = base64UrlDecode(QStringView(token).left(token.indexOf(u'.'))).value();
        const QJsonObject json = QJsonDocument::fromJson(header).object();
        QCOMPARE(json.value("alg"_L1).toString(), u"RS256"_s);
        QCOMPARE(json.value("typ"_L1).toString(), u"JWT"_s);
        QCOMPARE(json.value("kid"_L1).toString(), m_key.keyId());
        QCOMPARE(m_key.keyId(), sha256Hex(m_key.publicKey().toDer()).left(16));
    }

    void audienceMayBeAnArray()
    {
        QJsonObject body = claims();
        body[u"aud"_s] = QJsonArray{u"other"_s, kAudience};
        QVERIFY(verifyJwt(sign(body), m_key.publicKey(), expectations()));
        body[u"aud"_s] = QJsonArray{u"other"_s};
        expectError(sign(body), errc::jwtWrongAudience);
    }

    void malformedTokens_data()
    {
        QTest::addColumn<QString>("token");
        const QString good = sign(claims());
        const QStringList parts = good.split(u'.');
        QTest::newRow("empty") << QString();
        QTest::newRow("one part") << u"abc"_s;
        QTest::newRow("two parts") << parts[0] + u'.' + parts[1];
        QTest::newRow("four parts") << good + u".x"_s;
        QTest::newRow("header not base64url") << u"!!."_s + parts[1] + u'.' + parts[2];
        QTest::newRow("header not JSON") << base64UrlEncode("nope") + u'.' + parts[1] + u'.' + parts[2];
        QTest::newRow("payload padded") << parts[0] + u'.' + parts[1] + u"=."_s + parts[2];
        QTest::newRow("signature not base64url") << parts[0] + u'.' + parts[1] + u".$$"_s;
        QTest::newRow("too long") << good + QString(20000, u'A');
        QTest::newRow("header without alg") << signWithHeader({{u"kid"_s, m_key.keyId()}}, claims());
        QTest::newRow("crit header") << signWithHeader(
            {{u"alg"_s, u"RS256"_s}, {u"kid"_s, m_key.keyId()}, {u"crit"_s, QJsonArray{u"x"_s}}}, claims());
        QJsonObject noExp = claims();
        noExp.remove(u"exp"_s);
        QTest::newRow("missing exp") << sign(noExp);
        QJsonObject stringExp = claims();
        stringExp[u"exp"_s] = u"tomorrow"_s;
        QTest::newRow("exp not a number") << sign(stringExp);
    }

    void malformedTokens()
    {
        QFETCH(QString, token);
        expectError(token, errc::jwtMalformed);
    }

    void algNoneIsRejected()
    {
        const QJsonObject header{{u"alg"_s, u"none"_s}, {u"typ"_s, u"JWT"_s}, {u"kid"_s, m_key.keyId()}};
        expectError(segment(header) + u'.' + segment(claims()) + u'.', errc::jwtUnsupportedAlg);
    }

    void hs256SignedWithThePublicKeyIsRejected()
    {
        // The classic confusion attack: HMAC keyed with the published RSA key.
        const QJsonObject header{{u"alg"_s, u"HS256"_s}, {u"typ"_s, u"JWT"_s}, {u"kid"_s, m_key.keyId()}};
        const QString input = segment(header) + u'.' + segment(claims());
        const QByteArray mac = QMessageAuthenticationCode::hash(
            input.toLatin1(), m_key.publicKey().toPem().value(), QCryptographicHash::Sha256);
        expectError(input + u'.' + base64UrlEncode(mac), errc::jwtUnsupportedAlg);
    }

    void algMustBeExactlyRs256()
    {
        expectError(signWithHeader({{u"alg"_s, u"rs256"_s}, {u"kid"_s, m_key.keyId()}}, claims()),
                    errc::jwtUnsupportedAlg);
        expectError(signWithHeader({{u"alg"_s, u"RS512"_s}, {u"kid"_s, m_key.keyId()}}, claims()),
                    errc::jwtUnsupportedAlg);
    }

    void unknownKey()
    {
        expectError(signJwt(claims(), m_otherKey).value(), errc::jwtUnknownKey);
        expectError(signWithHeader({{u"alg"_s, u"RS256"_s}}, claims()), errc::jwtUnknownKey);
        const auto none = verifyJwt(sign(claims()), QList<RsaPublicKey>{}, expectations());
        QCOMPARE(none.error().code, QString(errc::jwtUnknownKey));
    }

    void badSignature()
    {
        const QString token = sign(claims());
        const QStringList parts = token.split(u'.');
        QByteArray signature = base64UrlDecode(parts[2]).value();
        signature[5] = static_cast<char>(signature[5] ^ 0x01);
        expectError(parts[0] + u'.' + parts[1] + u'.' + base64UrlEncode(signature), errc::jwtBadSignature);

        QJsonObject forged = claims();
        forged[u"sub"_s] = u"admin"_s;
        expectError(parts[0] + u'.' + segment(forged) + u'.' + parts[2], errc::jwtBadSignature);

        // Another key published under this key's kid.
        QJsonObject impostor = m_otherKey.publicKey().toJwk();
        impostor[u"kid"_s] = m_key.keyId();
        const auto result = verifyJwt(token, RsaPublicKey::fromJwk(impostor).value(), expectations());
        QCOMPARE(result.error().code, QString(errc::jwtBadSignature));
    }

    void expiry()
    {
        QJsonObject body = claims();
        body[u"exp"_s] = kNowS - 30; // within the 60 s leeway
        QVERIFY(verifyJwt(sign(body), m_key.publicKey(), expectations()));
        body[u"exp"_s] = kNowS - 60;
        expectError(sign(body), errc::jwtExpired);
        const auto later = verifyJwt(sign(claims()), m_key.publicKey(), expectations(kNowMs + 3'661'000));
        QCOMPARE(later.error().code, QString(errc::jwtExpired));
    }

    void notBefore()
    {
        QJsonObject body = claims();
        body[u"nbf"_s] = kNowS + 30;
        QVERIFY(verifyJwt(sign(body), m_key.publicKey(), expectations()));
        body[u"nbf"_s] = kNowS + 120;
        expectError(sign(body), errc::jwtNotYetValid);
        body[u"nbf"_s] = u"soon"_s;
        expectError(sign(body), errc::jwtMalformed);
    }

    void issuer()
    {
        QJsonObject body = claims();
        body[u"iss"_s] = u"http://evil.example"_s;
        expectError(sign(body), errc::jwtWrongIssuer);
        body.remove(u"iss"_s);
        expectError(sign(body), errc::jwtWrongIssuer);
    }

    void audience()
    {
        QJsonObject body = claims();
        body[u"aud"_s] = u"https://other.example"_s;
        expectError(sign(body), errc::jwtWrongAudience);
        body.remove(u"aud"_s);
        expectError(sign(body), errc::jwtWrongAudience);
    }

    void jwkExport()
    {
        const QJsonObject jwk = m_key.publicKey().toJwk();
        QCOMPARE(jwk.value("kty"_L1).toString(), u"RSA"_s);
        QCOMPARE(jwk.value("use"_L1).toString(), u"sig"_s);
        QCOMPARE(jwk.value("alg"_L1).toString(), u"RS256"_s);
        QCOMPARE(jwk.value("kid"_L1).toString(), m_key.keyId());
        QCOMPARE(jwk.value("e"_L1).toString(), u"AQAB"_s);
        const QByteArray n = base64UrlDecode(jwk.value("n"_L1).toString()).value();
        QCOMPARE(n.size(), 256);
        QVERIFY(n[0] != 0);
    }

    void jwkImportVerifiesTokens()
    {
        const auto imported = RsaPublicKey::fromJwk(m_key.publicKey().toJwk());
        QVERIFY(imported);
        QCOMPARE(imported->toDer(), m_key.publicKey().toDer());
        QCOMPARE(imported->keyId(), m_key.keyId());
        QCOMPARE(imported->bits(), 2048);
        QVERIFY(verifyJwt(sign(claims()), *imported, expectations()));

        const QJsonObject jwks = toJwks({m_otherKey.publicKey(), m_key.publicKey()});
        QVERIFY(verifyJwtWithJwks(sign(claims()), jwks, expectations()));
    }

    void jwkKeepsForeignKid()
    {
        QJsonObject jwk = m_key.publicKey().toJwk();
        jwk[u"kid"_s] = u"r1"_s;
        QCOMPARE(RsaPublicKey::fromJwk(jwk)->keyId(), u"r1"_s);
    }

    void invalidJwks_data()
    {
        QTest::addColumn<QJsonObject>("jwk");
        const QJsonObject good = m_key.publicKey().toJwk();
        auto with = [&](const QString &key, const QJsonValue &value) {
            QJsonObject copy = good;
            if (value.isUndefined())
                copy.remove(key);
            else
                copy[key] = value;
            return copy;
        };
        QTest::newRow("kty EC") << with(u"kty"_s, u"EC"_s);
        QTest::newRow("use enc") << with(u"use"_s, u"enc"_s);
        QTest::newRow("alg RS512") << with(u"alg"_s, u"RS512"_s);
        QTest::newRow("kid number") << with(u"kid"_s, 7);
        QTest::newRow("n missing") << with(u"n"_s, QJsonValue::Undefined);
        QTest::newRow("e not base64url") << with(u"e"_s, u"AQAB=="_s);
        QTest::newRow("n empty") << with(u"n"_s, u""_s);
        QByteArray small(128, '\x5a');
        small[0] = '\xc1';
        QTest::newRow("1024-bit key") << with(u"n"_s, base64UrlEncode(small));
    }

    void invalidJwks()
    {
        QFETCH(QJsonObject, jwk);
        QCOMPARE(RsaPublicKey::fromJwk(jwk).error().code, QString(errc::jwkInvalid));
    }

    void jwksParsing()
    {
        QCOMPARE(parseJwks({}).error().code, QString(errc::jwkInvalid));
        const QJsonObject ec{{u"kty"_s, u"EC"_s}, {u"crv"_s, u"P-256"_s}};
        const auto keys = parseJwks({{u"keys"_s, QJsonArray{ec, m_key.publicKey().toJwk()}}});
        QVERIFY(keys);
        QCOMPARE(keys->size(), 1);
        QJsonObject broken = m_key.publicKey().toJwk();
        broken[u"n"_s] = u"***"_s;
        QCOMPARE(parseJwks({{u"keys"_s, QJsonArray{broken}}}).error().code, QString(errc::jwkInvalid));
        const auto result = verifyJwtWithJwks(sign(claims()), {}, expectations());
        QCOMPARE(result.error().code, QString(errc::jwkInvalid));
    }

    void unverifiedDecodeReadsExpiredTokens()
    {
        QJsonObject body = claims();
        body[u"exp"_s] = kNowS - 7200;
        const auto decoded = decodeJwtClaimsUnverified(signJwt(body, m_otherKey).value());
        QVERIFY(decoded);
        QCOMPARE(decoded->value("exp"_L1).toInteger(), kNowS - 7200);
        QCOMPARE(decodeJwtClaimsUnverified(u"a.b"_s).error().code, QString(errc::jwtMalformed));
    }

    void rsaKeyFilesAndPem()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"oauth.pem"_s);
        QVERIFY(m_key.saveToFile(path));
        QCOMPARE(QFile::permissions(path) & ~(QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                              QFileDevice::ReadUser | QFileDevice::WriteUser),
                 QFileDevice::Permissions());
        const auto loaded = RsaPrivateKey::loadFromFile(path);
        QVERIFY(loaded);
        QCOMPARE(loaded->keyId(), m_key.keyId());
        QVERIFY(verifyJwt(signJwt(claims(), *loaded).value(), m_key.publicKey(), expectations()));

        const auto publicPem = m_key.publicKey().toPem();
        QVERIFY(publicPem && publicPem->startsWith("-----BEGIN PUBLIC KEY-----"));
        QCOMPARE(RsaPublicKey::fromPem(*publicPem)->keyId(), m_key.keyId());
    }

    void failuresLeaveNoOpenSslErrors()
    {
        ERR_clear_error();
        QJsonObject jwk = m_key.publicKey().toJwk();
        jwk[u"n"_s] = base64UrlEncode(QByteArray(128, '\x7f'));
        QVERIFY(!RsaPublicKey::fromJwk(jwk));
        QVERIFY(!RsaPublicKey::fromDer("junk"));
        QVERIFY(!RsaPrivateKey::fromPem("junk"));
        QVERIFY(!m_key.publicKey().verifyRs256("data", QByteArray(256, '\1')));
        QCOMPARE(ERR_peek_error(), 0UL);
    }

    void rsaKeyErrors()
    {
        QCOMPARE(RsaPrivateKey::generate(1024).error().code, u"invalid_argument"_s);
        QCOMPARE(RsaPrivateKey::fromPem("junk").error().code, QString(errc::keyInvalid));
        QCOMPARE(RsaPublicKey::fromDer("junk").error().code, QString(errc::keyInvalid));
        const auto ed = Ed25519PrivateKey::generate();
        QCOMPARE(RsaPrivateKey::fromPem(ed->toPem().value()).error().code, QString(errc::keyWrongType));
        QCOMPARE(RsaPrivateKey::loadFromFile(u"/nonexistent/key.pem"_s).error().code,
                 QString(errc::keyFileIo));
        QCOMPARE(signJwt(claims(), RsaPrivateKey()).error().code, u"invalid_argument"_s);
    }
};

QTEST_GUILESS_MAIN(TestJwt)
#include "test_jwt.moc"
