#include "core/byok/provider_kind.h"

#include "core/byok/byok_errors.h"

using namespace Qt::StringLiterals;

namespace creditdesk::byok {

QString toString(EnumArg<ProviderKind> provider)
{
    switch (provider.value) {
    case ProviderKind::OpenAi:
        return u"openai"_s;
    case ProviderKind::Anthropic:
        return u"anthropic"_s;
    case ProviderKind::Google:
        return u"google"_s;
    case ProviderKind::OpenAiCompatible:
        return u"openai-compatible"_s;
    }
    return {};
}

Result<ProviderKind> parseProviderKind(QStringView text)
{
    for (ProviderKind provider : allProviderKinds()) {
        if (text == toString(provider))
            return provider;
    }
    return fail(errc::providerUnknown, u"unknown BYOK provider"_s,
                {{u"provider"_s, text.left(64).toString()}});
}

QList<ProviderKind> allProviderKinds()
{
    return {ProviderKind::OpenAi, ProviderKind::Anthropic, ProviderKind::Google,
            ProviderKind::OpenAiCompatible};
}

} // namespace creditdesk::byok
