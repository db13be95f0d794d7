#pragma once

#include "core/domain/error.h"
#include "server/db/database_url.h"

namespace creditdesk::server {

class Connection;

// The calling thread's own database connection (Qt SQL connections belong to
// one thread), opened on first use under a unique name and closed when the
// thread ends. `database_unavailable` when it cannot be opened; the next call
// tries again.
[[nodiscard]] Result<Connection *> workerConnection(const DatabaseConfig &config);

// Closes the calling thread's connection when it no longer answers
// (`SELECT 1` fails), so the next request reconnects. True if it was healthy.
bool checkWorkerConnection();

} // namespace creditdesk::server
