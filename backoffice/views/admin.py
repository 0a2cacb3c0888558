"""Admin pages: the index and route table; staff and desk configuration live in their own modules."""

from __future__ import annotations

from aiohttp import web

from backoffice.render import render
from backoffice.roles import ADMINS, require_role
from backoffice.views import admin_config, admin_staff


@require_role(ADMINS)
async def index(request: web.Request) -> web.Response:
    return await render(request, "admin/index.html")


def setup_admin(app: web.Application) -> None:
    r = app.router
    r.add_get("/admin", index, name="admin")
    r.add_get("/admin/staff", admin_staff.staff_list, name="admin_staff")
    r.add_post("/admin/staff", admin_staff.staff_create)
    r.add_post("/admin/staff/{id}", admin_staff.staff_update)
    r.add_post("/admin/staff/{id}/password", admin_staff.staff_reset_password)
    r.add_get("/admin/departments", admin_config.departments, name="admin_departments")
    r.add_post("/admin/departments", admin_config.department_create)
    r.add_post("/admin/routing", admin_config.routing_save)
    r.add_get("/admin/policy", admin_config.policy, name="admin_policy")
    r.add_post("/admin/policy", admin_config.policy_save)
    r.add_get("/admin/holidays", admin_config.holidays, name="admin_holidays")
    r.add_post("/admin/holidays", admin_config.holiday_save)
    r.add_post("/admin/holidays/delete", admin_config.holiday_delete)
    r.add_post("/admin/holidays/import", admin_config.holiday_import)
    r.add_get("/admin/canned", admin_config.canned, name="admin_canned")
    r.add_post("/admin/canned", admin_config.canned_save)
    r.add_post("/admin/canned/delete", admin_config.canned_delete)
    r.add_get("/admin/lexicon", admin_config.lexicon, name="admin_lexicon")
    r.add_post("/admin/lexicon", admin_config.lexicon_save)
    r.add_post("/admin/lexicon/delete", admin_config.lexicon_delete)
