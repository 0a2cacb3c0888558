"""Admin: view, download, replace or reset the desk's 三包 rules file. A file with an error is never saved."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from backoffice.i18n import lang_of
from backoffice.keys import STAFF
from backoffice.render import render
from backoffice.roles import ADMINS, require_role
from backoffice.sessions import flash
from backoffice.views.sanbao_text import say
from kesu.context import CLOCK, SETTINGS
from models.errors import ValidationFailed
from models.sanbao import RuleBook
from models.sanbao.store import (
    MAX_RULES_CHARS,
    active_rules_source,
    check_rules_text,
    replace_rules,
    reset_rules,
    rules_history,
)

PAGE = "/admin/sanbao"


def _say(request: web.Request, key: str, **params: object) -> str:
    return say(lang_of(request), key, **params)


def _counts(request: web.Request, book: RuleBook) -> str:
    return _say(
        request, "admin.counts", classes=len(book.classes), faults=len(book.faults), rules=len(book.rules)
    )


async def _page(
    request: web.Request, *, text: str | None = None, error: str = "", notice: str = "", status: int = 200
) -> web.Response:
    lang = lang_of(request)
    active = await active_rules_source(request.app[SETTINGS].sanbao_rules)
    context: dict[str, Any] = {
        "s": lambda key, **kw: say(lang, key, **kw),
        "name_of": lambda item: item.zh if lang == "zh" else item.en,
        "active": active,
        "book": active.book,
        "counts": _counts(request, active.book),
        "origin": say(lang, f"panel.origin_{active.origin}"),
        "text": active.text if text is None else text,
        "error": error,
        "notice": notice,
        "history": await rules_history(),
        "max_chars": MAX_RULES_CHARS,
    }
    return await render(request, "sanbao/admin.html", context, status=status)


@require_role(ADMINS)
async def rules_page(request: web.Request) -> web.Response:
    return await _page(request)


@require_role(ADMINS)
async def rules_save(request: web.Request) -> web.Response:
    """Replace the rules with the pasted text or the uploaded file; on an error re-show it, save nothing."""
    form = await request.post()
    upload = form.get("file")
    origin = "back office"
    if isinstance(upload, web.FileField) and upload.filename:
        raw = upload.file.read(MAX_RULES_CHARS * 4 + 1)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return await _page(request, text="", error="规则文件不是 UTF-8 文本 not UTF-8 text", status=422)
        origin = upload.filename[:200]
    else:
        text = str(form.get("text", "")).replace("\r\n", "\n")
    try:
        book = check_rules_text(text)
    except ValidationFailed as exc:
        return await _page(request, text=text[:MAX_RULES_CHARS], error=exc.message, status=422)
    if form.get("check_only"):
        return await _page(
            request, text=text, notice=_say(request, "admin.checked", counts=_counts(request, book))
        )
    await replace_rules(text, request[STAFF], request.app[CLOCK].now(), origin=origin)
    await flash(request, _say(request, "admin.saved", counts=_counts(request, book)))
    raise web.HTTPSeeOther(PAGE)


@require_role(ADMINS)
async def rules_reset(request: web.Request) -> web.Response:
    await reset_rules(request[STAFF], request.app[CLOCK].now(), origin="back office")
    active = await active_rules_source(request.app[SETTINGS].sanbao_rules)
    await flash(
        request, _say(request, "admin.reset_done", origin=_say(request, f"panel.origin_{active.origin}"))
    )
    raise web.HTTPSeeOther(PAGE)


@require_role(ADMINS)
async def rules_download(request: web.Request) -> web.Response:
    active = await active_rules_source(request.app[SETTINGS].sanbao_rules)
    return web.Response(
        text=active.text,
        content_type="application/toml",
        charset="utf-8",
        headers={"Content-Disposition": 'attachment; filename="sanbao_rules.toml"'},
    )


def setup(app: web.Application) -> None:
    r = app.router
    r.add_get(PAGE, rules_page, name="admin_sanbao")
    r.add_post(PAGE, rules_save)
    r.add_post(PAGE + "/reset", rules_reset)
    r.add_get(PAGE + "/rules.toml", rules_download, name="admin_sanbao_download")
