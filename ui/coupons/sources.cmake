# Sources of ui/coupons, added to creditdesk_ui.
target_sources(creditdesk_ui PRIVATE
)
