#pragma once

#include "core/domain/error.h"

#include <QString>
#include <QStringView>

namespace creditdesk::byok {

inline constexpr qsizetype kMinProviderKeyLength = 8;
inline constexpr qsizetype kMaxProviderKeyLength = 1024;
// Keys shorter than this get a hint without their last characters.
inline constexpr qsizetype kMinKeyLengthForTail = 12;
inline constexpr qsizetype kHintTailLength = 4;

// The key as it will be stored and sent: surrounding whitespace (a pasted
// newline) removed; then 8..1024 characters of printable ASCII without
// spaces, else provider_key_invalid (details.reason: empty, too_short,
// too_long, bad_character). The message never contains the key.
[[nodiscard]] Result<QString> normalizeProviderKey(QStringView key);

// A hint to recognise a stored key without revealing it: a well-known public
// vendor prefix when the key starts with one ("sk-ant-", "sk-proj-", "sk-",
// "AIza") followed by at least 12 more characters, "…", then the last 4
// characters — e.g. "sk-…abcd". Nothing else of the key appears; a key
// shorter than 12 characters shows only "…".
[[nodiscard]] QString maskProviderKey(QStringView key);

} // namespace creditdesk::byok
