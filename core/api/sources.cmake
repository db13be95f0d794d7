# Sources of core/api, added to creditdesk_core.
include(${CMAKE_CURRENT_LIST_DIR}/signin/sources.cmake)
