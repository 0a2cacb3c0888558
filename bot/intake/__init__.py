"""The intake dialogue: an explicit state machine over channel-neutral input, its state in the database.

Entry point: `bot.intake.engine.Dialogue(settings, clock).handle(Inbound(...))`. The flow is the
`STATES` table in bot/intake/steps.py; commands in commands.py; after-filing messages in followup.py;
the periodic nudge/expiry sweep in sweeps.py (`run_due(now, settings)`).
"""

from __future__ import annotations

import importlib
from types import ModuleType


def revisit_hooks() -> ModuleType | None:
    """The revisit survey (models/revisit.py, owned by the deadlines work) when it is installed."""
    try:
        return importlib.import_module("models.revisit")
    except ModuleNotFoundError as missing:
        if missing.name != "models.revisit":
            raise
        return None
