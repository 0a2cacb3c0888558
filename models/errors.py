"""Domain errors. Each carries a policy so the edges know whether retrying can help."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the complaint process refused the change. Never retried."""

    permanent = True
    code = "domain_error"


class IllegalTransition(DomainError):
    code = "illegal_transition"


class PermissionDenied(DomainError):
    code = "permission_denied"


class ValidationFailed(DomainError):
    code = "validation_failed"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFound(DomainError):
    code = "not_found"


class DeliveryError(Exception):
    """Sending a chat message failed."""

    permanent = False

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermanentDeliveryError(DeliveryError):
    """The recipient cannot be reached (blocked the bot, chat gone): mark unreachable, don't retry."""

    permanent = True
