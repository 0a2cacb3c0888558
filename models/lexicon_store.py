"""The desk's classifier lexicon: the shipped data files plus what admins added in the back office.

Admin additions (LexiconEntry rows) are written over a copy of the shipped files into a folder named by
their content hash, so every instance loads the same lexicon and picks up changes on the next call.
"""

from __future__ import annotations

import hashlib
import shutil
from functools import cache
from pathlib import Path

from models.config import ClassifierOverride, LexiconEntry
from nlp import CATEGORIES, Lexicon, load_lexicon
from nlp.lexicon import DEFAULT_DIR


async def desk_lexicon(cache_dir: Path) -> Lexicon:
    entries = (
        await LexiconEntry.filter(label__in=list(CATEGORIES))
        .order_by("id")
        .values_list("label", "word", "weight")
    )
    if not entries:
        return load_lexicon()
    digest = hashlib.sha256(repr(entries).encode()).hexdigest()[:16]
    return _materialise(cache_dir / f"lexicon-{digest}", tuple(entries))


@cache
def _materialise(folder: Path, entries: tuple[tuple[str, str, float], ...]) -> Lexicon:
    if not folder.exists():
        staging = folder.with_suffix(".tmp")
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(DEFAULT_DIR, staging, ignore=shutil.ignore_patterns("*.py", "__pycache__", "*.md"))
        by_label: dict[str, list[str]] = {}
        for label, word, weight in entries:
            by_label.setdefault(label, []).append(f"{word} {weight:g}")
        for label, lines in by_label.items():
            with (staging / f"{label}.txt").open("a", encoding="utf-8") as file:
                file.write("\n# added by admins in the back office\n" + "\n".join(lines) + "\n")
        staging.rename(folder)
    return load_lexicon(folder)


async def override_examples() -> list[tuple[str, str, str]]:
    """Staff corrections as (text, suggested category, final category) for keyword mining."""
    rows = await ClassifierOverride.all().values_list("text", "suggested_category", "final_category")
    return [(text, suggested or "other", final) for text, suggested, final in rows]


class DeskLexicon:
    """The desk lexicon for one process, re-read at most every `ttl` seconds.

    Classifying is on the hot path of the dialogue; admin edits are rare. A short TTL lets every
    instance pick up an edit within seconds without a query per message.
    """

    def __init__(self, cache_dir: Path, *, ttl: float = 30.0) -> None:
        self._cache_dir = cache_dir
        self._ttl = ttl
        self._lexicon: Lexicon | None = None
        self._loaded_at = 0.0

    async def get(self, now: float) -> Lexicon:
        """`now` is a monotonic reading (seconds) from the caller's clock."""
        if self._lexicon is None or now - self._loaded_at >= self._ttl:
            self._lexicon = await desk_lexicon(self._cache_dir)
            self._loaded_at = now
        return self._lexicon
