#pragma once

#include "core/domain/error.h"

#include <QString>

#include <functional>

namespace creditdesk::api {

// Where CloudClient gets the bearer token of the signed-in user, and how it
// renews it. CloudClient calls refresh() at most once per request, after a
// 401; when the refresh fails too, the request fails with `sign_in_required`.
// Implemented by the sign-in session (refresh token in the keychain) and by
// fixed-token sources (`login --with-token`, tests). All calls happen on the
// thread that owns the CloudClient.
class AccessTokenSource {
public:
    AccessTokenSource() = default;
    virtual ~AccessTokenSource() = default;
    AccessTokenSource(const AccessTokenSource &) = delete;
    AccessTokenSource &operator=(const AccessTokenSource &) = delete;

    // The current access token; empty when signed out. Never logged.
    [[nodiscard]] virtual QString accessToken() const = 0;

    // Obtains a new access token and reports the outcome through `done`
    // (asynchronously, on the caller's thread). Concurrent callers may be
    // coalesced into one refresh.
    virtual void refresh(std::function<void(Result<void>)> done) = 0;
};

} // namespace creditdesk::api
