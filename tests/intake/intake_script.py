"""A scripted customer talking to the dialogue engine directly (no Telegram), reading replies from the outbox."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from bot.intake.engine import Dialogue
from bot.intake.inbound import Inbound, Kind, Photo
from models.enums import Channel
from models.intake import IntakeSession
from models.outbox import OutboxMessage

_keys = itertools.count(1)


@dataclass
class ScriptedCustomer:
    dialogue: Dialogue
    chat_id: str
    channel: Channel = Channel.TELEGRAM
    language: str | None = None
    handled: list[bool] = field(default_factory=list)

    async def _send(
        self,
        kind: Kind,
        *,
        text: str = "",
        data: str = "",
        photo: Photo | None = None,
        key: str | None = None,
    ) -> OutboxMessage | None:
        inbound = Inbound(
            channel=self.channel,
            chat_id=self.chat_id,
            update_key=key or f"test:{next(_keys)}",
            kind=kind,
            text=text,
            data=data,
            photo=photo,
            language=self.language,
        )
        self.handled.append(await self.dialogue.handle(inbound))
        return await self.last()

    async def say(self, text: str, *, key: str | None = None) -> OutboxMessage | None:
        return await self._send(Kind.TEXT, text=text, key=key)

    async def tap(self, data: str, *, key: str | None = None) -> OutboxMessage | None:
        return await self._send(Kind.CALLBACK, data=data, key=key)

    async def command(self, name: str, arg: str = "") -> OutboxMessage | None:
        return await self._send(Kind.COMMAND, data=name, text=arg)

    async def photo(
        self, file_id: str = "AgAD1", *, path: str = "", caption: str = ""
    ) -> OutboxMessage | None:
        return await self._send(Kind.PHOTO, text=caption, photo=Photo(file_id=file_id, path=path))

    async def sticker(self) -> OutboxMessage | None:
        return await self._send(Kind.UNSUPPORTED)

    async def last(self) -> OutboxMessage | None:
        return await OutboxMessage.filter(chat_id=self.chat_id).order_by("-id").first()

    async def replies(self) -> list[OutboxMessage]:
        return await OutboxMessage.filter(chat_id=self.chat_id).order_by("id")

    async def session(self) -> IntakeSession:
        return await IntakeSession.get(channel=self.channel, chat_id=self.chat_id)

    async def step(self) -> str:
        return (await self.session()).step

    async def confirm_button(self) -> str:
        message = await self.last()
        assert message is not None and message.buttons, "no read-back on screen"
        data = message.buttons[0][0]["data"]
        assert data.startswith("ok:")
        return data


def button_data(message: OutboxMessage | None) -> list[str]:
    assert message is not None
    return [b["data"] for row in (message.buttons or []) for b in row]


FULL_STORY = "我的电热水壶漏电，把我电了一下。"


async def walk_to_readback(c: ScriptedCustomer, story: str = FULL_STORY) -> OutboxMessage | None:
    """/start, a story without extra facts, then every question answered."""
    await c.command("start")
    await c.say(story)
    await c.say("张三")
    await c.say("13812345678")
    await c.say("DD20261101234")
    await c.say("2026-11-01")
    await c.tap("dm:return")
    await c.say("299")
    return await c.tap("sk:photos")
