# Sources of ui/overview, added to creditdesk_ui.
target_sources(creditdesk_ui PRIVATE
)
