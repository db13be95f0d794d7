# Sources of core/secrets, added to creditdesk_core.
target_sources(creditdesk_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/keychain_errors.cpp
    ${CMAKE_CURRENT_LIST_DIR}/keychain_secret_store.cpp
    ${CMAKE_CURRENT_LIST_DIR}/memory_secret_store.cpp
    ${CMAKE_CURRENT_LIST_DIR}/secret_key.cpp
    ${CMAKE_CURRENT_LIST_DIR}/secret_store.cpp
    ${CMAKE_CURRENT_LIST_DIR}/secrets_log.cpp
)
