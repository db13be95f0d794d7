# Sources of ui/overview, added to creditdesk_ui.
target_sources(creditdesk_ui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/overview_page.cpp
    ${CMAKE_CURRENT_LIST_DIR}/overview_page.h
    ${CMAKE_CURRENT_LIST_DIR}/sync_age_text.cpp
    ${CMAKE_CURRENT_LIST_DIR}/sync_age_text.h
    ${CMAKE_CURRENT_LIST_DIR}/usage_sparkline.cpp
    ${CMAKE_CURRENT_LIST_DIR}/usage_sparkline.h
)
