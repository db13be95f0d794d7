#pragma once

#include "core/domain/error.h"
#include "server/http/request_context.h"
#include "server/http/router.h"

namespace creditdesk::server {
class Connection;
struct ServerEnvironment;
} // namespace creditdesk::server

namespace creditdesk::server::auth {

// The route's authentication (RouteOptions::auth and ::scope), run by the
// dispatcher before the handler:
//  - Bearer: an RS256 access token of ours (kid, signature, exp, iss and
//    aud = env.apiAudience), whose grant is not revoked and whose user still
//    exists — checked in the database on every request, so sign-out, refresh
//    token reuse and account deletion take effect at once.
//  - Service: X-Service-Token (never a user's Bearer token).
// `unauthorized` (401) or `forbidden` (403, missing scope).
[[nodiscard]] Result<Principal> authenticate(const RequestContext &request, const RouteOptions &options,
                                             const Connection &db, const ServerEnvironment &env);

// Just the Bearer part, for handlers with their own rules (userinfo, revoke).
[[nodiscard]] Result<Principal> authenticateBearer(const QByteArray &authorization, const Connection &db,
                                                   const ServerEnvironment &env);

} // namespace creditdesk::server::auth
