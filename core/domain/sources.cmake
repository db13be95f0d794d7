target_sources(creditdesk_domain PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/error.cpp
    ${CMAKE_CURRENT_LIST_DIR}/int_math.cpp
    ${CMAKE_CURRENT_LIST_DIR}/money.cpp
    ${CMAKE_CURRENT_LIST_DIR}/credits.cpp
    ${CMAKE_CURRENT_LIST_DIR}/enums.cpp
    ${CMAKE_CURRENT_LIST_DIR}/utc_time.cpp
    ${CMAKE_CURRENT_LIST_DIR}/tier_config.cpp
    ${CMAKE_CURRENT_LIST_DIR}/proration.cpp
    ${CMAKE_CURRENT_LIST_DIR}/coupon_discount.cpp
    ${CMAKE_CURRENT_LIST_DIR}/coupon_validation.cpp
    ${CMAKE_CURRENT_LIST_DIR}/credit_ledger.cpp
    ${CMAKE_CURRENT_LIST_DIR}/credit_conversion.cpp
    ${CMAKE_CURRENT_LIST_DIR}/license_rules.cpp
    ${CMAKE_CURRENT_LIST_DIR}/clock.cpp
    ${CMAKE_CURRENT_LIST_DIR}/client_rules.cpp
    ${CMAKE_CURRENT_LIST_DIR}/subscription_rules.cpp
)
