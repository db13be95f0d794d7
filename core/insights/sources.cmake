# Sources of core/insights, added to creditdesk_core.
target_sources(creditdesk_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/balance_forecaster.cpp
    ${CMAKE_CURRENT_LIST_DIR}/cost_comparison.cpp
    ${CMAKE_CURRENT_LIST_DIR}/list_prices.cpp
)
