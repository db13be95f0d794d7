# Each area lists its own files; the schema and its runner are listed here.
set(CREDITDESK_SERVER_MIGRATIONS
    migrations/postgresql/0001_base.sql
    migrations/postgresql/0002_plan_109_subscriptions.sql
    migrations/postgresql/0003_plan_112_token_credits.sql
    migrations/postgresql/0004_plan_110_licensing.sql
    migrations/postgresql/0005_plan_111_coupons.sql
    migrations/postgresql/0006_billing_seed.sql
    migrations/sqlite/0001_base.sql
    migrations/sqlite/0002_plan_109_subscriptions.sql
    migrations/sqlite/0003_plan_112_token_credits.sql
    migrations/sqlite/0004_plan_110_licensing.sql
    migrations/sqlite/0005_plan_111_coupons.sql
    migrations/sqlite/0006_billing_seed.sql
)
target_sources(creditdesk_server PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/cli/admin_cli.cpp
    ${CMAKE_CURRENT_LIST_DIR}/cli/admin_cli.h
    ${CMAKE_CURRENT_LIST_DIR}/cli/admin_commands.cpp
    ${CMAKE_CURRENT_LIST_DIR}/cli/admin_commands.h
    ${CMAKE_CURRENT_LIST_DIR}/cli/cli_output.cpp
    ${CMAKE_CURRENT_LIST_DIR}/cli/cli_output.h
    ${CMAKE_CURRENT_LIST_DIR}/cli/serve_command.cpp
    ${CMAKE_CURRENT_LIST_DIR}/cli/serve_command.h
    ${CMAKE_CURRENT_LIST_DIR}/cli/server_cli.cpp
    ${CMAKE_CURRENT_LIST_DIR}/cli/server_cli.h
    ${CMAKE_CURRENT_LIST_DIR}/cli/server_setup.cpp
    ${CMAKE_CURRENT_LIST_DIR}/cli/server_setup.h
    ${CMAKE_CURRENT_LIST_DIR}/cli/unix_signals.cpp
    ${CMAKE_CURRENT_LIST_DIR}/cli/unix_signals.h
    ${CMAKE_CURRENT_LIST_DIR}/db/connection.cpp
    ${CMAKE_CURRENT_LIST_DIR}/db/connection.h
    ${CMAKE_CURRENT_LIST_DIR}/db/database_url.cpp
    ${CMAKE_CURRENT_LIST_DIR}/db/database_url.h
    ${CMAKE_CURRENT_LIST_DIR}/db/db_errors.h
    ${CMAKE_CURRENT_LIST_DIR}/db/db_log.cpp
    ${CMAKE_CURRENT_LIST_DIR}/db/db_log.h
    ${CMAKE_CURRENT_LIST_DIR}/db/migrator.cpp
    ${CMAKE_CURRENT_LIST_DIR}/db/migrator.h
    ${CMAKE_CURRENT_LIST_DIR}/db/prepared_query.cpp
    ${CMAKE_CURRENT_LIST_DIR}/db/prepared_query.h
    ${CMAKE_CURRENT_LIST_DIR}/db/sql_script.cpp
    ${CMAKE_CURRENT_LIST_DIR}/db/sql_script.h
    ${CMAKE_CURRENT_LIST_DIR}/db/sql_values.cpp
    ${CMAKE_CURRENT_LIST_DIR}/db/sql_values.h
    ${CMAKE_CURRENT_LIST_DIR}/db/transaction.cpp
    ${CMAKE_CURRENT_LIST_DIR}/db/transaction.h
)
target_sources(creditdesk_server PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/module.h
    ${CMAKE_CURRENT_LIST_DIR}/server_environment.h
)
# Access tokens, activation certificates, password hashes (creditdesk_crypto
# keeps OpenSSL private).
target_link_libraries(creditdesk_server PUBLIC creditdesk_crypto)
include(${CMAKE_CURRENT_LIST_DIR}/http/sources.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/auth/sources.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/licenses/sources.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/coupons/sources.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/billing/sources.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/embedded/sources.cmake)
