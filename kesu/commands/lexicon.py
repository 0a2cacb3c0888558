from __future__ import annotations

import argparse

from kesu import db
from kesu.cli import CommandError
from kesu.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lexicon", help="classifier lexicon: mine suggestions from staff overrides, add words")
    lex = p.add_subparsers(dest="lexicon_command", required=True)
    suggest = lex.add_parser("suggest", help="list candidate keywords mined from staff overrides")
    suggest.add_argument("--limit", type=int, default=30)
    suggest.add_argument("--min-count", type=int, default=2)
    suggest.set_defaults(handler=suggest_words)
    add = lex.add_parser("add", help="add (or re-weight) a keyword for a category")
    add.add_argument("category")
    add.add_argument("word")
    add.add_argument("--weight", type=float, default=2.0)
    add.set_defaults(handler=add_word)


async def suggest_words(settings: Settings, args: argparse.Namespace) -> int:
    from models.lexicon_store import desk_lexicon, override_examples
    from nlp.mining import suggest_keywords

    async with db.database(settings.database_url):
        examples = await override_examples()
        lexicon = await desk_lexicon(settings.data_dir / "cache")
    candidates = suggest_keywords(examples, lexicon, min_count=args.min_count, limit=args.limit)
    if not candidates:
        print(f"no candidates yet ({len(examples)} staff overrides recorded)")
        return 0
    print(f"{'category':<20} {'word':<16} {'moved':>5} {'elsewhere':>9} {'score':>7}")
    for c in candidates:
        print(f"{c.category:<20} {c.word:<16} {c.count:>5} {c.other_count:>9} {c.score:>7.2f}")
    print("\naccept one with: kesu lexicon add CATEGORY WORD [--weight 2]")
    return 0


async def add_word(settings: Settings, args: argparse.Namespace) -> int:
    from models.config import LexiconEntry
    from nlp import CATEGORIES

    if args.category not in CATEGORIES:
        raise CommandError(f"unknown category {args.category!r}; one of {', '.join(CATEGORIES)}")
    if args.weight <= 0 or not args.word.strip():
        raise CommandError("the word must be non-empty and the weight positive")
    async with db.database(settings.database_url):
        await LexiconEntry.update_or_create(
            label=args.category, word=args.word.strip().lower(), defaults={"weight": args.weight}
        )
    print(f"added {args.word} → {args.category} (weight {args.weight:g})")
    return 0
