#pragma once

#include "core/domain/enums.h"
#include "core/domain/error.h"

#include <QList>
#include <QString>
#include <QStringView>

namespace creditdesk::byok {

// The providers a user can bring a key for. OpenAI-compatible covers any
// server speaking the OpenAI API (local runtimes, gateways) at a base URL the
// user configures.
enum class ProviderKind { OpenAi, Anthropic, Google, OpenAiCompatible };

// "openai", "anthropic", "google", "openai-compatible".
[[nodiscard]] QString toString(EnumArg<ProviderKind> provider);
// Exact spelling only (no trimming, no case folding); else provider_unknown.
[[nodiscard]] Result<ProviderKind> parseProviderKind(QStringView text);
// Declaration order.
[[nodiscard]] QList<ProviderKind> allProviderKinds();
[[nodiscard]] constexpr bool requiresBaseUrl(ProviderKind provider)
{
    return provider == ProviderKind::OpenAiCompatible;
}

} // namespace creditdesk::byok
