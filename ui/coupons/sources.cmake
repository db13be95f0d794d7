# Sources of ui/coupons, added to creditdesk_ui.
target_sources(creditdesk_ui PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/coupon_history_model.cpp
    ${CMAKE_CURRENT_LIST_DIR}/coupons_page.cpp
)
