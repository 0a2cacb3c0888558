"""Staff, departments and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from tortoise import fields
from tortoise.models import Model

from models.enums import Language, Role
from models.errors import ValidationFailed


class Department(Model):
    """A responsible department (责任部门). Its supervisors are its staff with the supervisor role."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "department"

    def __str__(self) -> str:
        return self.name


class Staff(Model):
    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=64, unique=True)
    display_name = fields.CharField(max_length=64, default="")
    password_hash = fields.CharField(max_length=255, default="")
    role = fields.CharEnumField(Role, max_length=16, default=Role.HANDLER)
    department: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="staff", null=True, on_delete=fields.SET_NULL
    )
    language = fields.CharEnumField(Language, max_length=4, default=Language.ZH)
    telegram_chat_id = fields.CharField(max_length=64, null=True, db_index=True)
    telegram_link_code = fields.CharField(max_length=16, null=True, db_index=True)
    telegram_link_expires_at = fields.DatetimeField(null=True)
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "staff"

    @property
    def name(self) -> str:
        return self.display_name or self.username

    @property
    def is_supervisor(self) -> bool:
        return self.role in (Role.SUPERVISOR, Role.ADMIN)

    def __str__(self) -> str:
        return self.name


class ApiToken(Model):
    id = fields.IntField(primary_key=True)
    staff: fields.ForeignKeyRelation[Staff] = fields.ForeignKeyField(
        "models.Staff", related_name="api_tokens", on_delete=fields.CASCADE
    )
    # Only the SHA-256 of the token is stored; the token is shown once.
    token_hash = fields.CharField(max_length=64, unique=True)
    prefix = fields.CharField(max_length=12)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)
    revoked = fields.BooleanField(default=False)

    class Meta:
        table = "api_token"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_api_token(staff: Staff) -> str:
    token = "ksu_" + secrets.token_urlsafe(32)
    await ApiToken.create(staff=staff, token_hash=hash_token(token), prefix=token[:12])
    return token


async def staff_for_token(token: str) -> Staff | None:
    row = await ApiToken.get_or_none(token_hash=hash_token(token), revoked=False).select_related("staff")
    if row is None or not row.staff.active:
        return None
    return row.staff


async def supervisors_of(department_id: int | None) -> list[Staff]:
    """Who gets a department's escalations: its supervisors, else every supervisor of the desk."""
    from models.enums import Role

    if department_id is not None:
        found = await Staff.filter(department_id=department_id, role=Role.SUPERVISOR, active=True)
        if found:
            return found
    return await Staff.filter(role=Role.SUPERVISOR, active=True)


_hasher = PasswordHasher()
MIN_PASSWORD = 8


def hash_password(raw: str) -> str:
    if len(raw) < MIN_PASSWORD:
        raise ValidationFailed("password", "too_short")
    return _hasher.hash(raw)


def verify_password(staff: Staff, raw: str) -> bool:
    if not staff.password_hash:
        return False
    try:
        return _hasher.verify(staff.password_hash, raw)
    except (VerifyMismatchError, InvalidHashError):
        return False


LINK_CODE_TTL_MINUTES = 15


async def start_telegram_link(staff: Staff, now: datetime) -> str:
    """One-time code the staff member sends to the bot (/link CODE) to receive reminders there."""
    code = f"{secrets.randbelow(10**6):06d}"
    staff.telegram_link_code = code
    staff.telegram_link_expires_at = now + timedelta(minutes=LINK_CODE_TTL_MINUTES)
    await staff.save(update_fields=["telegram_link_code", "telegram_link_expires_at"])
    return code


async def complete_telegram_link(code: str, chat_id: str, now: datetime) -> Staff | None:
    """Bind the chat that sent a valid, unexpired code; the code works once."""
    staff = await Staff.get_or_none(telegram_link_code=code.strip(), active=True)
    if staff is None or staff.telegram_link_expires_at is None or staff.telegram_link_expires_at < now:
        return None
    staff.telegram_chat_id = chat_id
    staff.telegram_link_code = None
    staff.telegram_link_expires_at = None
    await staff.save(update_fields=["telegram_chat_id", "telegram_link_code", "telegram_link_expires_at"])
    return staff
