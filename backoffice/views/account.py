"""Staff settings: link a Telegram account for reminders, change the password."""

from __future__ import annotations

from aiohttp import web
from aiohttp_session import get_session

from backoffice.i18n import t
from backoffice.keys import STAFF
from backoffice.render import render
from backoffice.roles import ANY_STAFF, require_role
from backoffice.sessions import flash
from kesu.context import CLOCK
from models.staff import Staff, hash_password, start_telegram_link, verify_password


@require_role(ANY_STAFF)
async def account_page(request: web.Request) -> web.Response:
    staff: Staff = request[STAFF]
    now = request.app[CLOCK].now()
    code = staff.telegram_link_code
    if code and (staff.telegram_link_expires_at is None or staff.telegram_link_expires_at < now):
        code = None
    return await render(request, "account/settings.html", {"staff": staff, "code": code})


@require_role(ANY_STAFF)
async def telegram_link(request: web.Request) -> web.Response:
    await start_telegram_link(request[STAFF], request.app[CLOCK].now())
    await flash(request, t(request, "done.link_code"))
    raise web.HTTPSeeOther("/account")


@require_role(ANY_STAFF)
async def change_password(request: web.Request) -> web.Response:
    staff: Staff = request[STAFF]
    form = await request.post()
    if not verify_password(staff, str(form.get("current", ""))[:256]):
        await flash(request, t(request, "account.password_wrong"), "error")
        raise web.HTTPSeeOther("/account")
    staff.password_hash = hash_password(str(form.get("new", ""))[:256])
    await staff.save(update_fields=["password_hash"])
    (await get_session(request)).invalidate()
    raise web.HTTPSeeOther("/login")
