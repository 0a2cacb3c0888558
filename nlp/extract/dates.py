"""Purchase dates, resolved against `today` and never in the future."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from nlp.extract.numerals import to_int

_N = r"[\d零〇一二两三四五六七八九十]{1,3}"
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6}
_RELATIVE_DAYS = {
    "大前天": 3,
    "前天": 2,
    "昨天": 1,
    "昨日": 1,
    "今天": 0,
    "今日": 0,
    "yesterday": 1,
    "today": 0,
}
_FULL = re.compile(r"(?<!\d)(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)[日号]?")
_MONTH_DAY = re.compile(rf"(?<![\d年/.-])(?P<m>{_N})\s*月\s*(?P<d>{_N})\s*[日号]")
_DAY = re.compile(rf"(?<![\d月/.-])(?P<d>{_N})\s*[号日](?!\w*[元块])")
_WEEKDAY = re.compile(r"(?P<rel>上上|上|这|本)?(?:个)?(?:周|星期|礼拜)(?P<w>[一二三四五六日天七])")
_RELATIVE = re.compile("|".join(sorted(_RELATIVE_DAYS, key=len, reverse=True)), re.IGNORECASE)
_PURCHASE = re.compile(r"买|购|下单|订|入手|付款|办理|purchas|bought|order", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FoundDate:
    value: date
    raw: str
    start: int


def find_dates(text: str, *, today: date) -> tuple[FoundDate, ...]:
    """Every date mentioned, in order; partial dates are placed in the most recent past they can mean."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match[str], value: date | None) -> None:
        if value is None or value > today:
            return
        if any(match.start() < end and start < match.end() for start, end in taken):
            return
        taken.append(match.span())
        found.append(FoundDate(value, match.group(0), match.start()))

    for m in _FULL.finditer(text):
        add(m, _safe_date(int(m["y"]), int(m["m"]), int(m["d"])))
    for m in _MONTH_DAY.finditer(text):
        add(m, _month_day(to_int(m["m"]), to_int(m["d"]), today))
    for m in _DAY.finditer(text):
        add(m, _day_of_month(to_int(m["d"]), today))
    for m in _WEEKDAY.finditer(text):
        add(m, _weekday(m["rel"], _WEEKDAYS[m["w"]], today))
    for m in _RELATIVE.finditer(text):
        add(m, today - timedelta(days=_RELATIVE_DAYS[m.group(0).lower()]))
    return tuple(sorted(found, key=lambda d: d.start))


def purchase_date(text: str, *, today: date) -> date | None:
    """The date in a clause about buying, else the earliest date mentioned (purchases come first)."""
    dates = find_dates(text, today=today)
    for found in dates:
        clause = re.split(r"[，,。.!！?？;；]", text[found.start :], maxsplit=1)[0]
        if _PURCHASE.search(clause) or _PURCHASE.search(text[max(0, found.start - 4) : found.start]):
            return found.value
    return min((d.value for d in dates), default=None)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_day(month: int | None, day: int | None, today: date) -> date | None:
    if month is None or day is None:
        return None
    value = _safe_date(today.year, month, day)
    if value is not None and value > today:
        value = _safe_date(today.year - 1, month, day)
    return value


def _day_of_month(day: int | None, today: date) -> date | None:
    if day is None or not 1 <= day <= 31:
        return None
    value = _safe_date(today.year, today.month, day)
    if value is None or value > today:
        last_month = today.replace(day=1) - timedelta(days=1)
        value = _safe_date(last_month.year, last_month.month, day)
    return value


def _weekday(relative: str | None, weekday: int, today: date) -> date:
    monday = today - timedelta(days=today.weekday())
    if relative == "上":
        return monday - timedelta(days=7) + timedelta(days=weekday)
    if relative == "上上":
        return monday - timedelta(days=14) + timedelta(days=weekday)
    this_week = monday + timedelta(days=weekday)
    # 这周五 / 周五 said before Friday can only mean a past Friday: last week's.
    return this_week if this_week <= today else this_week - timedelta(days=7)
