#include "server/http/test_routes.h"

#include "server/http/json_input.h"
#include "server/http/router.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QThread>

#include <atomic>

using namespace Qt::StringLiterals;

namespace creditdesk::server {

namespace {

std::atomic<int> s_echoCounter{0};

QJsonObject principalJson(const Principal &principal)
{
    static const QStringList kinds{u"anonymous"_s, u"user"_s, u"service"_s};
    return QJsonObject{{u"kind"_s, kinds.value(static_cast<int>(principal.kind))},
                       {u"userId"_s, principal.userId},
                       {u"service"_s, principal.isService() ? principal.tokenId : QString()},
                       {u"scopes"_s, QJsonArray::fromStringList(principal.scopes)}};
}

ApiResponse echo(const RequestContext &request)
{
    auto input = JsonInput::parse(request.body, 1024 * 1024);
    if (!input)
        return ApiResponse::fromError(input.error());
    const int delayMs = static_cast<int>(input->optionalInteger(u"delayMs"_s, 0, 10'000).value_or(0));
    const int status = static_cast<int>(input->optionalInteger(u"status"_s, 200, 599).value_or(200));
    const auto amount = input->optionalDecimalText(u"amount"_s);
    if (auto valid = input->finish(); !valid)
        return ApiResponse::fromError(valid.error());
    if (delayMs > 0)
        QThread::msleep(static_cast<unsigned long>(delayMs));
    QJsonObject body{{u"counter"_s, ++s_echoCounter},
                     {u"received"_s, input->object()},
                     {u"principal"_s, principalJson(request.principal)}};
    if (amount)
        body.insert(u"amountText"_s, *amount);
    return ApiResponse::json(status, body);
}

} // namespace

void addTestRoutes(Router &router, const ServerEnvironment &)
{
    RouteOptions echoOptions;
    echoOptions.auth = AuthRequirement::OptionalBearer;
    echoOptions.maxBodyBytes = 1024;
    echoOptions.rateLimitRule = u"none"_s;
    router.add(HttpMethod::Post, u"/__test/echo"_s, echoOptions,
               [](const RequestContext &request, Connection &) { return echo(request); });

    RouteOptions slow;
    slow.auth = AuthRequirement::None;
    slow.rateLimitRule = u"none"_s;
    router.add(HttpMethod::Get, u"/__test/slow"_s, slow, [](const RequestContext &request, Connection &) {
        const int ms = std::clamp(request.queryValue(u"ms"_s).toInt(), 0, 10'000);
        QThread::msleep(static_cast<unsigned long>(ms));
        return ApiResponse::json(200, QJsonObject{{u"sleptMs"_s, ms}});
    });

    const auto whoAmI = [](const RequestContext &request, Connection &) {
        return ApiResponse::json(200, QJsonObject{{u"principal"_s, principalJson(request.principal)},
                                                  {u"params"_s, QJsonObject::fromVariantHash([&request] {
                                                       QVariantHash hash;
                                                       for (auto it = request.pathParams.cbegin();
                                                            it != request.pathParams.cend(); ++it)
                                                           hash.insert(it.key(), it.value());
                                                       return hash;
                                                   }())}});
    };
    RouteOptions bearer;
    router.add(HttpMethod::Get, u"/__test/bearer"_s, bearer, whoAmI);
    RouteOptions scoped;
    scoped.scope = u"credits.read"_s;
    router.add(HttpMethod::Get, u"/__test/scoped"_s, scoped, whoAmI);
    RouteOptions service;
    service.auth = AuthRequirement::Service;
    router.add(HttpMethod::Get, u"/__test/service"_s, service, whoAmI);
    RouteOptions either;
    either.auth = AuthRequirement::BearerOrService;
    router.add(HttpMethod::Get, u"/__test/either"_s, either, whoAmI);
    RouteOptions extension;
    extension.auth = AuthRequirement::None;
    extension.extension = true;
    router.add(HttpMethod::Get, u"/__test/extension"_s, extension, whoAmI);
    // literal segments beat parameters
    RouteOptions open;
    open.auth = AuthRequirement::OptionalBearer;
    router.add(HttpMethod::Get, u"/__test/items/:id"_s, open, whoAmI);
    router.add(HttpMethod::Get, u"/__test/items/special"_s, open, [](const RequestContext &, Connection &) {
        return ApiResponse::json(200, QJsonObject{{u"special"_s, true}});
    });
    router.add(HttpMethod::Delete, u"/__test/items/:id"_s, open, whoAmI);
}

} // namespace creditdesk::server
