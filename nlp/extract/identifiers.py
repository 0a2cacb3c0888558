"""Order numbers, product models and other reference ids (订单号 E20261103001, 型号 KX-200)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_LABELS = (
    ("order", r"订单号|订单编号|订单|单号|运单号|快递单号|物流单号|工单号|order\s*(?:no\.?|number|id|#)?"),
    ("model", r"型号|产品型号|机型|款号|货号|model\s*(?:no\.?|number)?"),
    ("card", r"会员卡号|会员号|卡号|membership\s*(?:no\.?|number)?"),
    ("serial", r"序列号|编号|sn|s/n|serial\s*(?:no\.?|number)?"),
)
_ID = r"[a-z0-9][a-z0-9-]*[a-z0-9]"
_LABELLED = re.compile(
    "(?:"
    + "|".join(rf"(?P<{kind}>{body})" for kind, body in _LABELS)
    + rf")\s*(?:是|为|[:：#])?\s*(?P<id>{_ID})",
    re.IGNORECASE,
)
_BARE = re.compile(rf"(?<![a-z0-9-])(?P<id>{_ID})(?![a-z0-9-])", re.IGNORECASE)
_DATE_LIKE = re.compile(r"^(?:19|20)\d{2}[-/.]?\d{1,2}[-/.]?\d{1,2}$")


@dataclass(frozen=True, slots=True)
class Identifier:
    kind: str  # order, model, card, serial or id (unlabelled)
    value: str


def find_identifiers(text: str, *, exclude: Iterable[tuple[int, int]] = ()) -> tuple[Identifier, ...]:
    """Labelled ids of any length ≥ 3; unlabelled ones must be ≥ 6 chars with a letter and a digit.

    `exclude` holds spans already known to be something else (phone numbers).
    """
    excluded = list(exclude)
    found: list[tuple[int, Identifier]] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return not any(start < e and s < end for s, e in [*excluded, *taken])

    for m in _LABELLED.finditer(text):
        value = m["id"]
        if len(value) < 3 or not any(c.isdigit() for c in value) or _DATE_LIKE.match(value):
            continue
        if free(*m.span("id")):
            taken.append(m.span("id"))
            found.append((m.start("id"), Identifier(_kind(m), value.upper())))
    for m in _BARE.finditer(text):
        value = m["id"]
        compact = value.replace("-", "")
        has_letter = any(c.isascii() and c.isalpha() for c in compact)
        if len(value) < 6 or not any(c.isdigit() for c in compact) or not has_letter:
            continue
        if _DATE_LIKE.match(value) or not free(*m.span("id")):
            continue
        taken.append(m.span("id"))
        found.append((m.start("id"), Identifier("id", value.upper())))
    return tuple(dict.fromkeys(identifier for _, identifier in sorted(found, key=lambda f: f[0])))


def _kind(match: re.Match[str]) -> str:
    return next(kind for kind, _ in _LABELS if match.group(kind))
