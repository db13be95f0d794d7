# Sources of core/session (the application's object graph), added to creditdesk_core.
target_sources(creditdesk_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/app_session.cpp
    ${CMAKE_CURRENT_LIST_DIR}/app_session_signin.cpp
    ${CMAKE_CURRENT_LIST_DIR}/client_services.cpp
    ${CMAKE_CURRENT_LIST_DIR}/profile.cpp
    ${CMAKE_CURRENT_LIST_DIR}/session_log.cpp
)
