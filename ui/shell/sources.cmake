# Sources of ui/shell, added to creditdesk_ui.
target_sources(creditdesk_ui PRIVATE
)
