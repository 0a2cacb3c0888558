"""Admin additions to the lexicon change the desk's classifier; staff overrides feed keyword mining."""

from __future__ import annotations

from models.config import ClassifierOverride, LexiconEntry
from models.lexicon_store import DeskLexicon, desk_lexicon, override_examples
from nlp import classify
from nlp.mining import suggest_keywords

TEXT = "关于糖霜的问题"


async def test_admin_keyword_changes_the_suggestion(db, tmp_path):
    before = classify(TEXT, lexicon=await desk_lexicon(tmp_path))
    assert before.category != "product_quality"
    await LexiconEntry.create(label="product_quality", word="糖霜", weight=9)
    after = classify(TEXT, lexicon=await desk_lexicon(tmp_path))
    assert after.category == "product_quality"
    assert ("product_quality", "糖霜") in after.keywords


async def test_staff_overrides_become_keyword_candidates(db, clock, tmp_path):
    for i in range(3):
        await ClassifierOverride.create(
            text=f"门店试衣间的镜子碎了{i}",
            suggested_category="other",
            suggested_severity="C",
            final_category="facilities",
            final_severity="C",
            created_at=clock.now(),
        )
    examples = await override_examples()
    candidates = suggest_keywords(examples, await desk_lexicon(tmp_path), min_count=2)
    assert any(c.category == "facilities" and c.word == "镜子" for c in candidates)


async def test_desk_lexicon_picks_up_an_admin_edit_after_its_ttl(db, tmp_path):
    cache = DeskLexicon(tmp_path, ttl=30)
    first = await cache.get(1000.0)
    await LexiconEntry.create(label="product_quality", word="糖霜", weight=9)
    assert await cache.get(1010.0) is first  # within the TTL: no query, same lexicon
    refreshed = await cache.get(1031.0)
    assert classify(TEXT, lexicon=refreshed).category == "product_quality"
