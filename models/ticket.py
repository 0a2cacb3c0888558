"""The complaint ticket: the confirmed 客户投诉记录表 plus the handling state."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tortoise import connections, fields
from tortoise.models import Model

from models.customer import Customer
from models.enums import (
    Category,
    Channel,
    CloseReason,
    ComplaintType,
    Demand,
    RootCause,
    Severity,
    Status,
    Validity,
)
from models.staff import Department, Staff


class Ticket(Model):
    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=24, unique=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="tickets", on_delete=fields.RESTRICT
    )
    channel = fields.CharEnumField(Channel, max_length=16)
    # Chat the ticket was filed from, so replies go back to the same conversation.
    chat_id = fields.CharField(max_length=128, default="")

    # The record as confirmed by the customer (or entered by staff).
    customer_name = fields.CharField(max_length=100, default="")
    phone = fields.CharField(max_length=32, default="")
    address = fields.CharField(max_length=255, default="")
    reference = fields.CharField(max_length=100, default="")  # order no. / membership card / product model
    purchase_date = fields.DateField(null=True)
    complaint_type = fields.CharEnumField(ComplaintType, max_length=16, default=ComplaintType.OTHER)
    description = fields.TextField()
    demand = fields.CharEnumField(Demand, max_length=16, default=Demand.OTHER)
    demand_detail = fields.CharField(max_length=255, default="")
    amount = fields.DecimalField(max_digits=12, decimal_places=2, null=True)
    price = fields.DecimalField(max_digits=12, decimal_places=2, null=True)

    # Assessment.
    status = fields.CharEnumField(Status, max_length=16, default=Status.NEW)
    category = fields.CharEnumField(Category, max_length=24, default=Category.OTHER)
    severity = fields.CharEnumField(Severity, max_length=1, default=Severity.C)
    suggested_category = fields.CharEnumField(Category, max_length=24, null=True)
    suggested_severity = fields.CharEnumField(Severity, max_length=1, null=True)
    suggestion = fields.JSONField(null=True)  # keywords and confidence, so staff see why
    classification_confirmed = fields.BooleanField(default=False)
    validity = fields.CharEnumField(Validity, max_length=16, default=Validity.UNDECIDED)
    validity_reason = fields.TextField(default="")
    root_cause = fields.CharEnumField(RootCause, max_length=16, null=True)
    root_cause_detail = fields.TextField(default="")

    # Routing.
    department: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="tickets", null=True, on_delete=fields.SET_NULL
    )
    assignee: fields.ForeignKeyNullableRelation[Staff] = fields.ForeignKeyField(
        "models.Staff", related_name="assigned_tickets", null=True, on_delete=fields.SET_NULL
    )

    # Timeline (denormalised from events for queues and reports).
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    first_contact_at = fields.DatetimeField(null=True)
    resolved_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)
    close_reason = fields.CharEnumField(CloseReason, max_length=24, null=True)
    next_due_at = fields.DatetimeField(null=True)  # earliest open deadline: the queue's sort key
    overdue = fields.BooleanField(default=False)
    reopen_count = fields.IntField(default=0)
    unsatisfied_count = fields.IntField(default=0)
    purged_at = fields.DatetimeField(null=True)

    class Meta:
        table = "ticket"
        indexes = (
            ("status", "next_due_at"),
            ("next_due_at", "id"),  # the back-office queue: keyset by next deadline
            ("department_id", "status", "next_due_at"),
            ("assignee_id", "status", "next_due_at"),
            ("created_at",),
            ("customer_id", "created_at"),
        )

    @property
    def is_open(self) -> bool:
        return self.status in (Status.NEW, Status.IN_PROGRESS, Status.REOPENED)


class TicketCounter(Model):
    """Per-day sequence behind KS-YYYYMMDD-NNNN."""

    day = fields.CharField(max_length=8, primary_key=True)
    seq = fields.IntField(default=0)

    class Meta:
        table = "ticket_counter"


_NEXT_NUMBER = (
    "INSERT INTO ticket_counter (day, seq) VALUES ({}, 1) "
    "ON CONFLICT (day) DO UPDATE SET seq = ticket_counter.seq + 1 RETURNING seq"
)
_NEXT_NUMBER_PG = _NEXT_NUMBER.format("$1")
_NEXT_NUMBER_SQLITE = _NEXT_NUMBER.format("?")


async def next_ticket_number(now: datetime, tz: ZoneInfo) -> str:
    """Allocate the next number for the local day in one atomic statement (safe across processes)."""
    day = now.astimezone(tz).strftime("%Y%m%d")
    conn = connections.get("default")
    # INSERT … ON CONFLICT … RETURNING is a single atomic statement on both SQLite ≥3.35 and PostgreSQL.
    sql = _NEXT_NUMBER_PG if conn.capabilities.dialect == "postgres" else _NEXT_NUMBER_SQLITE
    rows = await conn.execute_query_dict(sql, [day])
    return f"KS-{day}-{rows[0]['seq']:04d}"
