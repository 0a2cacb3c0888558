"""Find lexicon words in normalised text: longest match over jieba's dictionary for Chinese, word-bounded regex for English."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

import jieba

from nlp.lexicon import is_ascii_word

# A user word's frequency is boosted above the minimum that keeps it whole on its own, so that it also
# survives competition with overlapping dictionary words in context ("我没收到货": 没收到/货, not 没收/到货).
_USER_WORD_BOOST = 20
_HAS_LATIN = re.compile(r"[a-z]")


@dataclass(frozen=True, slots=True)
class Hit:
    word: str
    start: int
    end: int


@functools.cache
def base_tokenizer() -> jieba.Tokenizer:
    """The default jieba dictionary, loaded once per process (~0.7 s, see STACK-NOTES)."""
    jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" chatter is debug noise on stderr
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def _tokenizer_with(words: Iterable[str]) -> jieba.Tokenizer:
    # A private copy of the base prefix dictionary (~20 ms) keeps each lexicon's user words to itself.
    base = base_tokenizer()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ = dict(base.FREQ)
    tokenizer.total = base.total
    tokenizer.initialized = True
    for word in sorted(words):
        tokenizer.add_word(word, tokenizer.suggest_freq(word, False) * _USER_WORD_BOOST)
    return tokenizer


class Matcher:
    """Locates a fixed set of lexicon words in text that `nlp.text.normalise` has already prepared."""

    def __init__(self, words: Iterable[str]) -> None:
        words = set(words)
        chinese = {w for w in words if not is_ascii_word(w)}
        english = sorted((w for w in words if is_ascii_word(w)), key=len, reverse=True)
        self.words = frozenset(words)
        self._chinese = frozenset(chinese)
        self._first_chars = frozenset(w[0] for w in chinese)  # cheap pre-check for the repair below
        self.tokenizer = _tokenizer_with(chinese)
        self._english = _english_pattern(english)
        self._wildcards = tuple(w for w in english if w.endswith("*"))

    def tokens(self, text: str, *, hmm: bool = False) -> list[Hit]:
        return [Hit(w, s, e) for w, s, e in self.tokenizer.tokenize(text, HMM=hmm)]

    def find(self, text: str) -> list[Hit]:
        hits = [hit for hit in self._segments(text) if hit.word in self._chinese]
        if self._english is not None and _HAS_LATIN.search(text):
            hits.extend(self._english_hits(text))
            hits.sort(key=lambda h: h.start)
        return hits

    def _segments(self, text: str) -> list[Hit]:
        """Forward maximum matching over jieba's dictionary (with the lexicon's user words).

        jieba's own cut adds a probability route over the same word graph; that is 3-4x slower and
        buys nothing for spotting known keywords, which longest-match already keeps whole. One repair:
        a plain dictionary word must not swallow the start of a lexicon word ("说合|同" hides 合同), so
        when a lexicon word begins inside it and runs past its end, and no lexicon word follows it anyway
        ("没过|保质期" stays), the lexicon word wins.
        """
        hits = []
        chinese, first_chars = self._chinese, self._first_chars
        i, n = 0, len(text)
        while i < n:
            best = self._longest_at(text, i)
            if best - i > 1 and text[i:best] not in chinese:
                for k in range(i + 1, best):
                    if text[k] not in first_chars:
                        continue
                    end = self._longest_at(text, k)
                    if end > best and text[k:end] in chinese and not self._lexicon_word_at(text, best):
                        best = k
                        break
            hits.append(Hit(text[i:best], i, best))
            i = best
        return hits

    def _lexicon_word_at(self, text: str, i: int) -> bool:
        if i >= len(text) or text[i] not in self._first_chars:
            return False
        return text[i : self._longest_at(text, i)] in self._chinese

    def _longest_at(self, text: str, i: int) -> int:
        freq = self.tokenizer.FREQ
        n = len(text)
        best = i + 1
        j = i + 1
        fragment = text[i]
        # jieba's FREQ also holds every prefix of a word (frequency 0): stop when none continues.
        while fragment in freq:
            if freq[fragment]:
                best = j
            if j >= n:
                break
            j += 1
            fragment = text[i:j]
        return best

    def _english_hits(self, text: str) -> Iterable[Hit]:
        assert self._english is not None
        for match in self._english.finditer(text):
            found = " ".join(match.group(0).split())
            if found not in self.words:
                # A wildcard entry matched: report the entry ("burn*"), which is what the lexicon knows.
                found = next((w for w in self._wildcards if found.startswith(w[:-1])), found)
            yield Hit(found, match.start(), match.end())


def _english_pattern(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    parts = []
    for word in words:
        stem = word.rstrip("*")
        body = r"\s+".join(re.escape(part) for part in stem.split())
        parts.append(body + (r"[a-z']*" if word.endswith("*") else ""))
    return re.compile(r"(?<![a-z])(?:" + "|".join(parts) + r")(?![a-z])")
