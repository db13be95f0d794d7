#pragma once

namespace creditdesk::server {

class AdminCommands;

namespace licadmin {
// create-license, set-license-status, answer-offline-request.
void addCommands(AdminCommands &commands);
} // namespace licadmin

} // namespace creditdesk::server
