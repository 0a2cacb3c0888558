"""Shared desk fixtures for deadline and revisit tests: a routed department with staff, tickets filed at a chosen time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from models.config import CategoryRoute
from models.customer import customer_for_chat
from models.enums import Category, Channel, Role
from models.holidays import seed_holidays
from models.lifecycle import file_ticket
from models.record import ComplaintRecord
from models.staff import Department, Staff

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
async def desk(db):
    """A department owning product complaints: a handler and a supervisor with Telegram linked."""
    await seed_holidays()
    dept = await Department.create(name="售后部")
    await CategoryRoute.create(category=Category.PRODUCT_QUALITY, department=dept)
    handler = await Staff.create(username="li", display_name="李四", department=dept, telegram_chat_id="h1")
    supervisor = await Staff.create(
        username="wang", display_name="王主管", role=Role.SUPERVISOR, department=dept, telegram_chat_id="s1"
    )
    return {"dept": dept, "handler": handler, "supervisor": supervisor}


@pytest.fixture
def file_at():
    async def file(at: datetime, severity: str = "C", channel: Channel = Channel.TELEGRAM, chat: str = "c1"):
        customer = await customer_for_chat(channel, chat)
        record = ComplaintRecord(description="鞋子开胶", customer_name="张三", phone="+8613812345678")
        return await file_ticket(
            record,
            customer=customer,
            channel=channel,
            chat_id=chat if channel.is_chat else "",
            now=at,
            tz=TZ,
            suggestion={"category": "product_quality", "severity": severity, "keywords": []},
        )

    return file
