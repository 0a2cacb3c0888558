"""Text normalisation shared by the classifier and the extractors."""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from opencc import OpenCC

# Clause boundaries: negation and fear markers never reach across them.
CLAUSE_BREAK = re.compile(r"[，,。.!！?？;；:：、\n\r…~～]|但是|但|可是|不过|结果|然后")


@functools.cache
def _t2s() -> OpenCC:
    return OpenCC("t2s")


@functools.cache
def _traditional_chars() -> frozenset[str]:
    """Characters that t2s would change; texts without any of them skip the (slow) converter."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    chars: set[str] = set()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    for line in lines:
        source, _, targets = line.partition("\t")
        if source and targets.split(" ")[0] != source:
            chars.add(source)
    return frozenset(chars)


def to_simplified(text: str) -> str:
    """Convert Traditional Chinese to Simplified; a no-op (and fast) for Simplified input."""
    traditional = _traditional_chars()
    if traditional and not any(ch in traditional for ch in text):
        return text
    return _t2s().convert(text)


def normalise(text: str) -> str:
    """NFKC (full-width digits, letters and ￥ become ASCII), Simplified Chinese, lower case."""
    return to_simplified(unicodedata.normalize("NFKC", text)).lower()
