"""Every back-office route in one table. Each handler carries its role mark (see roles.py)."""

from __future__ import annotations

from aiohttp import web

from backoffice.api.routes import setup_api
from backoffice.views import account, actions, admin, attachments, auth, intake, queue, ticket


def setup_routes(app: web.Application) -> None:
    r = app.router
    r.add_get("/", auth.home, name="home")
    r.add_get("/login", auth.login_form, name="login")
    r.add_post("/login", auth.login_submit)
    r.add_post("/logout", auth.logout, name="logout")
    r.add_post("/lang", auth.set_language, name="lang")
    r.add_get("/tickets", queue.queue, name="queue")
    r.add_get("/tickets/new", intake.new_form, name="new_ticket")
    r.add_post("/tickets/new", intake.new_submit)
    r.add_get("/tickets/{number}", ticket.ticket_page, name="ticket")
    r.add_post("/tickets/{number}/actions/{action}", actions.ticket_action, name="ticket_action")
    r.add_get("/attachments/{id}", attachments.attachment, name="attachment")
    r.add_get("/account", account.account_page, name="account")
    r.add_post("/account/telegram", account.telegram_link)
    r.add_post("/account/password", account.change_password)
    admin.setup_admin(app)
    setup_api(app)
