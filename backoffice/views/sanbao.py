"""The 三包 panel on the ticket page, attaching its verdict as the proposed remedy, and the admin rules page.

The ticket page (engineer D) includes templates/tickets/_sanbao.html. Its context comes from a middleware
that, for GET /tickets/{number} only, evaluates the panel's sb_* query fields against the active rules, so
the panel works as a plain GET form without JavaScript. GET /tickets/{number}/sanbao gives the same
evaluation as JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import aiohttp_jinja2
from aiohttp import web

from backoffice.i18n import lang_of
from backoffice.keys import STAFF
from backoffice.middlewares import Handler
from backoffice.roles import ANY_STAFF, check_ticket_access, require_role
from backoffice.sessions import flash
from backoffice.views import sanbao_admin
from backoffice.views.sanbao_form import PanelInput, Problem, read_input
from backoffice.views.sanbao_text import say
from backoffice.views.ticket import load_ticket
from kesu.context import CLOCK, SETTINGS
from models.enums import Status
from models.errors import PermissionDenied, ValidationFailed
from models.i18n import label
from models.lifecycle import Actor
from models.sanbao import RemedyKind, RuleBook, RulesError, Verdict
from models.sanbao.proposal import DemandCheck, check_demand, judge, propose, remedy_value
from models.sanbao.store import ActiveRules, active_rules_source
from models.ticket import Ticket

TICKET_ROUTE = "ticket"  # D's ticket page: router name of GET /tickets/{number}


@dataclass(frozen=True)
class Evaluation:
    active: ActiveRules
    data: PanelInput
    verdict: Verdict | None
    problems: list[str]
    demand: DemandCheck | None


async def evaluate_panel(request: web.Request, ticket: Ticket, form: Any) -> Evaluation:
    settings = request.app[SETTINGS]
    active = await active_rules_source(settings.sanbao_rules)
    data = read_input(form, ticket, active.book)
    lang = lang_of(request)
    problems = [_problem_text(lang, active.book, p) for p in data.problems]
    verdict = None
    purchase = data.purchase() if data.submitted else None
    if purchase is not None:
        try:
            verdict = judge(active.book, purchase, _today(request))
        except ValidationFailed as exc:
            problems.append(exc.message)
    demand = check_demand(ticket.demand, verdict) if verdict is not None else None
    return Evaluation(active, data, verdict, problems, demand)


def _today(request: web.Request) -> date:
    return request.app[CLOCK].now().astimezone(request.app[SETTINGS].timezone).date()


def _problem_text(lang: str, book: RuleBook, problem: Problem) -> str:
    params = dict(problem.params)
    if "fault_id" in params:
        fault = book.fault(params.pop("fault_id"))
        assert fault is not None
        params.update(fault=fault.zh if lang == "zh" else fault.en, unit=fault.unit)
    return say(lang, f"error.{problem.key}", **params)


def _sayer(request: web.Request) -> Callable[..., str]:
    lang = lang_of(request)
    return lambda key, **kw: say(lang, key, **kw)


def panel_context(request: web.Request, ticket: Ticket, ev: Evaluation) -> dict[str, Any]:
    """Everything templates/sanbao/panel.html shows, in the request's language."""
    lang = lang_of(request)
    book = ev.active.book
    threshold = Decimal(request.app[SETTINGS].approval_threshold)
    chosen = book.product_class(ev.data.class_id) if ev.data.class_id else None
    # The chosen class's faults first; the rest follow (panel.js hides them until another class is picked).
    choices = list(book.faults_for(chosen.id)) if chosen else []
    choices += [f for f in book.faults if f not in choices]
    remedies = []
    if ev.verdict is not None:
        for remedy in ev.verdict.remedies:
            value = remedy_value(remedy, ev.data.price or Decimal(0))
            remedies.append(
                {
                    "kind": remedy.kind.value,
                    "label": say(lang, f"kind.{remedy.kind.value}"),
                    "open": remedy.kind is not RemedyKind.NONE,
                    "pays": remedy.customer_pays,
                    "receives": remedy.customer_receives,
                    "open_until": remedy.open_until,
                    "repair_within_days": remedy.repair_within_days,
                    "explanation": remedy.explanation if lang == "zh" else remedy.explanation_en,
                    "explanation_zh": remedy.explanation if lang != "zh" else None,
                    "needs_approval": value is not None and value > threshold,
                    "rule_id": remedy.rule_id,
                }
            )
    demand = None
    if ev.demand is not None:
        others = [r["label"] for r in remedies if r["open"] and r["kind"] != ev.demand.asked]
        demand = {"check": ev.demand, "instead": ("、" if lang == "zh" else ", ").join(others)}
    return {
        "broken": None,
        "number": ticket.number,
        "s": _sayer(request),
        "name_of": lambda item: item.zh if lang == "zh" else item.en,
        "demand_label": label("demand", str(ticket.demand), lang),
        "demand_kind": check_demand(ticket.demand, ev.verdict).asked if ev.verdict else None,
        "classes": book.classes,
        "chosen": chosen,
        "fault_choices": choices,
        "fault_classes": {
            f.id: " ".join(c.id for c in book.classes if f in book.faults_for(c.id)) for f in choices
        },
        "input": ev.data,
        "hidden": ev.data.fields(),
        "problems": ev.problems,
        "verdict": ev.verdict,
        "remedies": remedies,
        "demand": demand,
        "missing_facts": ticket.purchase_date is None or (ticket.price is None and ticket.amount is None),
        "origin": say(lang, f"panel.origin_{ev.active.origin}"),
        "threshold": threshold,
        "can_attach": ticket.status != Status.CLOSED,
    }


@web.middleware
async def ticket_panel(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Adds the panel's context to D's ticket page; every other request passes untouched."""
    route = request.match_info.route
    if request.method == "GET" and route is not None and route.name == TICKET_ROUTE and STAFF in request:
        ticket = await _visible_ticket(request)
        if ticket is not None:
            context = request.setdefault(aiohttp_jinja2.REQUEST_CONTEXT_KEY, {})
            try:
                ev = await evaluate_panel(request, ticket, request.query)
            except RulesError as exc:  # a KESU_SANBAO_RULES file edited into an error after startup
                context["sanbao"] = {"broken": str(exc), "s": _sayer(request), "number": ticket.number}
            else:
                context["sanbao"] = panel_context(request, ticket, ev)
    return await handler(request)


async def _visible_ticket(request: web.Request) -> Ticket | None:
    number = request.match_info.get("number", "")
    ticket = await Ticket.get_or_none(number=number) if len(number) <= 24 else None
    if ticket is None or ticket.purged_at is not None:
        return None
    try:
        check_ticket_access(request[STAFF], ticket)
    except PermissionDenied:
        return None  # the page handler refuses it; nothing of the panel is computed for it
    return ticket


@require_role(ANY_STAFF)
async def panel_json(request: web.Request) -> web.Response:
    """The panel's evaluation as JSON (same sb_* query fields)."""
    ticket = await load_ticket(request)
    ev = await evaluate_panel(request, ticket, request.query)
    return web.json_response(_as_json(ticket, ev))


def _as_json(ticket: Ticket, ev: Evaluation) -> dict[str, Any]:
    book = ev.active.book
    price = ev.data.price or Decimal(0)
    verdict = ev.verdict
    return {
        "ticket": ticket.number,
        "demand": str(ticket.demand),
        "demand_remedy": ev.demand.asked.value if ev.demand and ev.demand.asked else None,
        "demand_allowed": ev.demand.allowed if ev.demand else None,
        "rules": {"origin": ev.active.origin, "sha256": ev.active.sha256},
        "input": {k: v for k, v in ev.data.fields() if k != "sb_fault"}
        | {"sb_fault": [f.id for f in ev.data.faults]},
        "classes": [{"id": c.id, "zh": c.zh, "en": c.en} for c in book.classes],
        "faults": [{"id": f.id, "zh": f.zh, "en": f.en, "unit": f.unit} for f in book.faults],
        "problems": ev.problems,
        "verdict": None
        if verdict is None
        else {
            "today": verdict.today.isoformat(),
            "days_since_sale": verdict.days_since_sale,
            "window_end": verdict.window_end.isoformat() if verdict.window_end else None,
            "remedies": [
                {
                    "kind": r.kind.value,
                    "rule_id": r.rule_id,
                    "customer_pays": str(r.customer_pays),
                    "customer_receives": str(r.customer_receives),
                    "value": None if (v := remedy_value(r, price)) is None else str(v),
                    "open_until": r.open_until.isoformat() if r.open_until else None,
                    "explanation": r.explanation,
                    "explanation_en": r.explanation_en,
                }
                for r in verdict.remedies
            ],
        },
    }


@require_role(ANY_STAFF)
async def attach(request: web.Request) -> web.Response:
    """Attach one open remedy as the ticket's proposed remedy, judged again here with today's rules."""
    ticket = await load_ticket(request)
    form = await request.post()
    lang = lang_of(request)
    ev = await evaluate_panel(request, ticket, form)
    back = f"/tickets/{ticket.number}?{urlencode(ev.data.fields())}#sanbao"
    purchase = ev.data.purchase()
    if ev.problems or purchase is None:
        for problem in ev.problems or [say(lang, "error.class")]:
            await flash(request, problem, "error")
        raise web.HTTPSeeOther(back)
    try:
        approval = await propose(
            ticket,
            ev.active.book,
            purchase,
            str(form.get("sb_kind", "")),
            Actor(staff=request[STAFF]),
            request.app[CLOCK].now(),
            today=_today(request),
            threshold=Decimal(request.app[SETTINGS].approval_threshold),
            rules_sha256=ev.active.sha256,
        )
    except ValidationFailed as exc:
        if exc.field != "remedy":
            raise
        await flash(request, say(lang, "error.remedy"), "error")
        raise web.HTTPSeeOther(back) from None
    await flash(request, say(lang, "panel.attached_needs_approval" if approval else "panel.attached"))
    raise web.HTTPSeeOther(f"/tickets/{ticket.number}#approvals")


def setup_sanbao(app: web.Application) -> None:
    app.middlewares.append(ticket_panel)
    r = app.router
    r.add_get("/tickets/{number}/sanbao", panel_json, name="sanbao_panel")
    r.add_post("/tickets/{number}/sanbao", attach, name="sanbao_attach")
    sanbao_admin.setup(app)
