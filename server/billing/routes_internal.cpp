// POST /internal/usage (api-contract §10.6): gateway usage recording.
#include "server/billing/billing_routes.h"

#include "core/domain/utc_time.h"
#include "server/billing/usage_recorder.h"
#include "server/http/json_input.h"
#include "server/http/router.h"

#include <QStringList>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace creditdesk::server::billing {

namespace {

constexpr std::int64_t kMaxTokens = 100'000'000;

QString requiredUuid(JsonInput &in, const QString &field)
{
    const QString text = in.requiredString(field, 36, 36);
    if (text.isEmpty())
        return {};
    const QUuid uuid = QUuid::fromString(text);
    if (uuid.isNull()) {
        in.addError(field, u"must be a UUID"_s);
        return {};
    }
    return uuid.toString(QUuid::WithoutBraces);
}

ApiResponse recordUsage(const RequestContext &request, Connection &db, const ServerEnvironment &env)
{
    auto parsed = JsonInput::parse(request.body);
    if (!parsed)
        return errorResponse(parsed.error(), request);
    JsonInput &in = *parsed;
    UsageInput input;
    input.requestId = requiredUuid(in, u"request_id"_s);
    input.userId = requiredUuid(in, u"user_id"_s);
    input.modelId = in.requiredString(u"model_id"_s, 1, 100);
    input.provider = in.requiredString(u"provider"_s, 1, 20);
    static const QStringList providers{u"openai"_s, u"anthropic"_s, u"google"_s,
                                       u"meta"_s,   u"mistral"_s,   u"cohere"_s};
    if (!input.provider.isEmpty() && !providers.contains(input.provider))
        in.addError(u"provider"_s, u"must be one of openai anthropic google meta mistral cohere"_s);
    input.inputTokens = in.requiredInteger(u"input_tokens"_s, 0, kMaxTokens);
    input.outputTokens = in.requiredInteger(u"output_tokens"_s, 0, kMaxTokens);
    input.cachedInputTokens = in.optionalInteger(u"cached_input_tokens"_s, 0, kMaxTokens).value_or(0);
    const QString type = in.requiredString(u"request_type"_s, 1, 20);
    if (!type.isEmpty()) {
        if (auto parsedType = parseRequestType(type))
            input.requestType = *parsedType;
        else
            in.addError(u"request_type"_s, u"must be completion, streaming or batch"_s);
    }
    if (!in.object().contains(u"is_byok"_s))
        in.addError(u"is_byok"_s, u"is required"_s);
    input.byok = in.optionalBool(u"is_byok"_s).value_or(false);
    if (auto operation = in.optionalString(u"operation"_s, 20)) {
        if (auto parsedOperation = parseUsageOperation(*operation))
            input.operation = *parsedOperation;
        else
            in.addError(u"operation"_s, u"must be completion, chat, embedding or function_call"_s);
    }
    input.durationMs = in.optionalInteger(u"request_duration_ms"_s, 0, 24LL * 3600 * 1000);
    if (auto created = in.optionalString(u"created_at"_s, 40)) {
        if (auto at = parseIsoUtc(*created)) {
            input.occurredAtMs = *at;
            input.occurredAtGiven = true;
        } else {
            in.addError(u"created_at"_s, u"must be an ISO 8601 UTC time"_s);
        }
    }
    if (auto ok = in.finish(); !ok)
        return errorResponse(ok.error(), request);
    auto recorded = UsageRecorder(env, db).record(input);
    if (!recorded)
        return errorResponse(recorded.error(), request);
    return ApiResponse::json(recorded->replayed ? 200 : 201, UsageRecorder::responseBody(recorded->outcome));
}

} // namespace

void registerInternalRoutes(Router &router, const ServerEnvironment &env)
{
    const ServerEnvironment *e = &env;
    RouteOptions service;
    service.auth = AuthRequirement::Service;
    service.extension = true;
    service.idempotent = false; // request_id is the idempotency key
    service.maxBodyBytes = 16 * 1024;
    router.add(HttpMethod::Post, u"/internal/usage"_s, service,
               [e](const RequestContext &r, Connection &db) { return recordUsage(r, db, *e); });
}

} // namespace creditdesk::server::billing
