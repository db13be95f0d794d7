# Sources of ui/usage, added to creditdesk_ui.
target_sources(creditdesk_ui PRIVATE
)
