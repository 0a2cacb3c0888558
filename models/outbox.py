"""Every message a customer or staff member receives is a row here first."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.enums import Channel, OutboxState
from models.event import TicketEvent
from models.ticket import Ticket


class OutboxMessage(Model):
    id = fields.BigIntField(primary_key=True)
    channel = fields.CharEnumField(Channel, max_length=16)  # telegram or webchat
    chat_id = fields.CharField(max_length=128, db_index=True)
    text = fields.TextField()
    # Inline buttons: [[{"text": "满意", "data": "survey:1:yes"}], …]
    buttons = fields.JSONField(null=True)
    ticket: fields.ForeignKeyNullableRelation[Ticket] = fields.ForeignKeyField(
        "models.Ticket", related_name="outbox", null=True, on_delete=fields.SET_NULL
    )
    event: fields.ForeignKeyNullableRelation[TicketEvent] = fields.ForeignKeyField(
        "models.TicketEvent", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    to_staff = fields.BooleanField(default=False)
    # Same key twice means the same logical message: the second insert is refused.
    dedupe_key = fields.CharField(max_length=128, null=True, unique=True)
    state = fields.CharEnumField(OutboxState, max_length=16, default=OutboxState.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(null=True)
    claimed_until = fields.DatetimeField(null=True)
    claim_token = fields.CharField(max_length=36, null=True)
    last_error = fields.TextField(default="")
    external_message_id = fields.CharField(max_length=64, null=True)
    created_at = fields.DatetimeField()
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox_message"
        indexes = (("state", "next_attempt_at"),)
