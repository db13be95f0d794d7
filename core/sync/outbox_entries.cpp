#include "core/sync/outbox_entries.h"

#include "core/sync/sync_errors.h"

#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace creditdesk::sync::outbox {

namespace {

store::OutboxEntry entry(QLatin1StringView kind, QJsonObject payload, const api::IdempotencyKey &key,
                         std::int64_t nowMs)
{
    store::OutboxEntry e;
    e.kind = QString(kind);
    e.payload = std::move(payload);
    e.idempotencyKey = (key.isNull() ? api::IdempotencyKey::generate() : key).toString();
    e.createdAtMs = nowMs;
    return e;
}

std::unexpected<Error> invalid(const QString &field, const QString &why)
{
    return fail(errc::invalidOutboxPayload, u"outbox payload field %1 %2"_s.arg(field, why),
                {{u"field"_s, field}});
}

Result<std::optional<QString>> optionalString(const QJsonObject &payload, const QString &field)
{
    const QJsonValue v = payload.value(field);
    if (v.isUndefined())
        return std::optional<QString>();
    if (!v.isString())
        return invalid(field, u"is not a string"_s);
    return std::optional<QString>(v.toString());
}

Result<std::optional<std::int64_t>> optionalInteger(const QJsonObject &payload, const QString &field)
{
    const QJsonValue v = payload.value(field);
    if (v.isUndefined())
        return std::optional<std::int64_t>();
    // Small settings (tokens, temperature in thousandths): exact in a JSON number.
    if (!v.isDouble() || v.toDouble() != static_cast<double>(v.toInteger()))
        return invalid(field, u"is not an integer"_s);
    return std::optional<std::int64_t>(v.toInteger());
}

Result<QString> requiredString(const QJsonObject &payload, const QString &field)
{
    const QJsonValue v = payload.value(field);
    if (!v.isString() || v.toString().isEmpty())
        return invalid(field, u"is missing"_s);
    return v.toString();
}

} // namespace

store::OutboxEntry preferencesChange(const api::PreferencesPatch &patch, const api::IdempotencyKey &key,
                                     std::int64_t nowMs)
{
    QJsonObject payload;
    if (patch.enableStreaming)
        payload.insert(u"enableStreaming"_s, *patch.enableStreaming);
    if (patch.maxTokens)
        payload.insert(u"maxTokens"_s, static_cast<qint64>(*patch.maxTokens));
    if (patch.temperatureMilli)
        payload.insert(u"temperatureMilli"_s, static_cast<qint64>(*patch.temperatureMilli));
    if (patch.clearMetadata)
        payload.insert(u"preferencesMetadata"_s, QJsonValue(QJsonValue::Null));
    else if (patch.metadata)
        payload.insert(u"preferencesMetadata"_s, *patch.metadata);
    return entry(kind::preferences, payload, key, nowMs);
}

store::OutboxEntry profileChange(const api::UserPatch &patch, const api::IdempotencyKey &key,
                                 std::int64_t nowMs)
{
    QJsonObject payload;
    if (patch.firstName)
        payload.insert(u"firstName"_s, *patch.firstName);
    if (patch.lastName)
        payload.insert(u"lastName"_s, *patch.lastName);
    if (patch.username)
        payload.insert(u"username"_s, *patch.username);
    return entry(kind::profile, payload, key, nowMs);
}

store::OutboxEntry defaultModelChange(const QString &model, const api::IdempotencyKey &key,
                                      std::int64_t nowMs)
{
    return entry(kind::defaultModel, {{u"modelId"_s, model}}, key, nowMs);
}

store::OutboxEntry deviceDeactivation(const QString &activation, const api::IdempotencyKey &key,
                                      std::int64_t nowMs)
{
    return entry(kind::deactivateDevice, {{u"activationId"_s, activation}}, key, nowMs);
}

Result<api::PreferencesPatch> preferencesPatch(const QJsonObject &payload)
{
    api::PreferencesPatch patch;
    const QJsonValue streaming = payload.value(u"enableStreaming"_s);
    if (!streaming.isUndefined()) {
        if (!streaming.isBool())
            return invalid(u"enableStreaming"_s, u"is not a boolean"_s);
        patch.enableStreaming = streaming.toBool();
    }
    auto maxTokens = optionalInteger(payload, u"maxTokens"_s);
    if (!maxTokens)
        return std::unexpected(maxTokens.error());
    patch.maxTokens = *maxTokens;
    auto temperature = optionalInteger(payload, u"temperatureMilli"_s);
    if (!temperature)
        return std::unexpected(temperature.error());
    patch.temperatureMilli = *temperature;
    const QJsonValue metadata = payload.value(u"preferencesMetadata"_s);
    if (metadata.isNull())
        patch.clearMetadata = true;
    else if (metadata.isObject())
        patch.metadata = metadata.toObject();
    else if (!metadata.isUndefined())
        return invalid(u"preferencesMetadata"_s, u"is not an object"_s);
    return patch;
}

Result<api::UserPatch> userPatch(const QJsonObject &payload)
{
    api::UserPatch patch;
    auto first = optionalString(payload, u"firstName"_s);
    auto last = optionalString(payload, u"lastName"_s);
    auto username = optionalString(payload, u"username"_s);
    if (!first || !last || !username)
        return std::unexpected(!first ? first.error() : !last ? last.error() : username.error());
    patch.firstName = *first;
    patch.lastName = *last;
    patch.username = *username;
    return patch;
}

Result<QString> modelId(const QJsonObject &payload)
{
    return requiredString(payload, u"modelId"_s);
}

Result<QString> activationId(const QJsonObject &payload)
{
    return requiredString(payload, u"activationId"_s);
}

} // namespace creditdesk::sync::outbox
