"""The token-lookup English matcher finds what a whole-word regex over the same entries finds."""

import json
import re
from pathlib import Path

import pytest

from nlp.lexicon import is_ascii_word
from nlp.matching import Matcher
from nlp.text import normalise

DEV = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "dev" / "en_severity_dev.jsonl"
HANDWRITTEN = sorted((Path(__file__).parent / "data").glob("handwritten_*.jsonl"))
SAMPLES = [
    "Late delivery, the parcel never arrived",
    "the engine misfires at idle; the misfire light is on",
    "He was injured, injuries to both legs; the injury's cost",
    "It doesn't work and it does not work either",
    "The wi-fi and the self-checkout were down, a real rip-off",
    "debt collectors kept calling; a debt collector's threats",
    "auto-renewal charged me, the subscription auto-renewed",
    "My parcel's box was crushed",
]


def regex_reference(words: list[str]) -> re.Pattern[str]:
    """What the matcher used to compile (one alternation, longest entries first), with the token matcher's
    notion of a word: letters and digits together ("ems1120845567cn" is a tracking number, not "ems")."""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        stem = word.rstrip("*")
        body = r"\s+".join(re.escape(part) for part in stem.split())
        parts.append(body + (r"[a-z']*" if word.endswith("*") else ""))
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(parts) + r")(?![a-z0-9])")


def english_texts() -> list[str]:
    texts = list(SAMPLES)
    for path in [*HANDWRITTEN, DEV]:
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                texts.append(json.loads(line)["text"])
    return [normalise(t) for t in texts if re.search(r"[a-zA-Z]{3}", t)]


@pytest.fixture(scope="module")
def matcher(lexicon) -> Matcher:
    return lexicon.matcher


def test_token_lookup_finds_the_same_spans_as_the_regex(matcher):
    words = [w for w in matcher.words if is_ascii_word(w)]
    reference = regex_reference(words)
    differing = []
    for text in english_texts():
        # Starts, not spans: the token matcher's span takes in a possessive ("parcel's").
        ours = {h.start for h in matcher.find(text) if is_ascii_word(h.word)}
        expected = {m.start() for m in reference.finditer(text)}
        if ours != expected:
            differing.append((text[:80], sorted(ours ^ expected)))
    assert not differing, differing[:5]


def test_wildcards_report_the_entry_and_whole_words_only(matcher):
    hits = {h.word for h in matcher.find("he was injured, then the misfire")}
    assert "injur*" in hits
    assert not any(h.startswith("fire") for h in hits)
