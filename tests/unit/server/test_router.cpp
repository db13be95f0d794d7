// Router matching: literals beat parameters, 404 vs 405, HEAD → GET.
#include "server/http/router.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace creditdesk::server;

namespace {

// Each route carries its name in RouteOptions::scope, so a match names itself.
RouteOptions tag(const QString &name)
{
    RouteOptions options;
    options.scope = name;
    return options;
}

const Handler kHandler = [](const RequestContext &, Connection &) { return ApiResponse::empty(204); };

QString tagOf(const Router::Match &match)
{
    return match.handler && match.options ? match.options->scope : QString();
}

} // namespace

class TestRouter : public QObject {
    Q_OBJECT

private:
    Router m_router;

private slots:
    void initTestCase()
    {
        m_router.add(HttpMethod::Get, u"/api/licenses/:key"_s, tag(u"by-key"_s), kHandler);
        m_router.add(HttpMethod::Get, u"/api/licenses/certificate"_s, tag(u"certificate"_s), kHandler);
        m_router.add(HttpMethod::Get, u"/api/licenses/public-keys"_s, tag(u"public-keys"_s), kHandler);
        m_router.add(HttpMethod::Get, u"/api/licenses/:key/devices"_s, tag(u"devices"_s), kHandler);
        m_router.add(HttpMethod::Get, u"/api/licenses/:key/version-eligibility/:version"_s, tag(u"eligibility"_s), kHandler);
        m_router.add(HttpMethod::Post, u"/api/licenses/activate"_s, tag(u"activate"_s), kHandler);
        m_router.add(HttpMethod::Delete, u"/api/licenses/activations/:id"_s, tag(u"deactivate"_s), kHandler);
        m_router.add(HttpMethod::Get, u"/health"_s, tag(u"health"_s), kHandler);
        m_router.add(HttpMethod::Get, u"/"_s, tag(u"root"_s), kHandler);
    }

    void literalsBeatParameters()
    {
        QCOMPARE(tagOf(m_router.match(HttpMethod::Get, u"/api/licenses/certificate"_s)), u"certificate"_s);
        QCOMPARE(tagOf(m_router.match(HttpMethod::Get, u"/api/licenses/public-keys"_s)), u"public-keys"_s);
        const auto byKey = m_router.match(HttpMethod::Get, u"/api/licenses/REPHLO-AAAA-BBBB-CCCC-DDDD"_s);
        QCOMPARE(tagOf(byKey), u"by-key"_s);
        QCOMPARE(byKey.params.value(u"key"_s), u"REPHLO-AAAA-BBBB-CCCC-DDDD"_s);
    }

    void parametersAreCaptured()
    {
        const auto match = m_router.match(HttpMethod::Get, u"/api/licenses/K1/version-eligibility/1.2.3"_s);
        QCOMPARE(tagOf(match), u"eligibility"_s);
        QCOMPARE(match.params.value(u"key"_s), u"K1"_s);
        QCOMPARE(match.params.value(u"version"_s), u"1.2.3"_s);
        QCOMPARE(tagOf(m_router.match(HttpMethod::Get, u"/api/licenses/K1/devices/"_s)), u"devices"_s);
        QCOMPARE(tagOf(m_router.match(HttpMethod::Get, u"/"_s)), u"root"_s);
    }

    void unknownPathsAndMethods()
    {
        const auto missing = m_router.match(HttpMethod::Get, u"/api/licenses/K1/unknown"_s);
        QVERIFY(!missing.handler);
        QVERIFY(!missing.methodNotAllowed);
        QVERIFY(!m_router.match(HttpMethod::Get, u"/api/licenses//devices"_s).handler); // empty parameter
        const auto wrongMethod = m_router.match(HttpMethod::Post, u"/health"_s);
        QVERIFY(!wrongMethod.handler);
        QVERIFY(wrongMethod.methodNotAllowed);
        QCOMPARE(m_router.allowedMethods(u"/health"_s), QStringList{u"GET"_s});
        // a POST literal route does not hide the GET parameter route
        QCOMPARE(tagOf(m_router.match(HttpMethod::Get, u"/api/licenses/activate"_s)), u"by-key"_s);
        QCOMPARE(tagOf(m_router.match(HttpMethod::Post, u"/api/licenses/activate"_s)), u"activate"_s);
    }

    void headUsesGet()
    {
        QCOMPARE(tagOf(m_router.match(HttpMethod::Head, u"/health"_s)), u"health"_s);
    }
};

QTEST_GUILESS_MAIN(TestRouter)
#include "test_router.moc"
