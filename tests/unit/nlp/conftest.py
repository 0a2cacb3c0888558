import pytest

from nlp import Lexicon, classify, warm_up


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    """One warmed-up default lexicon (jieba dictionary + user words) for the whole session."""
    return warm_up()


@pytest.fixture(scope="session")
def suggest(lexicon):
    return lambda text, **kw: classify(text, lexicon=lexicon, **kw)
