"""Phrase patterns that single words cannot express; each scores like a keyword and is shown as one.

Kept small and in code because they are regular expressions: admins grow the word lists instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_AMOUNT = r"[0-9一二三四五六七八九十百千两]+(?:\.[0-9]+)?\s*(?:块|元|毛|¥)?"

# (category, weight, pattern). The matched text is what staff see as the keyword.
CUES: tuple[tuple[str, float, re.Pattern[str]], ...] = (
    # "你爱要不要", "爱买不买": the brush-off that needs no other word to be about attitude.
    ("service_attitude", 3.0, re.compile(r"爱(\w)不\1")),
    # "买不起就别买", "不吃香菜就别点", "嫌贵就别来": telling the customer off.
    ("service_attitude", 3.0, re.compile(r"就别(?:买|点|来|吃|摸|看|问|用|住|要)")),
    # Refused because the time ran out: 过了七天不管, 超过保修期不给修, 说过保了.
    (
        "after_sales_repair",
        3.0,
        re.compile(
            r"(?:过了|超过|超出|过)[^，,。]{0,6}?(?:天|保修|保质|保)[^，,。]{0,6}?(?:不管|不给|不退|不换|不修|不保)"
        ),
    ),
    # The remedy refused: 不能换, 不给退, 拒绝售后, 不予保修, 死活不同意退 — the complaint is about after-sales
    # even when the defect is described at length. Money refused (不给退款, 不能退费) stays a billing matter.
    (
        "after_sales_repair",
        3.0,
        re.compile(
            r"(?:不能|不给|不肯|不让|拒绝|不予|不同意|没法|无法|不接受|不可以)(?:给我)?"
            r"(?:退换|退货|换货|退(?![款费钱保还息])|换|保修|维修|修|售后|更换|三包)"
        ),
    ),
    # A repair or replacement that did not hold: 修了又坏, 换了两次还是掉线, 补胎才三天又漏气.
    (
        "after_sales_repair",
        3.0,
        re.compile(
            r"(?:修|换|补|装|调)(?:了|完|好)[^，,。]{0,8}?(?:又|还是|还|就)[^，,。]{0,3}?(?:坏|漏|不|掉|响|断|出)"
        ),
    ),
    # Being charged a stated amount: 收我45, 收了我六十, 多要了20, 少给我六百.
    (
        "billing_price",
        2.5,
        re.compile(r"(?:收了?我|收了|多收了?|多要了?|多算了?|少给了?我|少找了?我?)" + _AMOUNT),
    ),
    # Stored value that went missing: 会员卡余额莫名少了五十, 余额显示只有450.
    ("billing_price", 3.0, re.compile(r"余额[^，,。]{0,6}?(?:少了|不对|只有|不见|没了|被扣)")),
    # The price shown and the price asked differ: 写的60元 … 说90, 标价15 … 收了20.
    (
        "billing_price",
        2.5,
        re.compile(
            r"(?:写的|写着|标的|标着|标价|显示|说好的?)[^，,。]{0,4}?"
            + _AMOUNT
            + r"[^。！？!?]{0,12}?(?:说|收|要|变成|改成)了?"
            + _AMOUNT
        ),
    ),
    # A gift or extra that was promised and not given: 送的逗猫棒没给, 说送耳机 到手没有.
    (
        "promotion",
        2.5,
        re.compile(
            r"(?:说好)?送(?:的)?[^，,。！？!?]{0,8}?(?:没给|没有给|没送|没收到|没看到|到手没有|根本没有|也没有|没有了)"
        ),
    ),
    # The offer itself: 满99减30, 第二杯半价, 打五折 / 三折 (not 折旧, 折腾).
    ("promotion", 3.0, re.compile(r"满\d+(?:元|块)?(?:减|送|返)\d*")),
    ("promotion", 3.0, re.compile(r"第二(?:件|杯|份|个)半价")),
    ("promotion", 2.0, re.compile(r"[一二三四五六七八九\d](?:\.\d)?折(?![腾旧叠磨扣])")),
    # Being added to a chat group to receive adverts: 把我拉进好几个群.
    ("other", 3.0, re.compile(r"拉(?:我)?进[^，,。]{0,4}?群")),
    # Somebody sold or passed on the customer's details: 把我的信息卖出去了, 信息被泄露给.
    ("other", 3.0, re.compile(r"(?:信息|号码|电话|资料)[^，,。]{0,4}?(?:卖|泄露|透露|给了别人|外泄)")),
)


def find_cues(text: str) -> Iterator[tuple[str, float, str]]:
    """(category, weight, matched text) for every cue found in normalised text."""
    for category, weight, pattern in CUES:
        for match in pattern.finditer(text):
            yield category, weight, match.group(0)
