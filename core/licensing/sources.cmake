# Sources of core/licensing, added to creditdesk_core.
