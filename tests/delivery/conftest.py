"""Fakes for the outbox sender: a transport that records sends and can be told to fail."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest

from models.customer import customer_for_chat
from models.enums import Channel
from models.lifecycle import file_ticket
from models.outbox import OutboxMessage
from models.record import ComplaintRecord

TZ = ZoneInfo("Asia/Shanghai")


class RecordingTransport:
    """Remembers every send; `fail` decides per message whether (and how) the send fails."""

    def __init__(self, fail: Callable[[OutboxMessage], Exception | None] | None = None) -> None:
        self.sent: list[tuple[int, str, str]] = []
        self.fail = fail

    async def send(self, message: OutboxMessage) -> str | None:
        if self.fail is not None and (error := self.fail(message)) is not None:
            raise error
        self.sent.append((message.id, message.chat_id, message.text))
        return str(len(self.sent))


@pytest.fixture
def transport() -> RecordingTransport:
    return RecordingTransport()


@pytest.fixture
def make_ticket(clock):
    async def make(chat_id: str = "1001", severity: str = "C", channel: Channel = Channel.TELEGRAM):
        customer = await customer_for_chat(channel, chat_id)
        record = ComplaintRecord(description="水壶漏电", customer_name="张三", phone="+8613812345678")
        return await file_ticket(
            record,
            customer=customer,
            channel=channel,
            chat_id=chat_id,
            now=clock.now(),
            tz=TZ,
            suggestion={"category": "product_quality", "severity": severity, "keywords": []},
        )

    return make
