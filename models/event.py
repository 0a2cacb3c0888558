"""The ticket thread: one append-only list of everything that happened — also the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise import fields
from tortoise.models import Model

from models.enums import EventKind
from models.staff import Staff
from models.ticket import Ticket


class TicketEvent(Model):
    id = fields.BigIntField(primary_key=True)
    ticket: fields.ForeignKeyRelation[Ticket] = fields.ForeignKeyField(
        "models.Ticket", related_name="events", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(EventKind, max_length=24)
    # Exactly one actor: a staff member, the customer, or the system (both empty).
    actor: fields.ForeignKeyNullableRelation[Staff] = fields.ForeignKeyField(
        "models.Staff", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    actor_customer = fields.BooleanField(default=False)
    actor_label = fields.CharField(max_length=100, default="")  # name at the time: survives staff deletion
    body = fields.TextField(default="")
    data = fields.JSONField(default=dict)
    internal = fields.BooleanField(default=False)  # notes and audit entries the customer never sees
    created_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "ticket_event"
        indexes = (("ticket_id", "id"), ("kind", "created_at"))

    async def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise RuntimeError("ticket events are append-only")
        await super().save(*args, **kwargs)


SYSTEM = "system"


async def append_event(
    ticket: Ticket,
    kind: EventKind,
    *,
    now: datetime,
    actor: Staff | None = None,
    by_customer: bool = False,
    body: str = "",
    data: dict[str, Any] | None = None,
    internal: bool = False,
) -> TicketEvent:
    if actor is not None:
        label = actor.name
    elif by_customer:
        label = ticket.customer_name or "customer"
    else:
        label = SYSTEM
    return await TicketEvent.create(
        ticket=ticket,
        kind=kind,
        actor=actor,
        actor_customer=by_customer,
        actor_label=label,
        body=body,
        data=data or {},
        internal=internal,
        created_at=now,
    )
