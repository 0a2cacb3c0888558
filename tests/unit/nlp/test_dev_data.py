"""Quality floors on the development data (read from ../shared/data/dev, never copied; skipped when absent)."""

import json
from pathlib import Path

import pytest

DEV = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "dev"
pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason="development data not available")


def _rows(name: str) -> list[dict]:
    with (DEV / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_urgent_vehicle_complaints_are_found_as_severity_a(suggest):
    rows = _rows("en_severity_dev.jsonl")
    predicted = [suggest(r["text"]).severity == "A" for r in rows]
    urgent = [r["gold_severity"] == "urgent" for r in rows]
    hits = sum(p and u for p, u in zip(predicted, urgent, strict=True))
    assert hits / sum(urgent) >= 0.85
    assert hits / sum(predicted) >= 0.5


def test_category_accuracy_does_not_regress(suggest):
    rows = _rows("zh_category_dev.jsonl")
    correct = sum(suggest(r["text"]).category in r["gold_acceptable"] for r in rows)
    assert correct / len(rows) >= 0.68
