"""Deadline policy, per-ticket deadline rows and the working-day calendar."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.enums import DeadlineKind, DeadlineState, Severity
from models.ticket import Ticket


class DurationUnit(StrEnum):
    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"
    WORKING_DAYS = "working_days"


class DeadlinePolicy(Model):
    """How long each step may take, per severity (defaults from the procedures, edited by admins)."""

    id = fields.IntField(primary_key=True)
    severity = fields.CharEnumField(Severity, max_length=1)
    kind = fields.CharEnumField(DeadlineKind, max_length=16)
    amount = fields.IntField()
    unit = fields.CharEnumField(DurationUnit, max_length=16)
    # Remind the handler this long before the deadline falls due.
    remind_before_minutes = fields.IntField(default=0)

    class Meta:
        table = "deadline_policy"
        unique_together = (("severity", "kind"),)


class Deadline(Model):
    id = fields.BigIntField(primary_key=True)
    ticket: fields.ForeignKeyRelation[Ticket] = fields.ForeignKeyField(
        "models.Ticket", related_name="deadlines", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(DeadlineKind, max_length=16)
    round = fields.IntField(default=0)  # bumps when a reopened ticket gets fresh deadlines
    started_at = fields.DatetimeField()
    due_at = fields.DatetimeField()
    remind_at = fields.DatetimeField(null=True)
    state = fields.CharEnumField(DeadlineState, max_length=16, default=DeadlineState.PENDING)
    # The next moment the sweeper must look at this row (remind_at, then due_at); NULL once settled.
    next_action_at = fields.DatetimeField(null=True)
    # Lease of a sweeper that claimed the row; expired leases are re-claimed.
    claimed_until = fields.DatetimeField(null=True)
    claim_token = fields.CharField(max_length=36, null=True)
    reminded_at = fields.DatetimeField(null=True)
    escalated_at = fields.DatetimeField(null=True)
    met_at = fields.DatetimeField(null=True)

    class Meta:
        table = "deadline"
        unique_together = (("ticket", "kind", "round"),)
        indexes = (("next_action_at",),)


class Holiday(Model):
    """A calendar exception: a day off on a weekday, or a make-up workday (调休) on a weekend."""

    day = fields.DateField(primary_key=True)
    is_workday = fields.BooleanField()
    name = fields.CharField(max_length=64, default="")

    class Meta:
        table = "holiday"


DEFAULT_POLICY: dict[tuple[Severity, DeadlineKind], tuple[int, DurationUnit, int]] = {
    # (amount, unit, remind_before_minutes) — PRODUCT.md §5.
    (Severity.A, DeadlineKind.FIRST_CONTACT): (10, DurationUnit.MINUTES, 5),
    (Severity.B, DeadlineKind.FIRST_CONTACT): (30, DurationUnit.MINUTES, 10),
    (Severity.C, DeadlineKind.FIRST_CONTACT): (4, DurationUnit.HOURS, 60),
    (Severity.D, DeadlineKind.FIRST_CONTACT): (8, DurationUnit.HOURS, 60),
    (Severity.A, DeadlineKind.SOLUTION): (4, DurationUnit.HOURS, 60),
    (Severity.B, DeadlineKind.SOLUTION): (1, DurationUnit.WORKING_DAYS, 120),
    (Severity.C, DeadlineKind.SOLUTION): (1, DurationUnit.WORKING_DAYS, 120),
    (Severity.D, DeadlineKind.SOLUTION): (2, DurationUnit.WORKING_DAYS, 240),
    (Severity.A, DeadlineKind.RESOLUTION): (24, DurationUnit.HOURS, 240),
    (Severity.B, DeadlineKind.RESOLUTION): (2, DurationUnit.DAYS, 480),
    (Severity.C, DeadlineKind.RESOLUTION): (5, DurationUnit.WORKING_DAYS, 480),
    (Severity.D, DeadlineKind.RESOLUTION): (5, DurationUnit.WORKING_DAYS, 480),
    (Severity.A, DeadlineKind.REVISIT): (4, DurationUnit.HOURS, 60),
    (Severity.B, DeadlineKind.REVISIT): (4, DurationUnit.HOURS, 60),
    (Severity.C, DeadlineKind.REVISIT): (4, DurationUnit.HOURS, 60),
    (Severity.D, DeadlineKind.REVISIT): (4, DurationUnit.HOURS, 60),
}
