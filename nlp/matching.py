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
        self._english = _EnglishIndex(english) if english else None

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
        ("没过|保质期" stays), the lexicon word wins, unless the text reads on as a longer plain word
        beyond the lexicon word ("严重|影响" is not 严|重影|响, "见过|保险" is not 见|过保|险).
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
                    if (
                        end > best
                        and text[k:end] in chinese
                        and not self._lexicon_word_at(text, best)
                        and self._longest_at(text, best) <= end  # 严重|影响 reads on: no 重影
                    ):
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
        return self._english.hits(text)


# English words are looked up token by token: one regex alternation over ~700 entries cost ~0.3 ms a text.
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")


class _EnglishIndex:
    """Whole-word English entries: exact phrases ("late delivery", "wi-fi") and wildcards ("injur*").

    Tokens are runs of letters and digits (apostrophes inside: doesn't); a phrase's words are separated by
    whitespace or, when the entry has one, a hyphen. The longest phrase starting at a token wins, an exact
    entry before a wildcard of the same length, and matching resumes after it.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.exact: frozenset[str] = frozenset(w for w in words if not w.endswith("*"))
        wild: dict[str, list[tuple[str, str]]] = {}
        for word in words:
            if word.endswith("*"):
                stem = word[:-1]
                cut = max(stem.rfind(" "), stem.rfind("-")) + 1
                wild.setdefault(stem[:cut], []).append((stem[cut:], word))
        self.wild = wild
        self.longest = max(len(re.split(r"[ -]", w)) for w in words)

    def hits(self, text: str) -> Iterable[Hit]:
        tokens = list(_TOKEN.finditer(text))
        i, n = 0, len(tokens)
        while i < n:
            found = None
            key = ""
            for j in range(i, min(n, i + self.longest)):
                if j > i:
                    gap = text[tokens[j - 1].end() : tokens[j].start()]
                    if gap == "-":
                        key += "-"
                    elif gap and gap.isspace():
                        key += " "
                    else:
                        break
                token = tokens[j].group(0)
                entry = self._entry(key, token)
                if entry is None and "'" in token:  # parcel's, it's: the word before the apostrophe
                    entry = self._entry(key, token.split("'")[0])
                if entry is not None:
                    found = (entry, j)
                key += token
            if found is None:
                i += 1
                continue
            entry, j = found
            yield Hit(entry, tokens[i].start(), tokens[j].end())
            i = j + 1

    def _entry(self, key: str, token: str) -> str | None:
        return key + token if key + token in self.exact else self._wildcard(key, token)

    def _wildcard(self, prefix: str, token: str) -> str | None:
        for stem, entry in self.wild.get(prefix, ()):
            if token.startswith(stem):
                return entry
        return None
