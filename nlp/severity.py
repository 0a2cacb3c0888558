"""Severity rules (A 紧急/重大, B 严重, C 一般, D 轻微) over the word lists in lexicon/severity.txt.

The rules, in order; the highest level wins and every rule that fired is given as a reason:
  A  `harm` (injury, illness, poisoning, allergy, hospital, death; crash/accident) that is not negated,
     feared or a near miss;
  A  `hazard` found in the product (漏电, 起火, 冒烟, 爆炸, fire, smoke) that is not negated or feared —
     a near miss ("差点起火") still counts: the hazard is in the product;
  A  `food_contaminant` (虫子, 发霉, 玻璃 ...) when the text mentions food (`food_context`);
  B  `hygiene` lapse in food (a hair, 不卫生): serious, but not a safety case;
  B  `escalation`: media, regulator or lawsuit threats (曝光, 12315, 律师, lawsuit);
  B  `mass` impact (很多人, 多名顾客, 集体) — B, not A, on its own: "很多人都说" is mostly rhetoric,
     and real mass harm is already A through the harm words;
  B  `serious` (诈骗, 盗刷, 报警 ...);
  B  an amount at or above the threshold (default ¥5000);
  D  only `minor` words (建议, 小问题, suggestion) and nothing above;
  C  otherwise.
A word is negated when a `negation` marker (没有, 未, no, not ...) precedes it in the same clause, within a
few characters / words; `marker_exceptions` (不小心, 没多久, 可怕 ...) are not markers. `fear` markers
(怕, 担心, 万一, could, afraid ...) before it, or `fear_after` words (隐患, hazard, risk) after it, mark
harm that did not happen.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from nlp.lexicon import Lexicon, is_ascii_word
from nlp.matching import Hit
from nlp.text import CLAUSE_BREAK

LEVELS = ("A", "B", "C", "D")
DEFAULT_AMOUNT_THRESHOLD = Decimal(5000)
_CJK_WINDOW = 6  # characters before a word searched for negation
_CJK_FEAR_WINDOW = 10
_EN_NEGATION_WINDOW = 3  # words before an English word searched for negation ("air bag did not deploy
# during the collision" must still count the collision)
_EN_WINDOW = 5  # words before an English word searched for fear ("could have been a serious accident")
_EN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


@dataclass(frozen=True, slots=True)
class SeverityFinding:
    level: str
    reasons: tuple[str, ...]
    keywords: tuple[str, ...]


def assess(
    text: str,
    hits: Sequence[Hit],
    lexicon: Lexicon,
    *,
    max_amount: Decimal | None = None,
    amount_threshold: Decimal = DEFAULT_AMOUNT_THRESHOLD,
) -> SeverityFinding:
    """Apply the rules above to normalised `text` and the lexicon hits found in it."""
    found: list[tuple[str, str, str]] = []  # (level, reason, keyword)
    section = lexicon.section
    has_food = any(h.word in section("food_context") for h in hits)
    for hit in hits:
        word = hit.word
        if (word in section("harm") and _happened(text, hit, lexicon, near_miss_counts=False)) or (
            word in section("hazard") and _happened(text, hit, lexicon, near_miss_counts=True)
        ):
            found.append(("A", f"safety: {word}", word))
        elif word in section("food_contaminant") and has_food and _happened(text, hit, lexicon, True):
            found.append(("A", f"food safety: {word}", word))
        elif word in section("hygiene") and has_food and _happened(text, hit, lexicon, True):
            found.append(("B", f"food hygiene: {word}", word))
        elif word in section("escalation"):
            found.append(("B", f"media/regulator/lawsuit: {word}", word))
        elif word in section("mass"):
            found.append(("B", f"mass impact: {word}", word))
        elif word in section("serious") and not _negated(text, hit, lexicon):
            found.append(("B", f"serious: {word}", word))
    if max_amount is not None and max_amount >= amount_threshold:
        found.append(("B", f"amount ≥ ¥{amount_threshold}: ¥{max_amount}", f"¥{max_amount}"))
    if not found:
        minor = [h.word for h in hits if h.word in section("minor")]
        if minor:
            return SeverityFinding("D", tuple(f"minor: {w}" for w in dict.fromkeys(minor)), tuple(minor))
        return SeverityFinding("C", ("default: no severity rule fired",), ())
    level = min(level for level, _, _ in found)
    top = [(reason, word) for lvl, reason, word in found if lvl == level]
    reasons = tuple(dict.fromkeys(r for r, _ in top))
    return SeverityFinding(level, reasons, tuple(dict.fromkeys(w for _, w in top)))


def _happened(text: str, hit: Hit, lexicon: Lexicon, near_miss_counts: bool) -> bool:
    if _negated(text, hit, lexicon) or _feared(text, hit, lexicon):
        return False
    return near_miss_counts or not _preceded_by(
        text, hit, lexicon.section("near_miss"), _CJK_FEAR_WINDOW, lexicon
    )


def _negated(text: str, hit: Hit, lexicon: Lexicon) -> bool:
    return _preceded_by(text, hit, lexicon.section("negation"), _CJK_WINDOW, lexicon, negation=True)


def _feared(text: str, hit: Hit, lexicon: Lexicon) -> bool:
    if _preceded_by(text, hit, lexicon.section("fear"), _CJK_FEAR_WINDOW, lexicon):
        return True
    after = _clause_after(text, hit.end)
    if is_ascii_word(hit.word):
        following = _EN_WORD.findall(after)[:2]
        return any(w in lexicon.section("fear_after") for w in following)
    return any(after.startswith(w) or after[1:].startswith(w) for w in lexicon.section("fear_after"))


def _preceded_by(
    text: str, hit: Hit, markers: frozenset[str], window: int, lexicon: Lexicon, negation: bool = False
) -> bool:
    """Is one of `markers` in the same clause just before the hit (minus look-alikes such as 不小心)?"""
    before = _clause_before(text, hit.start)
    if is_ascii_word(hit.word):
        words = _EN_WORD.findall(before)[-(_EN_NEGATION_WINDOW if negation else _EN_WINDOW) :]
        joined = " ".join(words)
        contraction = negation and any(w.endswith("n't") for w in words)
        return (
            contraction or any(w in markers for w in words) or any(" " in m and m in joined for m in markers)
        )
    window_text = before[-window:]
    for exception in lexicon.section("marker_exceptions"):
        window_text = window_text.replace(exception, "|")
    return any(marker in window_text for marker in markers if not is_ascii_word(marker))


def _clause_before(text: str, start: int) -> str:
    head = text[max(0, start - 60) : start]
    parts = CLAUSE_BREAK.split(head)
    return parts[-1] if parts else ""


def _clause_after(text: str, end: int) -> str:
    return CLAUSE_BREAK.split(text[end : end + 40], maxsplit=1)[0]
