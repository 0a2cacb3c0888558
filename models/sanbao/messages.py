"""What staff read out to the customer: every sentence of a 三包 decision, Chinese and English."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Text:
    """One sentence in both languages."""

    zh: str
    en: str

    def __add__(self, other: "Text") -> "Text":
        return Text(zh=self.zh + other.zh, en=f"{self.en} {other.en}".strip())


MESSAGES: Mapping[str, Mapping[str, str]] = {
    "rule": {"zh": "依据「{rule}」。", "en": "Rule: {rule}."},
    "facts": {"zh": "本件：{faults}。", "en": "This item: {faults}."},
    "fault.measure": {"zh": "{fault}{measure}{unit}", "en": "{fault} ({measure} {unit})"},
    "fault.prior_repairs": {
        "zh": "{fault}（已修理{count}次）",
        "en": "{fault} (repaired {count} time(s) before)",
    },
    "repair": {
        "zh": "可免费修理，{until}前（含当日）可提出。",
        "en": "Free repair, open until {until} inclusive.",
    },
    "repair.turnaround": {
        "zh": "修理期限不超过{turnaround}天。",
        "en": "The repair must be finished within {turnaround} days.",
    },
    "exchange.charged": {
        "zh": "可换货：按每日{rate}%收取折旧费，售出后第{days}天，顾客需付¥{pays}；{until}前（含当日）有效。",
        "en": "Exchange: depreciation of {rate}% a day for {days} day(s) since sale, "
        "the customer pays ¥{pays}; open until {until} inclusive.",
    },
    "exchange.free": {
        "zh": "可免费换货，不收折旧费；{until}前（含当日）有效。",
        "en": "Free exchange, no depreciation charged; open until {until} inclusive.",
    },
    "refund.charged": {
        "zh": "可退货：按每日{rate}%扣除折旧费¥{depreciation}（售出后第{days}天），"
        "退还顾客¥{receives}；{until}前（含当日）有效。",
        "en": "Refund: depreciation of {rate}% a day for {days} day(s) since sale (¥{depreciation}) "
        "is deducted, the customer receives ¥{receives}; open until {until} inclusive.",
    },
    "refund.free": {
        "zh": "可全额退货，不收折旧费，退还顾客¥{receives}；{until}前（含当日）有效。",
        "en": "Full refund, no depreciation charged: the customer receives ¥{receives}; "
        "open until {until} inclusive.",
    },
    "refund.multiple": {
        "zh": "退还顾客{multiplier}倍货款¥{receives}，不收折旧费；{until}前（含当日）有效。",
        "en": "Refund of {multiplier} times the price: the customer receives ¥{receives}, "
        "no depreciation charged; open until {until} inclusive.",
    },
    "none.not_covered": {
        "zh": "「{class_name}」不属于三包商品，不适用包修、包换、包退；退换货由顾客与销售者协商解决。",
        "en": "The class '{class_name}' is not covered by the repair/exchange/refund guarantee; "
        "any return is agreed between the customer and the seller.",
    },
    "none.window_expired": {
        "zh": "「{class_name}」的三包期为售出后{window}，已于{window_end}结束，不再包修、包换、包退；"
        "可由顾客与销售者协商解决。",
        "en": "The guarantee for '{class_name}' runs {window} from the sale and ended on {window_end}; "
        "any remedy is now agreed between the customer and the seller.",
    },
    "none.no_fault": {
        "zh": "商品无质量问题，不属于三包范围；退换货由顾客与销售者协商解决。",
        "en": "The item has no quality fault, so the guarantee does not apply; "
        "any return is agreed between the customer and the seller.",
    },
    "none.no_fault_worn": {
        "zh": "无质量问题的商品须未穿用、保持原状才可调换；本件已穿用或不是原状，由顾客与销售者协商解决。",
        "en": "Without a fault, only unworn items in their original state can be exchanged; "
        "this one has been worn or altered, so any return is agreed between the customer and the seller.",
    },
    "none.no_fault_late": {
        "zh": "无质量问题的商品只能在售出后{days_allowed}天内调换（截至{until}），已过期；由顾客与销售者协商解决。",
        "en": "Without a fault, items can be exchanged only within {days_allowed} days of sale "
        "(until {until}); that time has passed, so any return is agreed between the customer and the seller.",
    },
    "none.fault_not_covered": {
        "zh": "所报故障（{faults}）不在「{class_name}」三包规定的修理、换货、退货范围内，或已超过该项期限；"
        "由顾客与销售者协商解决。",
        "en": "The reported fault ({faults}) is not one the guarantee for '{class_name}' repairs, exchanges "
        "or refunds, or its time limit has passed; any remedy is agreed between the customer and the seller.",
    },
    "window.months": {"zh": "{months}个月", "en": "{months} month(s)"},
    "window.days": {"zh": "{days}天", "en": "{days} day(s)"},
    "window.months_days": {"zh": "{months}个月零{days}天", "en": "{months} month(s) and {days} day(s)"},
    "list.separator": {"zh": "、", "en": ", "},
    "kind.repair": {"zh": "修理", "en": "repair"},
    "kind.exchange": {"zh": "换货", "en": "exchange"},
    "kind.refund": {"zh": "退货", "en": "refund"},
    "kind.none": {"zh": "不适用三包", "en": "not covered"},
    "proposal": {"zh": "三包建议：{kind}。{explanation}", "en": "三包 proposal: {kind}. {explanation}"},
}


def render(key: str, **params: object) -> Text:
    """Fill the template `key` in both languages; Text values pick their language, dates and money format."""
    template = MESSAGES[key]
    return Text(
        zh=template["zh"].format(**{k: _format(v, "zh") for k, v in params.items()}),
        en=template["en"].format(**{k: _format(v, "en") for k, v in params.items()}),
    )


def join(items: list[Text]) -> Text:
    separator = MESSAGES["list.separator"]
    return Text(
        zh=separator["zh"].join(item.zh for item in items), en=separator["en"].join(item.en for item in items)
    )


def _format(value: object, lang: str) -> str:
    if isinstance(value, Text):
        return value.zh if lang == "zh" else value.en
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日" if lang == "zh" else value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")  # keeps the written precision: rate 0.3, money 3.00
    return str(value)
