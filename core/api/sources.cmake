# Sources of core/api, added to creditdesk_core.
include(${CMAKE_CURRENT_LIST_DIR}/signin/sources.cmake)
target_sources(creditdesk_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/account_parsers.cpp
    ${CMAKE_CURRENT_LIST_DIR}/api_log.cpp
    ${CMAKE_CURRENT_LIST_DIR}/api_request.cpp
    ${CMAKE_CURRENT_LIST_DIR}/api_transport.cpp
    ${CMAKE_CURRENT_LIST_DIR}/billing_parsers.cpp
    ${CMAKE_CURRENT_LIST_DIR}/cloud_client.cpp
    ${CMAKE_CURRENT_LIST_DIR}/cloud_client_billing.cpp
    ${CMAKE_CURRENT_LIST_DIR}/cloud_client_licenses.cpp
    ${CMAKE_CURRENT_LIST_DIR}/coupon_sync_parsers.cpp
    ${CMAKE_CURRENT_LIST_DIR}/error_mapping.cpp
    ${CMAKE_CURRENT_LIST_DIR}/http_date.cpp
    ${CMAKE_CURRENT_LIST_DIR}/idempotency_key.cpp
    ${CMAKE_CURRENT_LIST_DIR}/json_fields.cpp
    ${CMAKE_CURRENT_LIST_DIR}/json_node.cpp
    ${CMAKE_CURRENT_LIST_DIR}/json_parser.cpp
    ${CMAKE_CURRENT_LIST_DIR}/json_values.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_parsers.cpp
    ${CMAKE_CURRENT_LIST_DIR}/proxy_settings.cpp
    ${CMAKE_CURRENT_LIST_DIR}/retry_policy.cpp
)
