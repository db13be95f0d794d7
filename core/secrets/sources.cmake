# Sources of core/secrets, added to creditdesk_core.
