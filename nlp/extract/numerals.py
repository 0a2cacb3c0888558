"""Chinese numerals (三百五十, 两千, 十一) to numbers, via cn2an."""

from __future__ import annotations

import functools
from decimal import Decimal, InvalidOperation

CHINESE_DIGITS = "零〇一二两三四五六七八九十百千万亿点壹贰叁肆伍陆柒捌玖拾佰仟廿"


@functools.cache
def _cn2an():  # cn2an takes ~65 ms to import: only pay it when a Chinese numeral shows up
    import cn2an

    return cn2an


def to_decimal(raw: str) -> Decimal | None:
    """'1,299.50', '三百五十', '1万2', '两千' → Decimal; None when it is not a number."""
    cleaned = raw.replace(",", "").replace(" ", "")
    if not cleaned:
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        pass
    try:
        value = _cn2an().cn2an(cleaned, "smart")
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return Decimal(str(value))


def to_int(raw: str) -> int | None:
    value = to_decimal(raw)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)
