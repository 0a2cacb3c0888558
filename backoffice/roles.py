"""Who may see what: role sets used by views, and the rule that a handler sees one department."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from models.enums import Role
from models.errors import PermissionDenied
from models.staff import Staff
from models.ticket import Ticket

ANY_STAFF = frozenset(Role)
SUPERVISORS = frozenset({Role.SUPERVISOR, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})

H = TypeVar("H", bound=Callable[..., Any])


def require_role(*roles: Role | frozenset[Role]) -> Callable[[H], H]:
    """Mark a handler with the roles that may call it; the auth middleware enforces the mark.

    Handlers without a mark are refused (deny by default), unless marked `public`.
    """
    allowed: set[Role] = set()
    for role in roles:
        allowed |= set(role) if isinstance(role, frozenset) else {role}

    def mark(handler: H) -> H:
        handler.kesu_roles = frozenset(allowed)  # type: ignore[attr-defined]
        return handler

    return mark


def public(handler: H) -> H:
    handler.kesu_public = True  # type: ignore[attr-defined]
    return handler


def roles_of(handler: Any) -> frozenset[Role] | None:
    return getattr(handler, "kesu_roles", None)


def is_public(handler: Any) -> bool:
    return getattr(handler, "kesu_public", False)


def sees_all_departments(staff: Staff) -> bool:
    return staff.role in SUPERVISORS


def check_ticket_access(staff: Staff, ticket: Ticket) -> None:
    """Handlers work on their own department's tickets (and tickets assigned to them)."""
    if sees_all_departments(staff):
        return
    if ticket.assignee_id == staff.id:
        return
    if staff.department_id is not None and ticket.department_id == staff.department_id:
        return
    raise PermissionDenied("other_department")
