target_sources(creditdesk_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/account_reader.cpp
    ${CMAKE_CURRENT_LIST_DIR}/account_writer.cpp
    ${CMAKE_CURRENT_LIST_DIR}/billing_repository.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_repository.cpp
    ${CMAKE_CURRENT_LIST_DIR}/mirror_database.cpp
    ${CMAKE_CURRENT_LIST_DIR}/mirror_file.cpp
    ${CMAKE_CURRENT_LIST_DIR}/mirror_recovery.cpp
    ${CMAKE_CURRENT_LIST_DIR}/mirror_schema.cpp
    ${CMAKE_CURRENT_LIST_DIR}/mirror_schema_v4.cpp
    ${CMAKE_CURRENT_LIST_DIR}/outbox_repository.cpp
    ${CMAKE_CURRENT_LIST_DIR}/sql_support.cpp
    ${CMAKE_CURRENT_LIST_DIR}/sync_state_repository.cpp
    ${CMAKE_CURRENT_LIST_DIR}/transaction.cpp
    ${CMAKE_CURRENT_LIST_DIR}/usage_export.cpp
    ${CMAKE_CURRENT_LIST_DIR}/usage_reader.cpp
    ${CMAKE_CURRENT_LIST_DIR}/usage_writer.cpp
)
