"""Admin: departments and routing, deadline policy, holiday calendar, canned replies, lexicon."""

from __future__ import annotations

from datetime import date

from aiohttp import web
from tortoise.exceptions import IntegrityError

from backoffice.i18n import t
from backoffice.render import render
from backoffice.roles import ADMINS, require_role
from backoffice.sessions import flash
from kesu.context import CLOCK, SETTINGS
from models.calendar import official_calendar
from models.config import CannedReply, CategoryRoute, LexiconEntry
from models.deadline import DEFAULT_POLICY, DeadlinePolicy, DurationUnit, Holiday
from models.enums import Category, DeadlineKind, Language, Severity
from models.errors import ValidationFailed
from models.staff import Department

LEXICON_LABELS = [c.value for c in Category] + [f"severity:{s.value}" for s in Severity]


async def _saved(request: web.Request, to: str) -> web.Response:
    await flash(request, t(request, "done.saved"))
    raise web.HTTPSeeOther(to)


def _int(raw: object, field: str, lo: int = 0, hi: int = 10**6) -> int:
    value = str(raw or "").strip()
    if not value.isdigit() or not lo <= int(value[:9]) <= hi:
        raise ValidationFailed(field, "invalid")
    return int(value)


def _text(raw: object, field: str, limit: int) -> str:
    value = str(raw or "").strip()
    if not value:
        raise ValidationFailed(field, "empty")
    if len(value) > limit:
        raise ValidationFailed(field, "too_long")
    return value


@require_role(ADMINS)
async def departments(request: web.Request) -> web.Response:
    routes = {r.category: r.department_id for r in await CategoryRoute.all()}
    return await render(
        request,
        "admin/departments.html",
        {
            "departments": await Department.all().order_by("name"),
            "categories": list(Category),
            "routes": routes,
        },
    )


@require_role(ADMINS)
async def department_create(request: web.Request) -> web.Response:
    form = await request.post()
    name = _text(form.get("name"), "name", 64)
    try:
        await Department.create(name=name)
    except IntegrityError:
        raise ValidationFailed("name", "taken") from None
    return await _saved(request, "/admin/departments")


@require_role(ADMINS)
async def routing_save(request: web.Request) -> web.Response:
    form = await request.post()
    for category in Category:
        raw = str(form.get(category.value, "")).strip()
        if not raw:
            await CategoryRoute.filter(category=category).delete()
            continue
        department = await Department.get_or_none(id=_int(raw, "department", 1, 2**31 - 1))
        if department is None:
            raise ValidationFailed("department", "invalid")
        await CategoryRoute.update_or_create(defaults={"department": department}, category=category)
    return await _saved(request, "/admin/departments")


@require_role(ADMINS)
async def policy(request: web.Request) -> web.Response:
    stored = {(p.severity, p.kind): p for p in await DeadlinePolicy.all()}
    rows = []
    for (severity, kind), (amount, unit, remind) in DEFAULT_POLICY.items():
        row = stored.get((severity, kind))
        rows.append(
            {
                "severity": severity,
                "kind": kind,
                "amount": row.amount if row else amount,
                "unit": row.unit if row else unit,
                "remind": row.remind_before_minutes if row else remind,
            }
        )
    return await render(request, "admin/policy.html", {"rows": rows, "units": list(DurationUnit)})


@require_role(ADMINS)
async def policy_save(request: web.Request) -> web.Response:
    form = await request.post()
    for severity, kind in DEFAULT_POLICY:
        key = f"{severity.value}.{kind.value}"
        try:
            unit = DurationUnit(str(form.get(f"{key}.unit", "")))
        except ValueError:
            raise ValidationFailed("unit", "invalid") from None
        await DeadlinePolicy.update_or_create(
            defaults={
                "amount": _int(form.get(f"{key}.amount"), "amount", 1, 100000),
                "unit": unit,
                "remind_before_minutes": _int(form.get(f"{key}.remind", "0"), "remind", 0, 100000),
            },
            severity=Severity(severity),
            kind=DeadlineKind(kind),
        )
    return await _saved(request, "/admin/policy")


@require_role(ADMINS)
async def holidays(request: web.Request) -> web.Response:
    year = request.app[CLOCK].now().astimezone(request.app[SETTINGS].timezone).year
    return await render(
        request,
        "admin/holidays.html",
        {"holidays": await Holiday.all().order_by("-day").limit(400), "years": f"{year}–{year + 1}"},
    )


def _day(raw: object) -> date:
    try:
        return date.fromisoformat(str(raw or "").strip())
    except ValueError:
        raise ValidationFailed("day", "invalid") from None


@require_role(ADMINS)
async def holiday_save(request: web.Request) -> web.Response:
    form = await request.post()
    await Holiday.update_or_create(
        defaults={
            "is_workday": form.get("is_workday") == "1",
            "name": str(form.get("name", "")).strip()[:64],
        },
        day=_day(form.get("day")),
    )
    return await _saved(request, "/admin/holidays")


@require_role(ADMINS)
async def holiday_delete(request: web.Request) -> web.Response:
    await Holiday.filter(day=_day((await request.post()).get("day"))).delete()
    return await _saved(request, "/admin/holidays")


@require_role(ADMINS)
async def holiday_import(request: web.Request) -> web.Response:
    """Seed this year and next from chinese-calendar; years it does not know are skipped."""
    year = request.app[CLOCK].now().astimezone(request.app[SETTINGS].timezone).year
    for day, workday in official_calendar(range(year, year + 2)).items():
        await Holiday.update_or_create(defaults={"is_workday": workday}, day=day)
    return await _saved(request, "/admin/holidays")


@require_role(ADMINS)
async def canned(request: web.Request) -> web.Response:
    return await render(
        request,
        "admin/canned.html",
        {"replies": await CannedReply.all().order_by("title"), "languages": list(Language)},
    )


@require_role(ADMINS)
async def canned_save(request: web.Request) -> web.Response:
    form = await request.post()
    try:
        language = Language(str(form.get("language", "zh")))
    except ValueError:
        raise ValidationFailed("language", "invalid") from None
    await CannedReply.create(
        title=_text(form.get("title"), "title", 100),
        body=_text(form.get("body"), "body", 4000),
        language=language,
    )
    return await _saved(request, "/admin/canned")


@require_role(ADMINS)
async def canned_delete(request: web.Request) -> web.Response:
    await CannedReply.filter(id=_int((await request.post()).get("id"), "id", 1, 2**31 - 1)).delete()
    return await _saved(request, "/admin/canned")


@require_role(ADMINS)
async def lexicon(request: web.Request) -> web.Response:
    return await render(
        request,
        "admin/lexicon.html",
        {"entries": await LexiconEntry.all().order_by("label", "word"), "labels": LEXICON_LABELS},
    )


@require_role(ADMINS)
async def lexicon_save(request: web.Request) -> web.Response:
    form = await request.post()
    label = str(form.get("label", ""))
    if label not in LEXICON_LABELS:
        raise ValidationFailed("label", "invalid")
    try:
        weight = float(str(form.get("weight", "1")).strip() or "1")
    except ValueError:
        raise ValidationFailed("weight", "invalid") from None
    if not 0 <= weight <= 10:
        raise ValidationFailed("weight", "invalid")
    await LexiconEntry.update_or_create(
        defaults={"weight": weight}, label=label, word=_text(form.get("word"), "word", 64)
    )
    return await _saved(request, "/admin/lexicon")


@require_role(ADMINS)
async def lexicon_delete(request: web.Request) -> web.Response:
    await LexiconEntry.filter(id=_int((await request.post()).get("id"), "id", 1, 2**31 - 1)).delete()
    return await _saved(request, "/admin/lexicon")
