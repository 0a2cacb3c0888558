"""Which 三包 remedies a purchase still has, what each costs, until when, and why.

A pure function over a RuleBook: the caller supplies `today`, nothing here reads a clock or a database.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from models.sanbao.errors import InvalidPurchase
from models.sanbao.messages import Text, join, render
from models.sanbao.money import ZERO, depreciation, to_yuan
from models.sanbao.periods import add_days, days_between
from models.sanbao.rulebook import ProductClass, RemedyKind, Rule, RuleBook

_ORDER = (RemedyKind.REPAIR, RemedyKind.EXCHANGE, RemedyKind.REFUND)


@dataclass(frozen=True)
class Fault:
    """A reported fault. `measure` is in the fault's unit (glue_open: cm)."""

    id: str
    measure: Decimal | None = None
    prior_repairs_for_same_fault: int = 0

    def __post_init__(self) -> None:
        if self.measure is not None:
            object.__setattr__(self, "measure", _decimal(self.measure))


@dataclass(frozen=True)
class Purchase:
    product_class: str
    price: Decimal
    sale_date: date
    faults: tuple[Fault, ...] = ()
    out_of_town: bool = False
    unworn: bool = False
    equivalent_available: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "price", _decimal(self.price))
        object.__setattr__(self, "faults", tuple(self.faults))


@dataclass(frozen=True)
class Remedy:
    """One open remedy, or kind NONE with the reason nothing is open."""

    kind: RemedyKind
    rule_id: str
    explanation: str
    explanation_en: str
    customer_pays: Decimal = ZERO
    customer_receives: Decimal = ZERO
    open_until: date | None = None
    depreciation: Decimal = ZERO
    depreciation_waived: bool = False
    repair_within_days: int | None = None


@dataclass(frozen=True)
class Verdict:
    product_class: ProductClass
    today: date
    days_since_sale: int
    window_end: date | None
    remedies: tuple[Remedy, ...]

    @property
    def is_open(self) -> bool:
        return self.remedies[0].kind is not RemedyKind.NONE

    @property
    def kinds(self) -> tuple[RemedyKind, ...]:
        return tuple(remedy.kind for remedy in self.remedies)

    def remedy(self, kind: RemedyKind | str) -> Remedy | None:
        return next((r for r in self.remedies if r.kind == kind), None)


def evaluate(rules: RuleBook, purchase: Purchase, today: date) -> Verdict:
    """The remedies still open for `purchase` on `today`, one per kind, the best for the customer."""
    product_class = _checked_class(rules, purchase, today)
    days = days_between(purchase.sale_date, today)
    window_end = product_class.window_end(purchase.sale_date)

    def verdict(remedies: Iterable[Remedy]) -> Verdict:
        return Verdict(product_class, today, days, window_end, tuple(remedies))

    if window_end is None:
        return verdict([_nothing("not_covered", "none.not_covered", class_name=_name(product_class))])
    if today > window_end:
        window = _window_text(product_class)
        reason = render(
            "none.window_expired", class_name=_name(product_class), window=window, window_end=window_end
        )
        return verdict([_none_remedy("window_expired", reason)])
    offers = [
        offer
        for rule in rules.rules_for(product_class)
        for offer in _offers(rules, rule, purchase, today, days, window_end)
    ]
    if not offers:
        return verdict([_why_nothing(rules, product_class, purchase, days)])
    return verdict(_best_per_kind(offers))


def _offers(
    rules: RuleBook, rule: Rule, purchase: Purchase, today: date, days: int, window_end: date
) -> list[Remedy]:
    matched = [fault for fault in purchase.faults if rule.needs_fault and _fault_matches(rule, fault)]
    if rule.needs_fault and not matched:
        return []
    if rule.requires_unworn and not purchase.unworn:
        return []
    if rule.min_price is not None and purchase.price < rule.min_price:
        return []
    limit = rule.days_allowed(purchase.out_of_town)
    open_until = window_end if limit is None else min(window_end, add_days(purchase.sale_date, limit))
    if today > open_until:
        return []
    preamble = render("rule", rule=Text(rule.zh, rule.en))
    if matched:
        preamble += render("facts", faults=join([_fault_text(rules, fault) for fault in matched]))
    offers = []
    for kind in rule.remedies:
        if (
            rule.refund_only_without_equivalent
            and (kind is RemedyKind.REFUND) == purchase.equivalent_available
        ):
            continue
        offers.append(_offer(rules, rule, kind, purchase.price, days, open_until, preamble))
    return offers


def _fault_matches(rule: Rule, fault: Fault) -> bool:
    if rule.faults and fault.id not in rule.faults:
        return False
    if fault.prior_repairs_for_same_fault < rule.min_prior_repairs:
        return False
    if rule.measure_at_most is not None and (fault.measure is None or fault.measure > rule.measure_at_most):
        return False
    return rule.measure_more_than is None or (
        fault.measure is not None and fault.measure > rule.measure_more_than
    )


def _offer(
    rules: RuleBook, rule: Rule, kind: RemedyKind, price: Decimal, days: int, open_until: date, preamble: Text
) -> Remedy:
    policy = rules.policy
    waived = rule.waive_depreciation or rule.refund_multiplier is not None
    if kind is RemedyKind.REPAIR:
        turnaround = policy.repair_turnaround_days
        text = render("repair", until=open_until)
        if turnaround is not None:
            text += render("repair.turnaround", turnaround=turnaround)
        return _remedy(kind, rule, preamble + text, open_until=open_until, repair_within_days=turnaround)
    if kind is RemedyKind.EXCHANGE:
        if waived:
            return _remedy(
                kind, rule, preamble + render("exchange.free", until=open_until), open_until, waived=True
            )
        charge = depreciation(price, policy.exchange_rate_per_day, days)
        text = render(
            "exchange.charged", rate=policy.exchange_rate_per_day, days=days, pays=charge, until=open_until
        )
        return _remedy(kind, rule, preamble + text, open_until, pays=charge, depreciation=charge)
    if rule.refund_multiplier is not None:
        receives = to_yuan(price * rule.refund_multiplier)
        text = render(
            "refund.multiple", multiplier=rule.refund_multiplier, receives=receives, until=open_until
        )
        return _remedy(kind, rule, preamble + text, open_until, receives=receives, waived=True)
    if waived:
        text = render("refund.free", receives=to_yuan(price), until=open_until)
        return _remedy(kind, rule, preamble + text, open_until, receives=to_yuan(price), waived=True)
    charge = depreciation(price, policy.refund_rate_per_day, days)
    receives = to_yuan(price) - charge
    text = render(
        "refund.charged",
        rate=policy.refund_rate_per_day,
        days=days,
        depreciation=charge,
        receives=receives,
        until=open_until,
    )
    return _remedy(kind, rule, preamble + text, open_until, receives=receives, depreciation=charge)


def _remedy(
    kind: RemedyKind,
    rule: Rule,
    text: Text,
    open_until: date,
    *,
    pays: Decimal = ZERO,
    receives: Decimal = ZERO,
    depreciation: Decimal = ZERO,
    waived: bool = False,
    repair_within_days: int | None = None,
) -> Remedy:
    return Remedy(
        kind=kind,
        rule_id=rule.id,
        explanation=text.zh,
        explanation_en=text.en,
        customer_pays=pays,
        customer_receives=receives,
        open_until=open_until,
        depreciation=depreciation,
        depreciation_waived=waived,
        repair_within_days=repair_within_days,
    )


def _best_per_kind(offers: list[Remedy]) -> list[Remedy]:
    """For each kind the offer best for the customer today; on a tie the one open longest, then file order."""
    best = []
    for kind in _ORDER:
        candidates = [offer for offer in offers if offer.kind is kind]
        if candidates:
            best.append(
                min(
                    candidates,
                    key=lambda r: (r.customer_pays - r.customer_receives, -r.open_until.toordinal()),
                )
            )
    return best


def _why_nothing(rules: RuleBook, product_class: ProductClass, purchase: Purchase, days: int) -> Remedy:
    if purchase.faults:
        faults = join([_fault_text(rules, fault) for fault in purchase.faults])
        return _nothing(
            "fault_not_covered", "none.fault_not_covered", faults=faults, class_name=_name(product_class)
        )
    unworn_rules = [rule for rule in rules.rules_for(product_class) if rule.requires_unworn]
    if not unworn_rules:
        return _nothing("no_fault", "none.no_fault")
    if not purchase.unworn:
        return _nothing("no_fault_worn", "none.no_fault_worn")
    limits = [
        limit for rule in unworn_rules if (limit := rule.days_allowed(purchase.out_of_town)) is not None
    ]
    if limits and days > max(limits):
        until = add_days(purchase.sale_date, max(limits))
        return _nothing("no_fault_late", "none.no_fault_late", days_allowed=max(limits), until=until)
    return _nothing("no_fault", "none.no_fault")


def _nothing(reason: str, key: str, **params: object) -> Remedy:
    return _none_remedy(reason, render(key, **params))


def _none_remedy(reason: str, text: Text) -> Remedy:
    return Remedy(kind=RemedyKind.NONE, rule_id=reason, explanation=text.zh, explanation_en=text.en)


def _checked_class(rules: RuleBook, purchase: Purchase, today: date) -> ProductClass:
    product_class = rules.product_class(purchase.product_class)
    if product_class is None:
        raise InvalidPurchase(f"未知商品类别 unknown product class '{purchase.product_class}'")
    if purchase.sale_date > today:
        raise InvalidPurchase(f"售出日期晚于今天 sale date {purchase.sale_date} is after today {today}")
    if purchase.price < 0:
        raise InvalidPurchase(f"价格不能为负 negative price {purchase.price}")
    for fault in purchase.faults:
        fault_type = rules.fault(fault.id)
        if fault_type is None:
            raise InvalidPurchase(f"未知故障 unknown fault '{fault.id}'")
        if fault_type.is_measured and fault.measure is None:
            raise InvalidPurchase(
                f"「{fault_type.zh}」需要测量值 fault '{fault.id}' needs a measure in {fault_type.unit}"
            )
        if not fault_type.is_measured and fault.measure is not None:
            raise InvalidPurchase(f"「{fault_type.zh}」没有测量值 fault '{fault.id}' takes no measure")
        if fault.measure is not None and fault.measure < 0:
            raise InvalidPurchase(f"测量值不能为负 negative measure for fault '{fault.id}'")
        if fault.prior_repairs_for_same_fault < 0:
            raise InvalidPurchase(f"修理次数不能为负 negative prior repairs for fault '{fault.id}'")
    return product_class


def _fault_text(rules: RuleBook, fault: Fault) -> Text:
    fault_type = rules.fault(fault.id)
    assert fault_type is not None  # checked by _checked_class
    text = Text(fault_type.zh, fault_type.en)
    if fault.measure is not None:
        text = render("fault.measure", fault=text, measure=fault.measure, unit=fault_type.unit)
    if fault.prior_repairs_for_same_fault:
        text = render("fault.prior_repairs", fault=text, count=fault.prior_repairs_for_same_fault)
    return text


def _decimal(value: object) -> Decimal:
    """Accept int, str and float inputs too; floats go through str so 0.1 stays 0.1."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _name(product_class: ProductClass) -> Text:
    return Text(product_class.zh, product_class.en)


def _window_text(product_class: ProductClass) -> Text:
    months, days = product_class.window_months, product_class.window_days
    if months and days:
        return render("window.months_days", months=months, days=days)
    return render("window.months", months=months) if months else render("window.days", days=days)
