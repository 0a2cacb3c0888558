"""/api/v1 handlers. Authentication and domain errors are handled by the middlewares (JSON replies)."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from backoffice.api.openapi import DOCUMENT
from backoffice.api.serialize import event_json, summary_from_row, ticket_detail
from backoffice.keys import STAFF
from backoffice.queue import QueueFilter, fetch_page
from backoffice.roles import ANY_STAFF, public, require_role
from backoffice.views.intake import file_staff_complaint, parse_record
from backoffice.views.ticket import load_ticket
from kesu.context import CLOCK, SETTINGS
from models import lifecycle
from models.enums import Channel, CloseReason, Status
from models.errors import IllegalTransition, ValidationFailed
from models.event import TicketEvent
from models.lifecycle import Actor
from models.outbox import OutboxMessage
from models.ticket import Ticket

PREFIX = "/api/v1"


def _error(status: int, code: str, message: str, **extra: Any) -> web.Response:
    return web.json_response({"error": code, "message": message, **extra}, status=status)


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        data = await request.json(loads=json.loads)
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        raise web.HTTPBadRequest(
            text=json.dumps({"error": "bad_json", "message": "body must be a JSON object"}),
            content_type="application/json",
        ) from None
    if not isinstance(data, dict):
        raise web.HTTPBadRequest(
            text=json.dumps({"error": "bad_json", "message": "body must be a JSON object"}),
            content_type="application/json",
        )
    return data


def _string(data: dict[str, Any], name: str, *, required: bool = True, limit: int = 4000) -> str:
    value = data.get(name, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValidationFailed(name, "empty" if required else "invalid")
    if len(value) > limit:
        raise ValidationFailed(name, "too_long")
    return value


async def _detail(ticket: Ticket) -> dict[str, Any]:
    await ticket.fetch_related("department", "assignee")
    events = await TicketEvent.filter(ticket_id=ticket.id).order_by("id")
    outbox = {m.id: m for m in await OutboxMessage.filter(ticket_id=ticket.id, to_staff=False)}
    return ticket_detail(ticket, events, outbox)


@public
async def openapi_json(request: web.Request) -> web.Response:
    return web.json_response(DOCUMENT)


@require_role(ANY_STAFF)
async def list_tickets(request: web.Request) -> web.Response:
    query = request.query
    for name, allowed in (("overdue", {"true", "false", "1", "0", ""}),):
        if query.get(name, "") not in allowed:
            return _error(400, "bad_query", f"{name}: expected true or false")
    raw_limit = query.get("limit", "25")
    if not raw_limit.isdigit() or not 1 <= int(raw_limit[:4]) <= 100:
        return _error(400, "bad_query", "limit: 1–100")
    if query.get("department") and not query["department"].isdigit():
        return _error(400, "bad_query", "department: expected an id")
    flt = QueueFilter.from_query(query)
    page = await fetch_page(request[STAFF], flt, request.app[CLOCK].now(), size=int(raw_limit))
    return web.json_response(
        {"items": [summary_from_row(r) for r in page.rows], "next_cursor": page.next_cursor}
    )


@require_role(ANY_STAFF)
async def create_ticket(request: web.Request) -> web.Response:
    data = await _body(request)
    form = {k: v for k, v in data.items() if isinstance(v, str)}
    settings = request.app[SETTINGS]
    today = request.app[CLOCK].now().astimezone(settings.timezone).date()
    form.setdefault("complaint_type", "other")
    form.setdefault("demand", "other")
    record, errors = parse_record(form, today)
    if record is None:
        first = next(iter(errors.values()))
        fields = {name: exc.message for name, exc in errors.items()}
        return _error(422, "validation_failed", first.message, field=first.field, fields=fields)
    ticket = await file_staff_complaint(record, Channel(form["channel"]), request)
    return web.json_response(await _detail(ticket), status=201)


@require_role(ANY_STAFF)
async def get_ticket(request: web.Request) -> web.Response:
    return web.json_response(await _detail(await load_ticket(request)))


@require_role(ANY_STAFF)
async def add_reply(request: web.Request) -> web.Response:
    ticket = await load_ticket(request)
    text = _string(await _body(request), "text")
    event = await lifecycle.staff_reply(ticket, text, Actor(staff=request[STAFF]), request.app[CLOCK].now())
    outbox = {m.id: m for m in await OutboxMessage.filter(event_id=event.id)}
    return web.json_response(event_json(event, outbox), status=201)


@require_role(ANY_STAFF)
async def add_note(request: web.Request) -> web.Response:
    ticket = await load_ticket(request)
    text = _string(await _body(request), "text")
    event = await lifecycle.add_note(ticket, text, Actor(staff=request[STAFF]), request.app[CLOCK].now())
    return web.json_response(event_json(event), status=201)


@require_role(ANY_STAFF)
async def change_status(request: web.Request) -> web.Response:
    ticket = await load_ticket(request)
    data = await _body(request)
    target = _string(data, "status", limit=20)
    summary = _string(data, "summary", required=False, limit=2000) if "summary" in data else ""
    actor, now, tz = Actor(staff=request[STAFF]), request.app[CLOCK].now(), request.app[SETTINGS].timezone
    if target == Status.IN_PROGRESS:
        await lifecycle.take_over(ticket, actor, now)
    elif target == Status.RESOLVED:
        await lifecycle.resolve(ticket, summary, actor, now, tz=tz)
    elif target == Status.CLOSED:
        await lifecycle.close(ticket, CloseReason.STAFF, actor, now)
    elif target == Status.REOPENED:
        await lifecycle.reopen(ticket, summary, actor, now, tz=tz)
    elif target in set(Status):
        raise IllegalTransition(f"cannot move a ticket to {target}")
    else:
        raise ValidationFailed("status", "invalid")
    return web.json_response(await _detail(ticket))


def setup_api(app: web.Application) -> None:
    r = app.router
    r.add_get(f"{PREFIX}/openapi.json", openapi_json, name="api_openapi")
    r.add_get(f"{PREFIX}/tickets", list_tickets, name="api_tickets")
    r.add_post(f"{PREFIX}/tickets", create_ticket)
    r.add_get(f"{PREFIX}/tickets/{{number}}", get_ticket, name="api_ticket")
    r.add_post(f"{PREFIX}/tickets/{{number}}/replies", add_reply)
    r.add_post(f"{PREFIX}/tickets/{{number}}/notes", add_note)
    r.add_post(f"{PREFIX}/tickets/{{number}}/status", change_status)
