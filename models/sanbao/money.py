"""Money arithmetic: Decimal yuan, rounded half-up to the fen."""

from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
ZERO = Decimal("0.00")


def to_yuan(amount: Decimal) -> Decimal:
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def depreciation(price: Decimal, percent_per_day: Decimal, days: int) -> Decimal:
    """折旧费: `percent_per_day` % of the price for each day since sale, never more than the price."""
    return min(to_yuan(price * percent_per_day / 100 * days), to_yuan(price))
