"""Customer photos, served only to staff who may see the ticket they belong to."""

from __future__ import annotations

from aiohttp import web

from backoffice.keys import STAFF
from backoffice.roles import ANY_STAFF, check_ticket_access, require_role, sees_all_departments
from kesu.context import SETTINGS
from models.intake import Attachment
from models.ticket import Ticket

SAFE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})


@require_role(ANY_STAFF)
async def attachment(request: web.Request) -> web.StreamResponse:
    raw = request.match_info["id"]
    found = await Attachment.get_or_none(id=int(raw)) if raw.isdigit() and len(raw) < 10 else None
    if found is None or not found.path:
        raise web.HTTPNotFound()
    staff = request[STAFF]
    if found.ticket_id is None:
        if not sees_all_departments(staff):
            raise web.HTTPNotFound()
    else:
        check_ticket_access(staff, await Ticket.get(id=found.ticket_id))
    root = request.app[SETTINGS].uploads_dir.resolve()
    path = (root / found.path).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise web.HTTPNotFound()
    mime = found.mime if found.mime in SAFE_TYPES else "application/octet-stream"
    return web.FileResponse(
        path,
        headers={
            "Content-Type": mime,
            "Content-Disposition": "inline" if mime in SAFE_TYPES else "attachment",
            "Cache-Control": "private, max-age=3600",
            "X-Content-Type-Options": "nosniff",
        },
    )
