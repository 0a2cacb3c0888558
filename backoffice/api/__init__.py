"""JSON API under /api/v1 with bearer tokens (kesu api-token create); no cookies, so no CSRF."""
