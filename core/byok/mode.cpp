#include "core/byok/mode.h"

#include "core/byok/byok_errors.h"

using namespace Qt::StringLiterals;

namespace creditdesk::byok {

QString toString(EnumArg<Mode> mode)
{
    return mode.value == Mode::Byok ? u"byok"_s : u"cloud"_s;
}

Result<Mode> parseMode(QStringView text)
{
    if (text == "byok"_L1)
        return Mode::Byok;
    if (text == "cloud"_L1)
        return Mode::Cloud;
    return fail(errc::modeUnknown, u"unknown mode"_s, {{u"mode"_s, text.left(64).toString()}});
}

std::optional<Mode> modeFromMetadata(const std::optional<QJsonObject> &metadata)
{
    if (!metadata)
        return Mode::Cloud;
    const QJsonValue settings = metadata->value(kMetadataKey);
    if (!settings.isObject())
        return settings.isUndefined() || settings.isNull() ? std::optional<Mode>(Mode::Cloud) : std::nullopt;
    const QJsonValue mode = settings.toObject().value(kModeKey);
    if (mode.isUndefined() || mode.isNull())
        return Mode::Cloud;
    auto parsed = parseMode(mode.toString());
    return parsed ? std::optional<Mode>(*parsed) : std::nullopt;
}

QJsonObject withMode(const std::optional<QJsonObject> &metadata, Mode mode)
{
    QJsonObject result = metadata.value_or(QJsonObject());
    QJsonObject settings = result.value(kMetadataKey).toObject();
    settings.insert(kModeKey, toString(mode));
    result.insert(kMetadataKey, settings);
    return result;
}

} // namespace creditdesk::byok
