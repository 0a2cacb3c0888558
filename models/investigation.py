"""Corrective and preventive actions (纠正预防措施) with owner, due date and effectiveness check."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.staff import Staff
from models.ticket import Ticket


class ActionKind(StrEnum):
    CORRECTIVE = "corrective"
    PREVENTIVE = "preventive"


class CorrectiveAction(Model):
    id = fields.IntField(primary_key=True)
    ticket: fields.ForeignKeyRelation[Ticket] = fields.ForeignKeyField(
        "models.Ticket", related_name="actions", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(ActionKind, max_length=16)
    description = fields.TextField()
    owner: fields.ForeignKeyNullableRelation[Staff] = fields.ForeignKeyField(
        "models.Staff", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    owner_name = fields.CharField(max_length=64, default="")
    due_date = fields.DateField(null=True)
    done_at = fields.DatetimeField(null=True)
    effective = fields.BooleanField(null=True)  # the effectiveness check; NULL until checked
    checked_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "corrective_action"
