"""Dialogue state of a chat that is filing a complaint: one row per chat, saved after every step."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.customer import Customer
from models.enums import Channel, Language
from models.ticket import Ticket


class IntakeSession(Model):
    id = fields.IntField(primary_key=True)
    channel = fields.CharEnumField(Channel, max_length=16)
    chat_id = fields.CharField(max_length=128)
    customer: fields.ForeignKeyNullableRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="intake_sessions", null=True, on_delete=fields.CASCADE
    )
    step = fields.CharField(max_length=32, default="idle")
    draft = fields.JSONField(default=dict)
    language = fields.CharEnumField(Language, max_length=4, default=Language.ZH)
    # Ticket the chat's free text is appended to once filed; a chat with several asks which.
    active_ticket: fields.ForeignKeyNullableRelation[Ticket] = fields.ForeignKeyField(
        "models.Ticket", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    version = fields.IntField(default=0)  # optimistic lock: a stale writer loses
    updated_at = fields.DatetimeField()
    nudged_at = fields.DatetimeField(null=True)

    class Meta:
        table = "intake_session"
        unique_together = (("channel", "chat_id"),)
        indexes = (("step", "updated_at"),)


class ProcessedUpdate(Model):
    """Idempotency: an incoming update (Telegram update_id, web chat message id) is handled once."""

    key = fields.CharField(max_length=128, primary_key=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "processed_update"


class Attachment(Model):
    id = fields.IntField(primary_key=True)
    ticket: fields.ForeignKeyNullableRelation[Ticket] = fields.ForeignKeyField(
        "models.Ticket", related_name="attachments", null=True, on_delete=fields.CASCADE
    )
    session: fields.ForeignKeyNullableRelation[IntakeSession] = fields.ForeignKeyField(
        "models.IntakeSession", related_name="attachments", null=True, on_delete=fields.SET_NULL
    )
    event_id = fields.BigIntField(null=True)
    channel = fields.CharEnumField(Channel, max_length=16)
    file_id = fields.CharField(max_length=255, default="")  # Telegram file id
    path = fields.CharField(max_length=255, default="")  # relative to the uploads dir
    mime = fields.CharField(max_length=64, default="image/jpeg")
    size = fields.IntField(default=0)
    created_at = fields.DatetimeField()

    class Meta:
        table = "attachment"
