"""Customers and the chat identities they reach us through."""

from __future__ import annotations

from tortoise import fields
from tortoise.exceptions import IntegrityError
from tortoise.models import Model

from models.enums import Channel, Language


class Customer(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100, default="")
    phone = fields.CharField(max_length=32, default="", db_index=True)
    address = fields.CharField(max_length=255, default="")
    language = fields.CharEnumField(Language, max_length=4, default=Language.ZH)
    # Set when delivery failed permanently (e.g. the bot was blocked); staff see it on the ticket.
    unreachable = fields.BooleanField(default=False)
    unreachable_reason = fields.CharField(max_length=255, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    purged_at = fields.DatetimeField(null=True)

    class Meta:
        table = "customer"


class ChannelIdentity(Model):
    """A Telegram chat, web-chat visitor or phone number that belongs to a customer."""

    id = fields.IntField(primary_key=True)
    customer: fields.ForeignKeyRelation[Customer] = fields.ForeignKeyField(
        "models.Customer", related_name="identities", on_delete=fields.CASCADE
    )
    channel = fields.CharEnumField(Channel, max_length=16)
    external_id = fields.CharField(max_length=128)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "channel_identity"
        unique_together = (("channel", "external_id"),)


def mask_phone(phone: str) -> str:
    """138****5678: enough for staff to recognise a caller in a list, not to dial."""
    digits = phone.strip()
    if len(digits) <= 6:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


async def customer_for_chat(
    channel: Channel, external_id: str, *, language: Language | None = None
) -> Customer:
    """Find or create the customer behind a chat identity (idempotent under concurrent first messages)."""
    identity = await ChannelIdentity.get_or_none(channel=channel, external_id=external_id).select_related(
        "customer"
    )
    if identity:
        return identity.customer
    customer = await Customer.create(language=language or Language.ZH)
    try:
        await ChannelIdentity.create(customer=customer, channel=channel, external_id=external_id)
    except IntegrityError:  # lost a race with another message of the same chat
        await customer.delete()
        identity = await ChannelIdentity.get(channel=channel, external_id=external_id).select_related(
            "customer"
        )
        return identity.customer
    return customer
