#pragma once

namespace creditdesk::server {
class AdminCommands;
}

namespace creditdesk::server::auth {
// create-user, issue-token, issue-service-token, delete-user, export-public-key.
void addAdminCommands(AdminCommands &commands);
} // namespace creditdesk::server::auth
