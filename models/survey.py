"""Revisit (回访) rounds and the customer's answers."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.ticket import Ticket


class SurveyStage(StrEnum):
    """Where the dialogue of an answered survey stands: the yes/no, then a rating, then a comment."""

    ASK = "ask"
    RATING = "rating"
    COMMENT = "comment"
    DONE = "done"


class SurveyState(StrEnum):
    ASKED = "asked"
    REMINDED = "reminded"
    ANSWERED = "answered"
    NO_RESPONSE = "no_response"


class Survey(Model):
    id = fields.IntField(primary_key=True)
    ticket: fields.ForeignKeyRelation[Ticket] = fields.ForeignKeyField(
        "models.Ticket", related_name="surveys", on_delete=fields.CASCADE
    )
    round = fields.IntField(default=1)
    state = fields.CharEnumField(SurveyState, max_length=16, default=SurveyState.ASKED)
    satisfied = fields.BooleanField(null=True)
    rating = fields.SmallIntField(null=True)
    comment = fields.TextField(default="")
    asked_at = fields.DatetimeField()
    reminder_due_at = fields.DatetimeField(null=True)
    expires_at = fields.DatetimeField(null=True)
    reminded_at = fields.DatetimeField(null=True)
    answered_at = fields.DatetimeField(null=True)
    claimed_until = fields.DatetimeField(null=True)
    stage = fields.CharEnumField(SurveyStage, max_length=16, default=SurveyStage.ASK)

    class Meta:
        table = "survey"
        unique_together = (("ticket", "round"),)
        indexes = (("state", "reminder_due_at"), ("state", "expires_at"), ("stage", "answered_at"))
