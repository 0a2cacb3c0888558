"""Fixtures of the intake tests: the dialogue engine and one scripted customer."""

from __future__ import annotations

import pytest
from intake_script import ScriptedCustomer

from bot.intake.engine import Dialogue
from kesu.clock import FrozenClock
from kesu.settings import Settings


@pytest.fixture
def dialogue(settings: Settings, clock: FrozenClock) -> Dialogue:
    return Dialogue(settings, clock)


@pytest.fixture
def customer(dialogue: Dialogue, db: str) -> ScriptedCustomer:
    return ScriptedCustomer(dialogue, "1001")
