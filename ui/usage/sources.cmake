# Sources of ui/usage, added to creditdesk_ui.
target_sources(creditdesk_ui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/usage_charts.cpp
    ${CMAKE_CURRENT_LIST_DIR}/usage_export_job.cpp
    ${CMAKE_CURRENT_LIST_DIR}/usage_page.cpp
    ${CMAKE_CURRENT_LIST_DIR}/usage_table_model.cpp
)
