"""Desk configuration that admins edit: routing, canned replies, classifier overrides."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.enums import Category, Language, Severity
from models.staff import Department, Staff
from models.ticket import Ticket


class CategoryRoute(Model):
    """Which department is responsible (责任部门) for a category."""

    category = fields.CharEnumField(Category, max_length=24, primary_key=True)
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="routes", on_delete=fields.CASCADE
    )

    class Meta:
        table = "category_route"


class CannedReply(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=100)
    body = fields.TextField()
    language = fields.CharEnumField(Language, max_length=4, default=Language.ZH)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "canned_reply"


class ClassifierOverride(Model):
    """Staff changed the suggestion of the classifier: training signal for the lexicon."""

    id = fields.IntField(primary_key=True)
    ticket: fields.ForeignKeyNullableRelation[Ticket] = fields.ForeignKeyField(
        "models.Ticket", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    text = fields.TextField()
    suggested_category = fields.CharEnumField(Category, max_length=24, null=True)
    suggested_severity = fields.CharEnumField(Severity, max_length=1, null=True)
    final_category = fields.CharEnumField(Category, max_length=24)
    final_severity = fields.CharEnumField(Severity, max_length=1)
    staff: fields.ForeignKeyNullableRelation[Staff] = fields.ForeignKeyField(
        "models.Staff", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField()

    class Meta:
        table = "classifier_override"


class LexiconEntry(Model):
    """An addition to (or removal from) the shipped lexicon by an admin, applied on top of the data files."""

    id = fields.IntField(primary_key=True)
    label = fields.CharField(max_length=32)  # a category, or "severity:A" etc.
    word = fields.CharField(max_length=64)
    weight = fields.FloatField(default=1.0)  # 0 removes a shipped word
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "lexicon_entry"
        unique_together = (("label", "word"),)


class JobRun(Model):
    """Guard for cron jobs: one row per (job, period) means one instance ran it."""

    key = fields.CharField(max_length=64, primary_key=True)
    started_at = fields.DatetimeField()
    finished_at = fields.DatetimeField(null=True)
    result = fields.JSONField(null=True)

    class Meta:
        table = "job_run"
