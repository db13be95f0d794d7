#include "core/byok/provider_key.h"

#include "core/byok/byok_errors.h"

#include <array>

using namespace Qt::StringLiterals;

namespace creditdesk::byok {

namespace {

// Longest first: the first match wins.
constexpr std::array kPublicPrefixes{u"sk-proj-", u"sk-ant-", u"AIza", u"sk-"};

std::unexpected<Error> invalid(const QString &reason, const QString &message)
{
    return fail(errc::providerKeyInvalid, message, {{u"reason"_s, reason}});
}

} // namespace

Result<QString> normalizeProviderKey(QStringView key)
{
    const QStringView trimmed = key.trimmed();
    if (trimmed.isEmpty())
        return invalid(u"empty"_s, u"the API key is empty"_s);
    if (trimmed.size() < kMinProviderKeyLength)
        return invalid(u"too_short"_s,
                       u"the API key is shorter than %1 characters"_s.arg(kMinProviderKeyLength));
    if (trimmed.size() > kMaxProviderKeyLength)
        return invalid(u"too_long"_s,
                       u"the API key is longer than %1 characters"_s.arg(kMaxProviderKeyLength));
    for (QChar c : trimmed) {
        // Printable ASCII without space: keys go into HTTP headers.
        if (c.unicode() < 0x21 || c.unicode() > 0x7e)
            return invalid(u"bad_character"_s,
                           u"the API key holds a space, a control character or a non-ASCII character"_s);
    }
    return trimmed.toString();
}

QString maskProviderKey(QStringView key)
{
    QString hint;
    for (const char16_t *prefix : kPublicPrefixes) {
        const QStringView p(prefix);
        // The prefix is shown only when plenty of key follows it.
        if (key.startsWith(p) && key.size() >= p.size() + kMinKeyLengthForTail) {
            hint = p.toString();
            break;
        }
    }
    hint += u'\u2026';
    if (key.size() >= kMinKeyLengthForTail)
        hint += key.right(kHintTailLength);
    return hint;
}

} // namespace creditdesk::byok
