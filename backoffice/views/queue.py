"""The queue (/tickets): filters, search and keyset pages over the ticket list."""

from __future__ import annotations

from urllib.parse import urlencode

from aiohttp import web

from backoffice.keys import STAFF
from backoffice.queue import QueueFilter, fetch_page
from backoffice.render import render
from backoffice.roles import ANY_STAFF, require_role, sees_all_departments
from kesu.context import CLOCK
from models.enums import Category, Channel, Severity, Status
from models.staff import Department


@require_role(ANY_STAFF)
async def queue(request: web.Request) -> web.Response:
    staff = request[STAFF]
    flt = QueueFilter.from_query(request.query)
    now = request.app[CLOCK].now()
    page = await fetch_page(staff, flt, now)
    departments = await Department.all().order_by("name") if sees_all_departments(staff) else []
    params = {k: v for k, v in request.query.items() if k != "cursor" and v}
    next_url = f"/tickets?{urlencode({**params, 'cursor': page.next_cursor})}" if page.next_cursor else None
    return await render(
        request,
        "tickets/queue.html",
        {
            "page": page,
            "flt": flt,
            "now": now,
            "next_url": next_url,
            "first_url": f"/tickets?{urlencode(params)}" if flt.cursor else None,
            "departments": departments,
            "statuses": list(Status),
            "categories": list(Category),
            "severities": list(Severity),
            "channels": list(Channel),
        },
    )
