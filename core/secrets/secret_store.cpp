#include "core/secrets/secret_store.h"

using namespace Qt::StringLiterals;

namespace creditdesk::secrets {

Result<void> SecretStore::checkKey(const SecretKey &key)
{
    if (!key.isValid())
        return fail(creditdesk::errc::invalidArgument, u"invalid secret key"_s);
    return {};
}

Result<void> SecretStore::checkValue(const QString &value)
{
    if (value.isEmpty())
        return fail(creditdesk::errc::invalidArgument, u"a secret cannot be empty"_s);
    if (value.contains(QChar(u'\0')))
        return fail(creditdesk::errc::invalidArgument, u"a secret cannot contain U+0000"_s);
    if (value.toUtf8().size() > kMaxValueBytes)
        return fail(creditdesk::errc::invalidArgument,
                    u"a secret is limited to %1 bytes"_s.arg(kMaxValueBytes));
    return {};
}

} // namespace creditdesk::secrets
