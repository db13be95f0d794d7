#pragma once

#include <QString>

namespace creditdesk::test {

// Absolute path of a file in tests/data (deliberately broken inputs live there).
[[nodiscard]] QString dataPath(const QString &relative);

// The throwaway PostgreSQL cluster the test script started
// (CREDITDESK_TEST_PG_URL, postgresql://USER@HOST:PORT/DB), or empty.
[[nodiscard]] QString postgresUrl();

// Why PostgreSQL tests cannot run here; QSKIP with it when postgresUrl() is
// empty, except under CI (CI=true), where a missing cluster is a failure.
[[nodiscard]] bool postgresRequired();

} // namespace creditdesk::test
