"""Supervisor approvals (主管批示): closing an A case, remedies above the threshold."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.staff import Staff
from models.ticket import Ticket


class ApprovalKind(StrEnum):
    CLOSE_MAJOR = "close_major"
    REMEDY = "remedy"


class ApprovalDecision(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Approval(Model):
    id = fields.IntField(primary_key=True)
    ticket: fields.ForeignKeyRelation[Ticket] = fields.ForeignKeyField(
        "models.Ticket", related_name="approvals", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(ApprovalKind, max_length=16)
    amount = fields.DecimalField(max_digits=12, decimal_places=2, null=True)
    summary = fields.TextField(default="")
    requested_by: fields.ForeignKeyNullableRelation[Staff] = fields.ForeignKeyField(
        "models.Staff", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    requested_at = fields.DatetimeField()
    decision = fields.CharEnumField(ApprovalDecision, max_length=16, default=ApprovalDecision.PENDING)
    decided_by: fields.ForeignKeyNullableRelation[Staff] = fields.ForeignKeyField(
        "models.Staff", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    decided_by_name = fields.CharField(max_length=64, default="")
    decided_at = fields.DatetimeField(null=True)
    note = fields.TextField(default="")

    class Meta:
        table = "approval"
