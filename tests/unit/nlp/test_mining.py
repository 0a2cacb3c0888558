from nlp.mining import KeywordCandidate, suggest_keywords

OVERRIDES = [
    ("榴莲不熟，榴莲肉是硬的", "other", "product_quality"),
    ("买的榴莲打开是生的", "other", "product_quality"),
    ("榴莲有股怪味", "other", "product_quality"),
    ("前台小姐冷冰冰", "other", "service_attitude"),
    ("快递送到了驿站", "delivery_logistics", "delivery_logistics"),
    ("榴莲送晚了", "delivery_logistics", "delivery_logistics"),
]


def test_words_frequent_in_overrides_to_a_category_are_suggested(lexicon):
    candidates = suggest_keywords(OVERRIDES, lexicon)
    assert candidates[0].word == "榴莲"
    assert candidates[0].category == "product_quality"
    assert candidates[0].count == 3
    assert candidates[0].other_count == 1
    assert candidates[0].score > 0


def test_words_already_in_the_lexicon_are_not_suggested(lexicon):
    words = {c.word for c in suggest_keywords(OVERRIDES, lexicon, min_count=1)}
    assert "怪味" not in words and "快递" not in words


def test_single_characters_digits_and_stopwords_are_not_suggested(lexicon):
    overrides = [("我们 2024 的 订单 我们", "other", "billing_price")] * 3
    assert all(len(c.word) >= 2 and not c.word.isdigit() for c in suggest_keywords(overrides, lexicon))
    assert "我们" not in {c.word for c in suggest_keywords(overrides, lexicon)}


def test_accepted_suggestions_are_not_foreground(lexicon):
    overrides = [("榴莲送晚了", "delivery_logistics", "delivery_logistics")] * 5
    assert suggest_keywords(overrides, lexicon) == []


def test_candidates_are_plain_values_and_limited(lexicon):
    candidates = suggest_keywords(OVERRIDES, lexicon, min_count=1, limit=2)
    assert len(candidates) <= 2
    assert all(isinstance(c, KeywordCandidate) for c in candidates)


def test_empty_input_gives_no_candidates(lexicon):
    assert suggest_keywords([], lexicon) == []
