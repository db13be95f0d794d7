#include "core/domain/error.h"

#include <utility>

namespace creditdesk {

Error makeError(QLatin1StringView code, QString message, QJsonObject details)
{
    return Error{QString(code), std::move(message), std::move(details)};
}

std::unexpected<Error> fail(QLatin1StringView code, QString message, QJsonObject details)
{
    return std::unexpected(makeError(code, std::move(message), std::move(details)));
}

} // namespace creditdesk
