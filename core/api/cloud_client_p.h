#pragma once

// Shared by the cloud_client*.cpp files: the generic call and the envelope adapters.
#include "core/api/api_log.h"
#include "core/api/api_parsers.h"
#include "core/api/api_request.h"
#include "core/api/cloud_client.h"

#include <QUrl>

namespace creditdesk::api {

namespace client_detail {

template <typename T>
using JsonParser = Result<T> (*)(const JsonNode &);
using Unwrap = Result<JsonNode> (*)(const HttpResponse &);

// Unwraps the envelope, then parses.
template <typename T>
std::function<Result<T>(const HttpResponse &)> parsed(Unwrap unwrap, JsonParser<T> parse)
{
    return [unwrap, parse](const HttpResponse &response) -> Result<T> {
        auto json = unwrap(response);
        if (!json)
            return std::unexpected(json.error());
        return parse(*json);
    };
}

template <typename T>
std::function<Result<T>(const HttpResponse &)> bare(JsonParser<T> parse)
{
    return parsed(&bareBody, parse);
}

template <typename T>
std::function<Result<T>(const HttpResponse &)> success(JsonParser<T> parse)
{
    return parsed(&successData, parse);
}

template <typename T>
std::function<Result<T>(const HttpResponse &)> dataOf(JsonParser<T> parse)
{
    return parsed(&dataEnvelope, parse);
}

// One path segment, percent-encoded.
inline QString segment(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

inline ApiRequestSpec get(QString path, ApiRequestSpec::Auth auth = ApiRequestSpec::Auth::Required)
{
    ApiRequestSpec spec;
    spec.path = std::move(path);
    spec.auth = auth;
    return spec;
}

// A POST/PATCH/DELETE with `body` and the action's key (a fresh one when null).
inline ApiRequestSpec write(QByteArray method, QString path, const JsonNode &body, const IdempotencyKey &key,
                            ApiRequestSpec::Auth auth = ApiRequestSpec::Auth::Required)
{
    ApiRequestSpec spec;
    spec.method = std::move(method);
    spec.path = std::move(path);
    spec.auth = auth;
    spec.body = body.isNull() ? QByteArray() : body.toJson();
    spec.idempotencyKey = key.isNull() ? IdempotencyKey::generate() : key;
    return spec;
}

} // namespace client_detail

template <typename T>
CallHandle CloudClient::call(ApiRequestSpec spec, Parser<T> parse, QObject *context, Callback<T> done)
{
    IdempotencyKey key = spec.idempotencyKey;
    const QString path = spec.pathForLog();
    ApiRequest *request = m_transport->send(
        std::move(spec), context,
        [parse = std::move(parse), done = std::move(done), path](Result<HttpResponse> response) {
            if (!response) {
                if (done)
                    done(std::unexpected(std::move(response.error())));
                return;
            }
            Result<T> value = parse(*response);
            if (!value) {
                qCWarning(lcApi).noquote() << path << "→" << value.error().code << value.error().message
                                           << "(request id" << response->requestId << ')';
            }
            if (done)
                done(std::move(value));
        });
    return CallHandle(request, std::move(key));
}

template <typename T>
CallHandle CloudClient::reject(Error error, QObject *context, Callback<T> done)
{
    ApiRequest *request = m_transport->failLater(std::move(error), context,
                                                 [done = std::move(done)](Result<HttpResponse> response) {
                                                     if (done)
                                                         done(std::unexpected(std::move(response.error())));
                                                 });
    return CallHandle(request, IdempotencyKey());
}

} // namespace creditdesk::api
