"""Kesu's complaint classifier and intake extractors: pure functions over data files.

Nothing here imports the rest of the project (no database, no Telegram, no web).
"""

from nlp.classify import Suggestion, classify, warm_up
from nlp.extract import Extracted, extract
from nlp.lexicon import CATEGORIES, Lexicon, LexiconError, load_lexicon

__all__ = [
    "CATEGORIES",
    "Extracted",
    "Lexicon",
    "LexiconError",
    "Suggestion",
    "classify",
    "extract",
    "load_lexicon",
    "warm_up",
]
