target_sources(creditdesk_server PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/embedded_server.cpp
    ${CMAKE_CURRENT_LIST_DIR}/embedded_server.h
    ${CMAKE_CURRENT_LIST_DIR}/server_runtime.cpp
    ${CMAKE_CURRENT_LIST_DIR}/server_runtime.h
)
