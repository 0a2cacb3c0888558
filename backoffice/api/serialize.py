"""JSON shapes of tickets and events (documented in openapi.py — keep the two in step)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from models.customer import mask_phone
from models.event import TicketEvent
from models.outbox import OutboxMessage
from models.record import display_phone
from models.ticket import Ticket


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def summary_from_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "number": row["number"],
        "status": row["status"],
        "category": row["category"],
        "severity": row["severity"],
        "channel": row["channel"],
        "customer_name": row["customer_name"],
        "phone_masked": mask_phone(display_phone(row["phone"])),
        "excerpt": row["excerpt"],
        "department": row["department_name"],
        "assignee": row["assignee_name"],
        "next_due_at": _iso(row["next_due_at"]),
        "overdue": row["overdue"],
        "created_at": _iso(row["created_at"]),
    }


def ticket_detail(
    ticket: Ticket, events: list[TicketEvent], outbox: dict[int, OutboxMessage]
) -> dict[str, Any]:
    return {
        "number": ticket.number,
        "status": ticket.status,
        "category": ticket.category,
        "severity": ticket.severity,
        "channel": ticket.channel,
        "validity": ticket.validity,
        "customer_name": ticket.customer_name,
        "phone_masked": mask_phone(display_phone(ticket.phone)),
        "address": ticket.address,
        "reference": ticket.reference,
        "purchase_date": ticket.purchase_date.isoformat() if ticket.purchase_date else None,
        "complaint_type": ticket.complaint_type,
        "description": ticket.description,
        "demand": ticket.demand,
        "demand_detail": ticket.demand_detail,
        "amount": str(ticket.amount) if ticket.amount is not None else None,
        "department": ticket.department.name if ticket.department else None,
        "assignee": ticket.assignee.name if ticket.assignee else None,
        "root_cause": ticket.root_cause,
        "created_at": _iso(ticket.created_at),
        "next_due_at": _iso(ticket.next_due_at),
        "overdue": ticket.overdue,
        "thread": [event_json(e, outbox) for e in events],
    }


def event_json(event: TicketEvent, outbox: dict[int, OutboxMessage] | None = None) -> dict[str, Any]:
    message = None
    if outbox:
        message = outbox.get((event.data or {}).get("outbox_id")) or next(
            (m for m in outbox.values() if m.event_id == event.id), None
        )
    return {
        "id": event.id,
        "kind": event.kind,
        "actor": event.actor_label,
        "by_customer": event.actor_customer,
        "internal": event.internal,
        "body": event.body,
        "created_at": _iso(event.created_at),
        "delivery": message.state if message else None,
    }
