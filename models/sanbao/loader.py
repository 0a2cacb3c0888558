"""Reads a 三包 rules file (TOML) into a RuleBook, rejecting anything it cannot make sense of.

Every error names the entry and field, Chinese first, so an admin can fix their own file.
"""

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from models.sanbao.errors import RulesError
from models.sanbao.rulebook import FaultType, Policy, ProductClass, RemedyKind, Rule, RuleBook

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = {"policy", "classes", "faults", "rules"}
_POLICY_KEYS = {"exchange_rate_per_day", "refund_rate_per_day", "repair_turnaround_days"}
_CLASS_KEYS = {"id", "zh", "en", "group", "window_months", "window_days", "aliases"}
_FAULT_KEYS = {"id", "zh", "en", "unit"}
_RULE_KEYS = {
    "id",
    "zh",
    "en",
    "applies_to",
    "remedies",
    "faults",
    "any_fault",
    "measure_at_most",
    "measure_more_than",
    "min_prior_repairs",
    "min_price",
    "within_days",
    "within_days_out_of_town",
    "requires_unworn",
    "waive_depreciation",
    "refund_multiplier",
    "refund_only_without_equivalent",
}
_GRANTABLE = {k.value for k in RemedyKind if k is not RemedyKind.NONE}

T = TypeVar("T")


def load_rules(source: str | os.PathLike[str]) -> RuleBook:
    """Load a rules file from a path, or from TOML text when `source` is a string holding TOML."""
    if isinstance(source, str) and ("\n" in source or "=" in source):
        return _parse(source, "<text>")
    path = Path(source)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(f"无法读取规则文件 cannot read rules file {path}: {exc.strerror}") from exc
    return _parse(text, str(path))


@cache
def default_rules() -> RuleBook:
    """The rules shipped with Kesu (models/sanbao/default_rules.toml)."""
    text = resources.files("models.sanbao").joinpath("default_rules.toml").read_text(encoding="utf-8")
    return _parse(text, "default_rules.toml")


def _parse(text: str, source: str) -> RuleBook:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"规则文件不是有效的 TOML invalid TOML in {source}: {exc}") from exc
    _reject_unknown_keys(doc, _TOP_KEYS, "rules file")
    policy = _policy(_table(doc, "policy", "rules file"))
    classes = _entries(doc, "classes", _product_class)
    faults = _entries(doc, "faults", _fault_type)
    _check_classes_do_not_overlap(classes)
    _check_unique_ids(faults, "faults", "重复的故障 id duplicate fault id")
    rules = _entries(doc, "rules", _rule, optional=True)
    _check_unique_ids(rules, "rules", "重复的规则 id duplicate rule id")
    for index, rule in enumerate(rules):
        _check_rule_references(rule, f"rule {rule.id} (rules[{index}])", classes, faults)
    return RuleBook(policy=policy, classes=classes, faults=faults, rules=rules, source=source)


def _policy(table: Mapping[str, Any]) -> Policy:
    _reject_unknown_keys(table, _POLICY_KEYS, "[policy]")
    rates = {}
    for key in ("exchange_rate_per_day", "refund_rate_per_day"):
        rate = _decimal(table, key, "[policy]", required=True)
        if rate < 0:
            raise RulesError(f"负数折旧率 negative depreciation rate {key}={table[key]} in [policy]")
        rates[key] = rate
    return Policy(
        exchange_rate_per_day=rates["exchange_rate_per_day"],
        refund_rate_per_day=rates["refund_rate_per_day"],
        repair_turnaround_days=_int(table, "repair_turnaround_days", "[policy]", default=None, minimum=1),
    )


def _product_class(table: Mapping[str, Any], where: str) -> ProductClass:
    _reject_unknown_keys(table, _CLASS_KEYS, where)
    return ProductClass(
        id=_id(table, where),
        zh=_text(table, "zh", where),
        en=_text(table, "en", where),
        group=_optional_id(table, "group", where),
        window_months=_int(table, "window_months", where, default=0, minimum=0),
        window_days=_int(table, "window_days", where, default=0, minimum=0),
        aliases=tuple(a.strip() for a in _str_list(table, "aliases", where)),
    )


def _fault_type(table: Mapping[str, Any], where: str) -> FaultType:
    _reject_unknown_keys(table, _FAULT_KEYS, where)
    unit = table.get("unit")
    if unit is not None and (not isinstance(unit, str) or not unit.strip()):
        raise RulesError(f"单位必须是文字 'unit' must be a non-empty string in {where}")
    return FaultType(
        id=_id(table, where), zh=_text(table, "zh", where), en=_text(table, "en", where), unit=unit
    )


def _rule(table: Mapping[str, Any], where: str) -> Rule:
    _reject_unknown_keys(table, _RULE_KEYS, where)
    rule_id = _id(table, where)
    where = f"rule {rule_id} ({where})"
    remedies = _str_list(table, "remedies", where, required=True)
    for remedy in remedies:
        if remedy not in _GRANTABLE:
            raise RulesError(
                f"未知补救方式 unknown remedy '{remedy}' in {where}; use {', '.join(sorted(_GRANTABLE))}"
            )
    if len(set(remedies)) != len(remedies):
        raise RulesError(f"补救方式重复 repeated remedy in {where}")
    rule = Rule(
        id=rule_id,
        zh=_text(table, "zh", where),
        en=_text(table, "en", where),
        applies_to=frozenset(_str_list(table, "applies_to", where, required=True)),
        remedies=tuple(RemedyKind(r) for r in remedies),
        faults=frozenset(_str_list(table, "faults", where)),
        any_fault=_bool(table, "any_fault", where),
        measure_at_most=_decimal(table, "measure_at_most", where),
        measure_more_than=_decimal(table, "measure_more_than", where),
        min_prior_repairs=_int(table, "min_prior_repairs", where, default=0, minimum=0),
        min_price=_decimal(table, "min_price", where),
        within_days=_int(table, "within_days", where, default=None, minimum=0),
        within_days_out_of_town=_int(table, "within_days_out_of_town", where, default=None, minimum=0),
        requires_unworn=_bool(table, "requires_unworn", where),
        waive_depreciation=_bool(table, "waive_depreciation", where),
        refund_multiplier=_decimal(table, "refund_multiplier", where),
        refund_only_without_equivalent=_bool(table, "refund_only_without_equivalent", where),
    )
    _check_rule_shape(rule, where)
    return rule


def _check_rule_shape(rule: Rule, where: str) -> None:
    if rule.faults and rule.any_fault:
        raise RulesError(f"'faults' 与 'any_fault' 只能选一 use either faults or any_fault in {where}")
    if not (rule.needs_fault or rule.requires_unworn):
        raise RulesError(
            f"规则没有条件 rule has no trigger in {where}: set faults, any_fault or requires_unworn"
        )
    for key in ("measure_at_most", "measure_more_than", "min_price"):
        value = getattr(rule, key)
        if value is not None and value < 0:
            raise RulesError(f"负数 negative value {key}={value} in {where}")
    low, high = rule.measure_more_than, rule.measure_at_most
    if low is not None and high is not None and low >= high:
        raise RulesError(
            f"测量范围为空 empty range measure_more_than={low} ≥ measure_at_most={high} in {where}"
        )
    if rule.within_days_out_of_town is not None and rule.within_days is None:
        raise RulesError(f"'within_days_out_of_town' 需要 'within_days' is missing in {where}")
    if rule.refund_multiplier is not None and rule.refund_multiplier <= 0:
        raise RulesError(
            f"退款倍数必须为正 refund_multiplier={rule.refund_multiplier} must be > 0 in {where}"
        )
    refund_options = rule.refund_multiplier is not None or rule.refund_only_without_equivalent
    if refund_options and RemedyKind.REFUND not in rule.remedies:
        raise RulesError(f"退款选项需要 'refund' refund options need 'refund' in remedies in {where}")


def _check_rule_references(
    rule: Rule, where: str, classes: tuple[ProductClass, ...], faults: tuple[FaultType, ...]
) -> None:
    targets = {c.id for c in classes} | {c.group for c in classes if c.group}
    for target in sorted(rule.applies_to - targets):
        raise RulesError(f"未知商品类别或组 unknown class or group '{target}' in {where}")
    faults_by_id = {f.id: f for f in faults}
    for fault_id in sorted(rule.faults):
        if fault_id not in faults_by_id:
            raise RulesError(f"未知故障 unknown fault '{fault_id}' in {where}")
    if rule.measure_at_most is not None or rule.measure_more_than is not None:
        unmeasured = sorted(f for f in rule.faults if not faults_by_id[f].is_measured)
        if not rule.faults or unmeasured:
            raise RulesError(
                f"测量条件只适用于有单位的故障 measure conditions need faults with a 'unit' in {where}"
                + (f": {', '.join(unmeasured)}" if unmeasured else "")
            )


def _check_classes_do_not_overlap(classes: tuple[ProductClass, ...]) -> None:
    _check_unique_ids(classes, "classes", "商品类别重叠 overlapping classes: duplicate class id")
    class_ids = {c.id for c in classes}
    owner: dict[str, str] = {}
    for index, product_class in enumerate(classes):
        if product_class.group in class_ids:
            raise RulesError(
                f"商品组与类别重名 group '{product_class.group}' is also a class id in classes[{index}]"
            )
        for alias in product_class.aliases:
            key = alias.casefold()
            if not key:
                raise RulesError(f"别名不能为空 empty alias in classes[{index}] ({product_class.id})")
            if key in owner and owner[key] != product_class.id:
                raise RulesError(
                    f"商品类别重叠 overlapping classes: alias '{alias}' belongs to both "
                    f"{owner[key]} and {product_class.id}"
                )
            owner[key] = product_class.id


def _check_unique_ids(items: tuple[Any, ...], section: str, message: str) -> None:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            raise RulesError(f"{message} '{item.id}' in {section}[{index}]")
        seen.add(item.id)


# --- field readers -------------------------------------------------------------------------------


def _entries(
    doc: Mapping[str, Any], section: str, build: Callable[[Mapping[str, Any], str], T], optional: bool = False
) -> tuple[T, ...]:
    raw = doc.get(section, [])
    if not isinstance(raw, list) or not all(isinstance(entry, dict) for entry in raw):
        raise RulesError(f"'{section}' 必须写成 [[{section}]] 表 must be an array of tables")
    if not raw and not optional:
        raise RulesError(f"缺少 missing [[{section}]] entries in rules file")
    return tuple(build(entry, f"{section}[{index}]") for index, entry in enumerate(raw))


def _table(doc: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = doc.get(key)
    if not isinstance(value, dict):
        raise RulesError(f"缺少 missing [{key}] table in {where}")
    return value


def _reject_unknown_keys(table: Mapping[str, Any], allowed: set[str], where: str) -> None:
    for key in sorted(set(table) - allowed):
        raise RulesError(f"未知字段 unknown field '{key}' in {where}")


def _id(table: Mapping[str, Any], where: str) -> str:
    value = table.get("id")
    if not isinstance(value, str) or not _ID.match(value):
        raise RulesError(f"缺少或无效的 id missing or invalid id {value!r} in {where}: use lower_snake_case")
    return value


def _optional_id(table: Mapping[str, Any], key: str, where: str) -> str | None:
    value = table.get(key)
    if value is not None and (not isinstance(value, str) or not _ID.match(value)):
        raise RulesError(f"无效的 {key} invalid {key} {value!r} in {where}: use lower_snake_case")
    return value


def _text(table: Mapping[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RulesError(f"缺少文字 missing text '{key}' in {where}")
    return value.strip()


def _str_list(table: Mapping[str, Any], key: str, where: str, required: bool = False) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RulesError(f"'{key}' 必须是文字列表 must be a list of strings in {where}")
    if required and not value:
        raise RulesError(f"缺少 missing '{key}' in {where}")
    return value


def _bool(table: Mapping[str, Any], key: str, where: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise RulesError(f"'{key}' 必须是 true/false must be true or false in {where}")
    return value


def _int(table: Mapping[str, Any], key: str, where: str, default: int | None, minimum: int) -> Any:
    value = table.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise RulesError(f"'{key}' 必须是整数 must be a whole number, got {value!r} in {where}")
    if value < minimum:
        raise RulesError(f"'{key}' 不能小于 {minimum} must be ≥ {minimum}, got {key}={value} in {where}")
    return value


def _decimal(table: Mapping[str, Any], key: str, where: str, required: bool = False) -> Any:
    value = table.get(key)
    if value is None:
        if required:
            raise RulesError(f"缺少 missing '{key}' in {where}")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RulesError(f"'{key}' 必须是数字 must be a number, got {value!r} in {where}")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise RulesError(f"'{key}' 必须是数字 must be a number, got {value!r} in {where}") from None
    if not number.is_finite():
        raise RulesError(f"'{key}' 必须是有限数字 must be finite, got {value!r} in {where}")
    return number
