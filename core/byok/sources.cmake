# Sources of core/byok, added to creditdesk_core.
target_sources(creditdesk_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/byok_entitlement.cpp
    ${CMAKE_CURRENT_LIST_DIR}/byok_log.cpp
    ${CMAKE_CURRENT_LIST_DIR}/key_verifier.cpp
    ${CMAKE_CURRENT_LIST_DIR}/mode.cpp
    ${CMAKE_CURRENT_LIST_DIR}/mode_controller.cpp
    ${CMAKE_CURRENT_LIST_DIR}/provider_key.cpp
    ${CMAKE_CURRENT_LIST_DIR}/provider_key_store.cpp
    ${CMAKE_CURRENT_LIST_DIR}/provider_kind.cpp
    ${CMAKE_CURRENT_LIST_DIR}/provider_settings.cpp
    ${CMAKE_CURRENT_LIST_DIR}/key_verifier.h
    ${CMAKE_CURRENT_LIST_DIR}/mode_controller.h
    ${CMAKE_CURRENT_LIST_DIR}/provider_key_store.h
)
