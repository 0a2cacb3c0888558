"""The 三包 rule book: product classes, faults and rules, loaded from a rules file and immutable."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cached_property

from models.sanbao.periods import add_days, add_months


class RemedyKind(StrEnum):
    REPAIR = "repair"
    EXCHANGE = "exchange"
    REFUND = "refund"
    NONE = "none"


@dataclass(frozen=True)
class ProductClass:
    id: str
    zh: str
    en: str
    group: str | None = None
    window_months: int = 0
    window_days: int = 0
    aliases: tuple[str, ...] = ()

    @property
    def has_window(self) -> bool:
        return self.window_months > 0 or self.window_days > 0

    def window_end(self, sale_date: date) -> date | None:
        """Last day of the 三包 window, or None when the class has none."""
        if not self.has_window:
            return None
        return add_days(add_months(sale_date, self.window_months), self.window_days)


@dataclass(frozen=True)
class FaultType:
    id: str
    zh: str
    en: str
    unit: str | None = None

    @property
    def is_measured(self) -> bool:
        return self.unit is not None


@dataclass(frozen=True)
class Policy:
    exchange_rate_per_day: Decimal
    refund_rate_per_day: Decimal
    repair_turnaround_days: int | None = None


@dataclass(frozen=True)
class Rule:
    """Opens `remedies` for the covered classes when every condition holds (see default_rules.toml)."""

    id: str
    zh: str
    en: str
    applies_to: frozenset[str]
    remedies: tuple[RemedyKind, ...]
    faults: frozenset[str] = frozenset()
    any_fault: bool = False
    measure_at_most: Decimal | None = None
    measure_more_than: Decimal | None = None
    min_prior_repairs: int = 0
    min_price: Decimal | None = None
    within_days: int | None = None
    within_days_out_of_town: int | None = None
    requires_unworn: bool = False
    waive_depreciation: bool = False
    refund_multiplier: Decimal | None = None
    refund_only_without_equivalent: bool = False

    @property
    def needs_fault(self) -> bool:
        return self.any_fault or bool(self.faults)

    def covers(self, product_class: ProductClass) -> bool:
        return product_class.id in self.applies_to or product_class.group in self.applies_to

    def days_allowed(self, out_of_town: bool) -> int | None:
        if out_of_town and self.within_days_out_of_town is not None:
            return self.within_days_out_of_town
        return self.within_days


@dataclass(frozen=True)
class RuleBook:
    policy: Policy
    classes: tuple[ProductClass, ...]
    faults: tuple[FaultType, ...]
    rules: tuple[Rule, ...]
    source: str = field(default="<text>", compare=False)

    @cached_property
    def _classes_by_id(self) -> dict[str, ProductClass]:
        return {c.id: c for c in self.classes}

    @cached_property
    def _faults_by_id(self) -> dict[str, FaultType]:
        return {f.id: f for f in self.faults}

    def product_class(self, class_id: str) -> ProductClass | None:
        return self._classes_by_id.get(class_id)

    def fault(self, fault_id: str) -> FaultType | None:
        return self._faults_by_id.get(fault_id)

    def rules_for(self, product_class: ProductClass) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.covers(product_class))

    def faults_for(self, class_id: str) -> tuple[FaultType, ...]:
        """Faults a rule names for this class, in catalogue order: the choices for a back-office form."""
        product_class = self.product_class(class_id)
        if product_class is None:
            return ()
        named = {fault_id for rule in self.rules_for(product_class) for fault_id in rule.faults}
        return tuple(f for f in self.faults if f.id in named)

    def classify(self, product_name: str) -> ProductClass | None:
        """The class whose alias appears in `product_name`; the longest alias wins, a tie gives None."""
        hits = [
            (len(alias), c) for c in self.classes for alias in c.aliases if alias and alias in product_name
        ]
        if not hits:
            return None
        longest = max(length for length, _ in hits)
        winners = {c.id: c for length, c in hits if length == longest}
        return next(iter(winners.values())) if len(winners) == 1 else None
