"""三包 (repair / exchange / refund) rules engine: a rules table as data and a pure evaluation function.

book = default_rules()                       # or load_rules("firm_rules.toml")
verdict = evaluate(book, Purchase("leather_shoes", Decimal("300"), sale_date), today)
"""

from models.sanbao.errors import InvalidPurchase, RulesError
from models.sanbao.evaluate import Fault, Purchase, Remedy, Verdict, evaluate
from models.sanbao.loader import default_rules, load_rules
from models.sanbao.rulebook import FaultType, Policy, ProductClass, RemedyKind, Rule, RuleBook

__all__ = [
    "Fault",
    "FaultType",
    "InvalidPurchase",
    "Policy",
    "ProductClass",
    "Purchase",
    "Remedy",
    "RemedyKind",
    "Rule",
    "RuleBook",
    "RulesError",
    "Verdict",
    "default_rules",
    "evaluate",
    "load_rules",
]
