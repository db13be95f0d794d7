# Sources of core/api/signin (OIDC sign-in session), added to creditdesk_core.
target_sources(creditdesk_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/auth_session.cpp
    ${CMAKE_CURRENT_LIST_DIR}/auth_session_refresh.cpp
    ${CMAKE_CURRENT_LIST_DIR}/loopback_receiver.cpp
    ${CMAKE_CURRENT_LIST_DIR}/oidc_discovery.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pkce.cpp
    ${CMAKE_CURRENT_LIST_DIR}/signin_flow.cpp
    ${CMAKE_CURRENT_LIST_DIR}/signin_http.cpp
    ${CMAKE_CURRENT_LIST_DIR}/signin_log.cpp
    ${CMAKE_CURRENT_LIST_DIR}/token_input.cpp
    ${CMAKE_CURRENT_LIST_DIR}/token_response.cpp
)
