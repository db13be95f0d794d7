# Sources of core/api/signin (OIDC sign-in session), added to creditdesk_core.
