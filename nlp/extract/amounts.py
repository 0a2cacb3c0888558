"""Money amounts: ¥299, 299元, 三百五十块, 1,299.50 元, 2万元, RMB 80."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from nlp.extract.numerals import CHINESE_DIGITS, to_decimal

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN_NUMBER = f"[{CHINESE_DIGITS}]+"
_UNIT = r"元|块钱|块|圆|rmb|人民币|yuan"
_PATTERNS = (
    # ¥299 / RMB 299 / 人民币299元
    re.compile(rf"(?:[¥￥]|rmb|人民币)\s*(?P<num>{_NUMBER})\s*(?P<wan>万)?(?:{_UNIT})?", re.IGNORECASE),
    # 299元 / 1,299.50 元 / 2万元 / 2.5万
    re.compile(rf"(?<![\d.,])(?P<num>{_NUMBER})\s*(?:(?P<wan>万)(?:{_UNIT})?|(?:{_UNIT}))", re.IGNORECASE),
    # 三百五十块 / 两千元 / 一万二元
    re.compile(rf"(?P<num>{_CN_NUMBER})(?P<wan>)(?:{_UNIT})"),
)


@dataclass(frozen=True, slots=True)
class Amount:
    value: Decimal
    raw: str


def find_amounts(text: str) -> tuple[Amount, ...]:
    """Amounts in order of appearance; a span claimed by an earlier pattern is not matched twice."""
    found: list[tuple[int, Amount]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            value = to_decimal(match.group("num"))
            if value is None or value <= 0:
                continue
            if match.group("wan"):
                value *= 10000
            taken.append(match.span())
            found.append((match.start(), Amount(value=value, raw=match.group(0).strip())))
    return tuple(amount for _, amount in sorted(found, key=lambda item: item[0]))


_ANY_UNIT = re.compile(rf"[¥￥]|万|{_UNIT}", re.IGNORECASE)


def max_amount(text: str) -> Decimal | None:
    if not _ANY_UNIT.search(text):  # the common case in classify(): skip the three scans
        return None
    amounts = find_amounts(text)
    return max((a.value for a in amounts), default=None)
