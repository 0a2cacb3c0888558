"""Search index over tickets that works for Chinese: two-character words like 退款 included.

Chinese has no spaces, so each ticket's searchable text (number, name, phone, description) is turned
into space-separated terms: every pair of adjacent CJK characters (bigrams), a lone CJK character as
itself, and Latin/digit runs lowercased whole. A query is tokenised the same way and all its terms must
match. The terms live in `ticket_search`; the fast path is dialect specific and kept out of the ORM:
SQLite gets an FTS5 table fed by triggers, PostgreSQL a GIN index over to_tsvector('simple', terms).
`ensure_search_index()` creates them idempotently right after the migrations.
"""

from __future__ import annotations

import re

from tortoise import connections, fields
from tortoise.models import Model

from models.ticket import Ticket

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|[0-9a-zA-Z]+")
_IS_CJK = re.compile(rf"[{_CJK}]")
MAX_QUERY_TERMS = 12


class TicketSearch(Model):
    """Search terms of one ticket (bigrams of Chinese text, whole Latin and digit words)."""

    ticket: fields.OneToOneRelation[Ticket] = fields.OneToOneField(
        "models.Ticket", related_name="search", on_delete=fields.CASCADE, primary_key=True
    )
    terms = fields.TextField()

    class Meta:
        table = "ticket_search"


def tokens(text: str) -> list[str]:
    """Terms of a text in order (duplicates kept): bigrams for CJK runs, words for the rest."""
    out: list[str] = []
    for run in _TOKEN.findall(text):
        if _IS_CJK.match(run):
            if len(run) == 1:
                out.append(run)
            else:
                out.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            out.append(run.lower())
    return out


def phone_terms(phone: str) -> list[str]:
    """+8613812345678 is findable as 13812345678, 8613812345678 and by its last four digits."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if not digits:
        return []
    found = [digits, digits[-4:]]
    if digits.startswith("86") and len(digits) > 11:
        found.append(digits[2:])
    return found


def ticket_terms(number: str, name: str, phone: str, description: str) -> str:
    seen: dict[str, None] = {}
    for term in [*tokens(number), number.lower(), *tokens(name), *phone_terms(phone), *tokens(description)]:
        seen.setdefault(term, None)
    return " ".join(seen)


def query_terms(query: str) -> list[str]:
    """Distinct terms of a search box input; a lone CJK character becomes a prefix term."""
    seen: dict[str, None] = {}
    for term in tokens(query):
        seen.setdefault(term, None)
    return list(seen)[:MAX_QUERY_TERMS]


async def index_ticket(ticket: Ticket) -> None:
    terms = ticket_terms(ticket.number, ticket.customer_name, ticket.phone, ticket.description)
    await TicketSearch.update_or_create(defaults={"terms": terms}, ticket_id=ticket.id)


def fts_query(terms: list[str]) -> str:
    """SQLite FTS5 MATCH expression; terms contain only letters and digits, quoted anyway."""
    return " AND ".join(f'"{t}"*' if _is_single_cjk(t) else f'"{t}"' for t in terms)


def tsquery(terms: list[str]) -> str:
    """PostgreSQL to_tsquery('simple', …) text."""
    return " & ".join(f"{t}:*" if _is_single_cjk(t) else t for t in terms)


def _is_single_cjk(term: str) -> bool:
    return len(term) == 1 and bool(_IS_CJK.match(term))


_SQLITE_DDL = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS ticket_fts USING fts5("
    "terms, content='ticket_search', content_rowid='ticket_id', tokenize='unicode61', detail='none')",
    "CREATE TRIGGER IF NOT EXISTS ticket_search_ai AFTER INSERT ON ticket_search BEGIN "
    "INSERT INTO ticket_fts(rowid, terms) VALUES (new.ticket_id, new.terms); END",
    "CREATE TRIGGER IF NOT EXISTS ticket_search_ad AFTER DELETE ON ticket_search BEGIN "
    "INSERT INTO ticket_fts(ticket_fts, rowid, terms) VALUES ('delete', old.ticket_id, old.terms); END",
    "CREATE TRIGGER IF NOT EXISTS ticket_search_au AFTER UPDATE ON ticket_search BEGIN "
    "INSERT INTO ticket_fts(ticket_fts, rowid, terms) VALUES ('delete', old.ticket_id, old.terms); "
    "INSERT INTO ticket_fts(rowid, terms) VALUES (new.ticket_id, new.terms); END",
)
_PG_DDL = (
    "CREATE INDEX IF NOT EXISTS ticket_search_terms_gin ON ticket_search "
    "USING gin (to_tsvector('simple', terms))",
)


async def ensure_search_index(connection_name: str = "default") -> None:
    """Create the dialect's full-text structures if missing (idempotent; runs after migrations)."""
    conn = connections.get(connection_name)
    if conn.capabilities.dialect == "sqlite":
        exists = await conn.execute_query_dict(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='ticket_fts'"
        )
        for statement in _SQLITE_DDL:
            await conn.execute_script(statement)
        if not exists:
            await conn.execute_script("INSERT INTO ticket_fts(ticket_fts) VALUES ('rebuild')")
    elif conn.capabilities.dialect == "postgres":
        for statement in _PG_DDL:
            await conn.execute_script(statement)
