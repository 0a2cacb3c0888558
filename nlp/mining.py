"""Mine staff overrides for keywords the lexicon is missing (feeds `kesu lexicon suggest`)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from nlp.lexicon import CATEGORIES, Lexicon
from nlp.text import normalise

# Function words that are frequent everywhere and never a useful keyword.
STOPWORDS = frozenset(
    [
        "我们",
        "你们",
        "他们",
        "她们",
        "它们",
        "自己",
        "什么",
        "怎么",
        "为什么",
        "这个",
        "那个",
        "这些",
        "那些",
        "这样",
        "那样",
        "一个",
        "一下",
        "一直",
        "已经",
        "还是",
        "还有",
        "就是",
        "但是",
        "可是",
        "因为",
        "所以",
        "然后",
        "而且",
        "如果",
        "虽然",
        "现在",
        "时候",
        "今天",
        "昨天",
        "可以",
        "没有",
        "不是",
        "知道",
        "觉得",
        "感觉",
        "真的",
        "非常",
        "特别",
        "还要",
        "的话",
        "之后",
        "之前",
        "以后",
        "以前",
        "后来",
        "当时",
        "这里",
        "那里",
        "问题",
        "情况",
        "事情",
        "东西",
        "一次",
        "多次",
        "一些",
        "一样",
        "所有",
        "或者",
        "以及",
        "并且",
        "其他",
        "希望",
        "要求",
        "请问",
        "谢谢",
        "您好",
        "你好",
        "麻烦",
        "请",
        "the",
        "and",
        "for",
        "with",
        "that",
        "this",
        "was",
        "were",
        "have",
        "has",
        "had",
        "not",
        "you",
        "your",
        "are",
    ]
)
_WORDLIKE = re.compile(r"^(?:[\u4e00-\u9fff]{2,}|[a-z][a-z'-]+)$")
_SMOOTHING = 1.0


@dataclass(frozen=True, slots=True)
class KeywordCandidate:
    word: str
    category: str
    count: int  # override texts moved TO `category` that contain the word
    other_count: int  # texts with another final category that contain it
    score: float


def suggest_keywords(
    overrides: Iterable[tuple[str, str, str]],
    lexicon: Lexicon,
    *,
    min_count: int = 2,
    limit: int = 50,
) -> list[KeywordCandidate]:
    """Words frequent in texts staff moved to a category, and rare elsewhere, that the lexicon lacks.

    Each override is (text, suggested_category, final_category). Texts moved to category C are the
    foreground for C; every text whose final category is not C is the background. The score is the
    smoothed log ratio of the two document frequencies, weighted by log(1 + count) so that a word seen
    in many overrides outranks a one-off.
    """
    documents: list[tuple[frozenset[str], str, bool]] = []
    for text, suggested, final in overrides:
        documents.append((_candidate_words(text, lexicon), final, suggested != final))
    candidates: list[KeywordCandidate] = []
    for category in CATEGORIES:
        moved = [words for words, final, overridden in documents if final == category and overridden]
        if not moved:
            continue
        elsewhere = [words for words, final, _ in documents if final != category]
        fg = Counter(word for words in moved for word in words)
        bg = Counter(word for words in elsewhere for word in words)
        for word, count in fg.items():
            if count < min_count:
                continue
            fg_rate = (count + _SMOOTHING) / (len(moved) + 2 * _SMOOTHING)
            bg_rate = (bg[word] + _SMOOTHING) / (len(elsewhere) + 2 * _SMOOTHING)
            ratio = math.log(fg_rate / bg_rate)
            if ratio <= 0:
                continue
            score = round(ratio * math.log1p(count), 4)
            candidates.append(KeywordCandidate(word, category, count, bg[word], score))
    candidates.sort(key=lambda c: (-c.score, c.category, c.word))
    return candidates[:limit]


def _candidate_words(text: str, lexicon: Lexicon) -> frozenset[str]:
    tokens = lexicon.matcher.tokens(normalise(text), hmm=True)
    return frozenset(
        t.word
        for t in tokens
        if _WORDLIKE.match(t.word) and t.word not in STOPWORDS and t.word not in lexicon
    )
