"""Domain errors of the 三包 rules engine; the back office translates them at its edge."""


class RulesError(ValueError):
    """A rules file could not be read or does not make sense; the message names the field."""


class InvalidPurchase(ValueError):
    """The purchase handed to evaluate() cannot be judged (unknown class or fault, missing measure…)."""
