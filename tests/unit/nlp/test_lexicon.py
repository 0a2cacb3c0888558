import pytest

from nlp import CATEGORIES, LexiconError, classify, load_lexicon
from nlp.lexicon import parse_lines


def test_default_lexicon_has_every_category_and_the_severity_lists(lexicon):
    assert set(lexicon.categories) == set(CATEGORIES)
    assert all(lexicon.categories[c] for c in CATEGORIES if c != "other")
    for section in ("harm", "hazard", "food_contaminant", "negation", "fear", "escalation", "minor"):
        assert lexicon.section(section), section


def test_default_lexicon_is_loaded_once():
    assert load_lexicon() is load_lexicon()


def test_lexicon_loads_from_a_custom_directory(tmp_path):
    (tmp_path / "facilities.txt").write_text("# our shop\n旋转门 3\n", encoding="utf-8")
    custom = load_lexicon(tmp_path)
    assert custom.categories["facilities"] == {"旋转门": 3.0}
    # Files the admin did not provide fall back to the package default.
    assert custom.categories["delivery_logistics"] == load_lexicon().categories["delivery_logistics"]
    assert classify("旋转门卡住了", lexicon=custom).category == "facilities"


def test_custom_words_stay_in_their_own_lexicon(tmp_path):
    (tmp_path / "product_quality.txt").write_text("榴莲不熟 3\n", encoding="utf-8")
    custom = load_lexicon(tmp_path)
    assert classify("买的榴莲不熟", lexicon=custom).category == "product_quality"
    assert "榴莲不熟" not in load_lexicon()


def test_missing_directory_is_an_error(tmp_path):
    with pytest.raises(LexiconError):
        load_lexicon(tmp_path / "nowhere")


def test_format_allows_phrases_sections_comments_and_default_weight():
    parsed = parse_lines(["late delivery 2.5", "快递  # courier", "", "[harm]", "injur*"], "test")
    assert parsed[""] == {"late delivery": 2.5, "快递": 1.0}
    assert parsed["harm"] == {"injur*": 1.0}


def test_non_positive_weight_is_rejected_with_file_and_line():
    with pytest.raises(LexiconError, match="test:2"):
        parse_lines(["快递 2", "物流 0"], "test")
