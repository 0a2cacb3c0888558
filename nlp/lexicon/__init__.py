"""The keyword lexicon: plain data files an admin can edit (format in README.md)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

CATEGORIES: tuple[str, ...] = (
    "product_quality",
    "service_attitude",
    "delivery_logistics",
    "billing_price",
    "promotion",
    "after_sales_repair",
    "facilities",
    "other",
)
SEVERITY_FILE = "severity.txt"
DEFAULT_DIR = Path(__file__).parent
_ASCII_WORD = re.compile(r"[a-z]")


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class Lexicon:
    """Weighted category keywords plus the named word lists used by the severity rules."""

    categories: Mapping[str, Mapping[str, float]]
    severity: Mapping[str, frozenset[str]]
    source: str = "default"
    _by_word: Mapping[str, tuple[tuple[str, float], ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_word: dict[str, list[tuple[str, float]]] = {}
        for category, words in self.categories.items():
            for word, weight in words.items():
                by_word.setdefault(word, []).append((category, weight))
        object.__setattr__(self, "_by_word", MappingProxyType({w: tuple(v) for w, v in by_word.items()}))

    def category_weights(self, word: str) -> tuple[tuple[str, float], ...]:
        return self._by_word.get(word, ())

    def words(self) -> frozenset[str]:
        """Every keyword, category and severity alike (the tokenizer's user dictionary)."""
        severity_words = (w for section in self.severity.values() for w in section)
        return frozenset(self._by_word) | frozenset(severity_words)

    def section(self, name: str) -> frozenset[str]:
        return self.severity.get(name, frozenset())

    def __contains__(self, word: object) -> bool:
        return word in self._by_word or any(word in s for s in self.severity.values())

    @functools.cached_property
    def matcher(self):  # -> nlp.matching.Matcher (imported lazily: it pulls in jieba)
        from nlp.matching import Matcher

        return Matcher(self.words())


def parse_lines(lines: Iterable[str], origin: str) -> dict[str, dict[str, float]]:
    """Parse `word [weight]` lines grouped under optional `[section]` headers ('' before any header)."""
    sections: dict[str, dict[str, float]] = {"": {}}
    current = ""
    for number, raw in enumerate(lines, start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            sections.setdefault(current, {})
            continue
        # Words may contain spaces ("late delivery"), so the weight is the last field only if numeric.
        head, _, tail = line.rpartition(" ")
        try:
            word, weight = (head.strip(), float(tail)) if head else (line, 1.0)
        except ValueError:
            word, weight = line, 1.0
        word = " ".join(word.lower().split())
        if not word:
            raise LexiconError(f"{origin}:{number}: empty word")
        if weight <= 0:
            raise LexiconError(f"{origin}:{number}: weight must be positive, got {weight}")
        sections[current][word] = weight
    return sections


def _read(path: Path) -> dict[str, dict[str, float]]:
    return parse_lines(path.read_text(encoding="utf-8").splitlines(), str(path))


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Load the lexicon from `path` (a directory of `<category>.txt` + `severity.txt`) or the package default.

    A custom directory may omit files: missing ones fall back to the package default, so an admin can
    override just the categories they care about.
    """
    if path is None:
        return _default_lexicon()
    directory = Path(path)
    if not directory.is_dir():
        raise LexiconError(f"{directory} is not a directory")
    return _load(directory, fallback=DEFAULT_DIR)


@functools.cache
def _default_lexicon() -> Lexicon:
    return _load(DEFAULT_DIR, fallback=None)


def _load(directory: Path, fallback: Path | None) -> Lexicon:
    def pick(name: str) -> Path:
        own = directory / name
        if own.is_file() or fallback is None:
            return own
        return fallback / name

    categories = {}
    for category in CATEGORIES:
        file = pick(f"{category}.txt")
        categories[category] = MappingProxyType(_read(file)[""]) if file.is_file() else MappingProxyType({})
    severity = {
        name: frozenset(words) for name, words in _read(pick(SEVERITY_FILE)).items() if name and words
    }
    return Lexicon(
        categories=MappingProxyType(categories),
        severity=MappingProxyType(severity),
        source=str(directory),
    )


def is_ascii_word(word: str) -> bool:
    return bool(_ASCII_WORD.search(word))
