"""The web chat's JSON API: signed identity, CSRF, the same dialogue, staff replies by long poll."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.intake.engine import Dialogue
from bot.webchat import WebchatHub, WebchatTransport, setup_webchat
from kesu.context import SETTINGS
from models.enums import Channel
from models.messaging import enqueue
from models.outbox import OutboxMessage
from models.ticket import Ticket


@pytest.fixture
async def chat(db, settings, clock) -> AsyncIterator[TestClient]:
    app = web.Application()
    app[SETTINGS] = settings
    hub = WebchatHub()
    setup_webchat(app, Dialogue(settings, clock), hub)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    page = await client.get("/chat")
    client.csrf = re.search(r'name="csrf-token" content="([^"]+)"', await page.text()).group(1)
    client.hub = hub
    yield client
    await client.close()


async def _say(chat: TestClient, text: str, **kw) -> dict:
    response = await chat.post(
        "/chat/api/message",
        json={"id": kw.get("id", text), "text": text},
        headers={"X-CSRF-Token": chat.csrf},
    )
    assert response.status == 200
    return await response.json()


async def test_the_page_sets_an_httponly_samesite_cookie(chat):
    response = await chat.get("/chat")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/chat" in cookie


async def test_a_visitor_files_a_complaint_through_the_api(chat):
    body = await _say(chat, "/start")
    assert "客诉服务台" in body["messages"][-1]["text"]
    for text in ("商场电梯突然停了，把我女儿夹伤了", "王芳", "13812345678"):
        body = await _say(chat, text)
    for data in ("sk:reference", "sk:purchase_date", "dm:apology", "sk:amount", "sk:photos"):
        response = await chat.post(
            "/chat/api/callback", json={"id": data, "data": data}, headers={"X-CSRF-Token": chat.csrf}
        )
        body = await response.json()
    confirm = body["messages"][-1]["buttons"][0][0]["data"]
    response = await chat.post(
        "/chat/api/callback", json={"id": "c1", "data": confirm}, headers={"X-CSRF-Token": chat.csrf}
    )
    ticket = await Ticket.get()
    assert (
        ticket.channel == Channel.WEBCHAT and ticket.number in (await response.json())["messages"][-1]["text"]
    )


async def test_a_retried_post_with_the_same_id_is_handled_once(chat):
    await _say(chat, "/start", id="same")
    await _say(chat, "/start", id="same")
    assert await OutboxMessage.filter(channel=Channel.WEBCHAT).count() == 1


async def test_requests_without_csrf_token_or_from_another_origin_are_refused(chat):
    response = await chat.post("/chat/api/message", json={"id": "x", "text": "hi"})
    assert response.status == 403
    response = await chat.post(
        "/chat/api/message",
        json={"id": "x", "text": "hi"},
        headers={"X-CSRF-Token": chat.csrf, "Origin": "https://evil.example"},
    )
    assert response.status == 403


async def test_a_forged_cookie_is_refused(chat):
    chat.session.cookie_jar.clear()
    response = await chat.get("/chat/api/messages", cookies={"kesu_chat": "someone.forged"})
    assert response.status == 403


async def test_a_staff_reply_reaches_a_waiting_page(chat, clock):
    body = await _say(chat, "/help")
    after = body["messages"][-1]["id"]
    chat_id = (await OutboxMessage.get(id=after)).chat_id
    waiting = asyncio.ensure_future(chat.get(f"/chat/api/messages?after={after}&wait=1"))
    await asyncio.sleep(0.05)
    reply = await enqueue(Channel.WEBCHAT, chat_id, "您好，我是客服小李 <b>", now=clock.now())
    await WebchatTransport(chat.hub).send(reply)
    messages = (await (await asyncio.wait_for(waiting, 3)).json())["messages"]
    assert messages[0]["text"] == "您好，我是客服小李 <b>"


async def test_a_non_image_upload_is_answered_as_unsupported(chat):
    from aiohttp import FormData

    form = FormData()
    form.add_field("id", "up1")
    form.add_field("photo", b"%PDF-1.4 not an image", filename="x.pdf", content_type="application/pdf")
    response = await chat.post("/chat/api/photo", data=form, headers={"X-CSRF-Token": chat.csrf})
    assert "文字和照片" in (await response.json())["messages"][-1]["text"]
