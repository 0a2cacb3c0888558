"""What the customer wants: return, exchange, repair, compensation, apology."""

from __future__ import annotations

import re

# 退款 is grouped with 退货: asking for the money back is, in the intake form, a return/refund.
_DEMANDS: tuple[tuple[str, str], ...] = (
    ("return", r"退货|退掉|退回|退款|退钱|退费|退了|退还|全额退|退单|退保|refund|return"),
    ("exchange", r"换货|换一个|换个|换新|更换|调换|换一台|exchange|replace(?:ment)?"),
    ("repair", r"维修|修理|修好|返修|保修|修一下|(?<![装编])修(?![改饰订正])|repair|fix"),
    ("compensation", r"赔偿|赔钱|赔付|补偿|退一赔三|假一赔十|赔|compensat\w*|reimburs\w*"),
    ("apology", r"道歉|赔礼|解释|给个说法|给个交代|讨个说法|一个说法|apolog\w*|explanation|explain"),
)
_PATTERN = re.compile("|".join(f"(?P<{name}>{body})" for name, body in _DEMANDS), re.IGNORECASE)
# "不要退货，换一个就行": a demand the customer explicitly declines is not their demand.
_DECLINED = re.compile(r"(?:不要|不想|不用|不需要|不必|无需|don't want|do not want|no)\s*$", re.IGNORECASE)


def find_demands(text: str) -> tuple[str, ...]:
    """Demands in the order the customer states them, without repeats."""
    demands = []
    for match in _PATTERN.finditer(text):
        if _DECLINED.search(text[max(0, match.start() - 12) : match.start()]):
            continue
        demands.append(match.lastgroup or "")
    return tuple(dict.fromkeys(demands))
