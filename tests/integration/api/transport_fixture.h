#pragma once

// Shared by the transport tests: an ApiTransport wired to a HostileServer.
#include "core/api/api_errors.h"
#include "core/api/api_request.h"
#include "core/api/api_transport.h"
#include "tests/integration/api/api_test_support.h"
#include "tests/integration/api/hostile_server.h"

#include <QSet>
#include <QTest>

namespace creditdesk::test::transport {

using namespace Qt::StringLiterals;
using Reply = HostileServer::Reply;
using Behaviour = HostileServer::Behaviour;

inline constexpr QByteArrayView kOk = R"({"ok":true})";

struct Fixture {
    HostileServer server;
    RecordedDelays delays;
    ScriptedTokens tokens{u"token-1"_s};
    std::unique_ptr<api::ApiTransport> transport;

    explicit Fixture(int maxAttempts = 4, std::int64_t transferTimeoutMs = 2'000)
    {
        if (!server.listen())
            qFatal("the fixture server cannot listen");
        api::TransportOptions options = testTransportOptions(server.baseUrl(), delays, transferTimeoutMs);
        options.retry.maxAttempts = maxAttempts;
        transport = std::make_unique<api::ApiTransport>(options, &tokens);
    }

    Result<api::HttpResponse> run(api::ApiRequestSpec spec, int *calls = nullptr)
    {
        Recorder<api::HttpResponse> recorder;
        transport->send(std::move(spec), nullptr, recorder.callback());
        if (!recorder.wait())
            return std::unexpected(Error{u"test_timeout"_s, {}, {}});
        QTest::qWait(20); // a second callback would show up here
        if (calls)
            *calls = recorder.calls();
        return recorder.result();
    }
};

inline api::ApiRequestSpec getSpec(const QString &path = u"/v1/users/me"_s)
{
    api::ApiRequestSpec spec;
    spec.path = path;
    return spec;
}

inline api::ApiRequestSpec postSpec(bool withKey)
{
    api::ApiRequestSpec spec;
    spec.method = "POST";
    spec.path = u"/api/coupons/redeem"_s;
    spec.body = R"({"code":"SAVE20"})";
    if (withKey)
        spec.idempotencyKey = api::IdempotencyKey::generate();
    return spec;
}

inline int distinctRequestIds(const HostileServer &server)
{
    QSet<QByteArray> ids;
    for (const HostileServer::Request &request : server.requests())
        ids.insert(request.header("x-request-id"));
    return static_cast<int>(ids.size());
}

inline Reply bare(int status, const QByteArray &body = {})
{
    Reply reply = Reply::json(status, body);
    return reply;
}

} // namespace creditdesk::test::transport

#define EXPECT_ERROR(result, wantCode)                                                                       \
    do {                                                                                                     \
        QVERIFY2(!(result).has_value(), "expected an error");                                                \
        QCOMPARE((result).error().code, QString(wantCode));                                                  \
    } while (false)
