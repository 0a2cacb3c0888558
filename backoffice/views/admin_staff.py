"""Admin: staff accounts — create, role, department, deactivate, reset password."""

from __future__ import annotations

import re

from aiohttp import web

from backoffice.i18n import t
from backoffice.render import render
from backoffice.roles import ADMINS, require_role
from backoffice.sessions import flash
from models.enums import Role
from models.errors import ValidationFailed
from models.staff import Department, Staff, hash_password

USERNAME = re.compile(r"^[A-Za-z0-9._-]{2,64}$")


@require_role(ADMINS)
async def staff_list(request: web.Request) -> web.Response:
    return await render(
        request,
        "admin/staff.html",
        {
            "staff": await Staff.all().order_by("username").select_related("department"),
            "departments": await Department.all().order_by("name"),
            "roles": list(Role),
        },
    )


async def _department(raw: object) -> Department | None:
    value = str(raw or "").strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 9:
        raise ValidationFailed("department", "invalid")
    found = await Department.get_or_none(id=int(value))
    if found is None:
        raise ValidationFailed("department", "invalid")
    return found


def _role(raw: object) -> Role:
    try:
        return Role(str(raw))
    except ValueError:
        raise ValidationFailed("role", "invalid") from None


@require_role(ADMINS)
async def staff_create(request: web.Request) -> web.Response:
    form = await request.post()
    username = str(form.get("username", "")).strip()
    if not USERNAME.match(username):
        raise ValidationFailed("username", "invalid")
    if await Staff.exists(username=username):
        raise ValidationFailed("username", "taken")
    await Staff.create(
        username=username,
        display_name=str(form.get("display_name", "")).strip()[:64],
        role=_role(form.get("role")),
        department=await _department(form.get("department")),
        password_hash=hash_password(str(form.get("password", ""))[:256]),
    )
    await flash(request, t(request, "done.saved"))
    raise web.HTTPSeeOther("/admin/staff")


async def _target(request: web.Request) -> Staff:
    raw = request.match_info["id"]
    staff = await Staff.get_or_none(id=int(raw)) if raw.isdigit() and len(raw) < 10 else None
    if staff is None:
        raise web.HTTPNotFound()
    return staff


@require_role(ADMINS)
async def staff_update(request: web.Request) -> web.Response:
    staff = await _target(request)
    form = await request.post()
    staff.display_name = str(form.get("display_name", staff.display_name)).strip()[:64]
    staff.role = _role(form.get("role", staff.role))
    staff.department = await _department(form.get("department"))
    staff.active = form.get("active") == "1"
    await staff.save(update_fields=["display_name", "role", "department_id", "active"])
    await flash(request, t(request, "done.saved"))
    raise web.HTTPSeeOther("/admin/staff")


@require_role(ADMINS)
async def staff_reset_password(request: web.Request) -> web.Response:
    staff = await _target(request)
    form = await request.post()
    staff.password_hash = hash_password(str(form.get("password", ""))[:256])
    await staff.save(update_fields=["password_hash"])  # changes the stamp: old sessions end
    await flash(request, t(request, "done.saved"))
    raise web.HTTPSeeOther("/admin/staff")
