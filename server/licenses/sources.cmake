target_sources(creditdesk_server PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/license_admin.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_admin_p.h
    ${CMAKE_CURRENT_LIST_DIR}/license_certificates.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_certificates.h
    ${CMAKE_CURRENT_LIST_DIR}/license_json.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_json.h
    ${CMAKE_CURRENT_LIST_DIR}/license_key_generator.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_key_generator.h
    ${CMAKE_CURRENT_LIST_DIR}/license_log.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_log.h
    ${CMAKE_CURRENT_LIST_DIR}/license_module.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_offline.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_offline.h
    ${CMAKE_CURRENT_LIST_DIR}/license_repository.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_repository.h
    ${CMAKE_CURRENT_LIST_DIR}/license_repository_versions.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_routes.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_routes_catalog.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_routes_p.h
    ${CMAKE_CURRENT_LIST_DIR}/license_service.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_service.h
    ${CMAKE_CURRENT_LIST_DIR}/license_service_catalog.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_sql_p.h
    ${CMAKE_CURRENT_LIST_DIR}/license_transaction_p.h
    ${CMAKE_CURRENT_LIST_DIR}/license_types.h
    ${CMAKE_CURRENT_LIST_DIR}/license_validation.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_validation.h
)
# Activation certificates and key generation need creditdesk_crypto.
target_link_libraries(creditdesk_server PUBLIC creditdesk_crypto)
