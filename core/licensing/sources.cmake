# Sources of core/licensing, added to creditdesk_core.
target_sources(creditdesk_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/activation_record.cpp
    ${CMAKE_CURRENT_LIST_DIR}/certificate_store.cpp
    ${CMAKE_CURRENT_LIST_DIR}/clock_guard.cpp
    ${CMAKE_CURRENT_LIST_DIR}/device_fingerprint.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_key_format.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_manager.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_manager.h
    ${CMAKE_CURRENT_LIST_DIR}/license_manager_check.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_manager_keys.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_manager_seats.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_state.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_status.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_verifier.cpp
    ${CMAKE_CURRENT_LIST_DIR}/licensing_log.cpp
    ${CMAKE_CURRENT_LIST_DIR}/offline_activator.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pinned_keys.cpp
    ${CMAKE_CURRENT_LIST_DIR}/profile_json_file.cpp
    ${CMAKE_CURRENT_LIST_DIR}/renewal_policy.cpp
    ${CMAKE_CURRENT_LIST_DIR}/seat_list.cpp
)
